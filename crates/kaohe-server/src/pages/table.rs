//! The table as the official four-column table, with a badge on every target.

use askama::Template;
use axum::extract::Query;
use kaohe_core::check::TaskReport;
use kaohe_core::quantity::Comparator;
use kaohe_store::{Id, TableRecord, TableStatus, Task};

use super::render::{cell_html, item_starts, place, Mark};
use super::{html, when, FlashQuery, Nav, PageError, PageUser, St};
use crate::auth::{check_table, Action};
use crate::state::AppState;

use super::format::*;
use super::PageResult;

/// The table as its page shows it.
pub struct TableHead {
    pub id: Id,
    pub cycle_id: Id,
    pub title: String,
    pub organization: String,
    pub cycle: String,
    pub status: &'static str,
    pub status_cn: &'static str,
    pub version: i64,
    pub met: i64,
    pub not_met: i64,
    pub unverified: i64,
    pub qualitative: i64,
    pub flagged: i64,
    pub return_reason: Option<String>,
}

/// One target under its task.
pub struct TargetView {
    pub id: Id,
    pub version: i64,
    /// The stored spelling, which is also the badge's CSS class.
    pub verdict: &'static str,
    pub verdict_cn: &'static str,
    pub text: String,
    pub reason: String,
    pub line: String,
    pub actual: String,
    pub mark_id: String,
    pub corrected: bool,
    pub comparator: &'static str,
    pub value: String,
    pub unit: String,
    pub period: &'static str,
}

/// One row of the official table.
pub struct RowView {
    pub id: Id,
    pub version: i64,
    pub dim_rowspan: usize,
    pub dimension: String,
    pub content_html: String,
    pub status_html: String,
    pub problems: String,
    pub flagged: bool,
    pub targets: Vec<TargetView>,
    pub evidence: Vec<(Id, String)>,
    pub self_score: String,
    pub review_score: String,
    pub review_score_input: String,
    pub review_comment: String,
    pub suggestion: String,
}

#[derive(Template)]
#[template(path = "table.html")]
pub(super) struct TablePage {
    nav: Nav,
    t: TableHead,
    rows: Vec<RowView>,
    can_edit: bool,
    can_review: bool,
    show_scores: bool,
    reviews: Vec<String>,
}

pub(super) fn head(t: &TableRecord) -> TableHead {
    TableHead {
        id: t.id,
        cycle_id: t.cycle_id,
        title: t.title.clone(),
        organization: t.organization.clone(),
        cycle: t.cycle.clone(),
        status: t.status.as_str(),
        status_cn: status_cn(t.status),
        version: t.version,
        met: t.counts.met,
        not_met: t.counts.not_met,
        unverified: t.counts.unverified,
        qualitative: t.counts.qualitative,
        flagged: t.counts.flagged,
        return_reason: t.return_reason.clone(),
    }
}

pub(super) async fn allowed(
    state: &AppState,
    user: &kaohe_store::User,
    t: &TableRecord,
    action: Action,
) -> bool {
    check_table(state, user, t, action).await.is_ok()
}

pub(super) fn targets_of(
    task: &Task,
    rows: &[kaohe_store::Target],
    report: Option<&TaskReport>,
) -> Vec<TargetView> {
    let reports = report.map_or(&[][..], |r| &r.targets[..]);
    rows.iter()
        .filter(|g| g.task_id == task.id)
        .map(|g| {
            let actual = reports
                .get(g.position as usize)
                .and_then(|r| r.actual.as_ref())
                .map(|a| a.text.clone())
                .unwrap_or_default();
            TargetView {
                id: g.id,
                version: g.version,
                verdict: g.verdict.as_str(),
                verdict_cn: g.verdict.chinese(),
                text: g.text.clone(),
                reason: g.reason.clone(),
                line: g.line.map(|l| format!("原文第 {l} 行")).unwrap_or_default(),
                actual,
                mark_id: String::new(),
                corrected: g.corrected,
                comparator: g.comparator.map_or("", Comparator::symbol),
                value: g.value.clone().unwrap_or_default(),
                unit: g.unit.clone(),
                period: g.period.as_str(),
            }
        })
        .collect()
}

/// The official table's rows, with marks tying targets to achievements.
pub(super) fn rows_of(
    tasks: &[Task],
    targets: &[kaohe_store::Target],
    evidence: &[kaohe_store::Evidence],
) -> Vec<RowView> {
    let mut rows: Vec<RowView> = Vec::with_capacity(tasks.len());
    for task in tasks {
        let report = task.report();
        let mut views = targets_of(task, targets, report.as_ref());
        let mut marks: Vec<Mark> = Vec::new();
        let reports = report.as_ref().map_or(&[][..], |r| &r.targets[..]);
        for (i, v) in views.iter_mut().enumerate() {
            let Some(actual) = reports.get(i).and_then(|r| r.actual.as_ref()) else {
                continue;
            };
            let clause = actual.text.as_str();
            let span = actual.span.as_deref();
            let id = format!("a-{}-{i}", task.id);
            match place(&task.status, clause, span, &marks) {
                Some((start, end)) => {
                    marks.push(Mark {
                        start,
                        end,
                        class: v.verdict.to_string(),
                        id: id.clone(),
                        title: v.reason.clone(),
                    });
                    v.mark_id = id;
                }
                None => {
                    // Shares a clause with an earlier target.
                    if let Some(m) = marks.iter().find(|m| {
                        task.status[m.start..m.end].contains(clause)
                            || clause.contains(&task.status[m.start..m.end])
                    }) {
                        v.mark_id = m.id.clone();
                    }
                }
            }
        }
        let (items, status_items) = report
            .as_ref()
            .map(|r| (&r.items[..], &r.status_items[..]))
            .unwrap_or_default();
        let content_breaks = item_starts(&task.content, items);
        let status_breaks = item_starts(&task.status, status_items);
        let suggestion = crate::service::tasks::suggestion(task);
        let suggestion = match suggestion.share {
            Some(s) => format!("得分率 {:.0}%（{}）", s * 100.0, suggestion.rule),
            None => suggestion.rule.to_string(),
        };
        let same_dimension = rows
            .iter()
            .rposition(|r| r.dim_rowspan > 0)
            .filter(|&i| rows[i].dimension == task.dimension);
        let dim_rowspan = match same_dimension {
            Some(i) => {
                rows[i].dim_rowspan += 1;
                0
            }
            None => 1,
        };
        rows.push(RowView {
            id: task.id,
            version: task.version,
            dim_rowspan,
            dimension: task.dimension.clone(),
            content_html: cell_html(&task.content, &content_breaks, &[]),
            status_html: cell_html(&task.status, &status_breaks, &marks),
            problems: task.problems.clone(),
            flagged: task.flagged,
            targets: views,
            evidence: evidence
                .iter()
                .filter(|e| e.task_id == Some(task.id))
                .map(|e| (e.id, e.filename.clone()))
                .collect(),
            self_score: fmt_score(task.self_score),
            review_score: fmt_score(task.review_score),
            review_score_input: task
                .review_score
                .map(kaohe_core::verify::fmt_num)
                .unwrap_or_default(),
            review_comment: task.review_comment.clone().unwrap_or_default(),
            suggestion,
        });
    }
    rows
}

/// One indicator of a table of another family, as its page shows it.
pub struct IndicatorView {
    pub index: usize,
    /// The levels: 一级指标 and 二级指标, each shown on the first row of its
    /// run (`rowspan`), 0 on the rows it spans.
    pub level1: String,
    pub level1_rowspan: usize,
    pub level2: String,
    pub level2_rowspan: usize,
    /// All levels, for a progress table's row.
    pub group: String,
    pub indicator: String,
    pub target_text: String,
    pub actual_text: String,
    pub full: String,
    pub own: String,
    pub rule: String,
    /// The verdict's spelling, also the badge's CSS class.
    pub verdict: &'static str,
    pub verdict_cn: &'static str,
    pub reason: String,
    pub flags: Vec<&'static str>,
    pub flagged: bool,
    pub note: String,
    pub ratio: String,
    pub expected: String,
    /// `green`, `yellow`, `red` (the lamp's CSS class), or empty.
    pub light: &'static str,
    /// 绿灯 / 黄灯 / 红灯: the lamp never speaks by colour alone.
    pub light_cn: &'static str,
    pub line: String,
}

/// The funds block of a 绩效自评表.
pub struct FundsView {
    pub unit: String,
    pub budget: String,
    pub executed: String,
    pub rate: String,
    pub full: String,
    pub own: String,
    pub rule: String,
    pub flags: Vec<&'static str>,
}

/// The totals row both ways.
#[derive(Default)]
pub struct TotalsView {
    pub full: String,
    pub own: String,
    pub rule: String,
    pub self_grade: &'static str,
    pub grade: &'static str,
}

#[derive(Template)]
#[template(path = "family_table.html")]
pub(super) struct FamilyTablePage {
    nav: Nav,
    t: TableHead,
    /// `performance`, `progress` or `report`.
    family: &'static str,
    /// 绩效自评表, 进展情况表（1-8月）, 文字报告.
    heading: String,
    funds: Option<FundsView>,
    rows: Vec<IndicatorView>,
    totals: TotalsView,
    quality: Vec<String>,
    can_edit: bool,
    can_review: bool,
    reviews: Vec<String>,
}

fn score(x: Option<f64>) -> String {
    x.map(kaohe_export::family::number)
        .unwrap_or_else(|| "—".into())
}

/// The rows of a family report, levels merged by runs.
pub(super) fn indicator_rows(report: &kaohe_store::FamilyReport) -> Vec<IndicatorView> {
    let mut rows: Vec<IndicatorView> = Vec::with_capacity(report.indicators.len());
    for i in &report.indicators {
        let level = |k: usize| i.group.get(k).cloned().unwrap_or_default();
        let (level1, level2) = (level(0), level(1));
        let mut view = IndicatorView {
            index: i.index,
            level1_rowspan: 1,
            level2_rowspan: 1,
            group: i.group.join(" / "),
            indicator: i.indicator.clone(),
            target_text: i.target_text.clone(),
            actual_text: i.actual_text.clone(),
            full: score(i.full_score),
            own: score(i.self_score),
            rule: score(i.suggested_score),
            verdict: i.verdict.as_str(),
            verdict_cn: i.verdict.chinese(),
            reason: i.reason.clone(),
            flags: i.flags.iter().map(|f| f.chinese()).collect(),
            flagged: i
                .flags
                .contains(&kaohe_core::verify::Flag::SelfScoreAboveRule),
            note: i.note.clone(),
            ratio: kaohe_export::family::percent(i.ratio),
            expected: kaohe_export::family::percent(i.expected_ratio),
            light: i.light.map_or("", |l| l.as_str()),
            light_cn: i.light.map_or("", |l| l.chinese()),
            line: i.line.map(|l| format!("原文第 {l} 行")).unwrap_or_default(),
            level1: level1.clone(),
            level2: level2.clone(),
        };
        // A level joins the run above when its own and its parents' names
        // are the same.
        if let Some(k) = rows.iter().rposition(|r| r.level1_rowspan > 0) {
            if rows[k].level1 == level1 {
                rows[k].level1_rowspan += 1;
                view.level1_rowspan = 0;
                if let Some(j) = rows.iter().rposition(|r| r.level2_rowspan > 0) {
                    if j >= k && rows[j].level2 == level2 {
                        rows[j].level2_rowspan += 1;
                        view.level2_rowspan = 0;
                    }
                }
            }
        }
        rows.push(view);
    }
    rows
}

/// The page of a table of another family than the self-check table.
async fn family_page(
    state: &AppState,
    page: &PageUser,
    t: &TableRecord,
    report: kaohe_store::FamilyReport,
    flash: super::Flash,
) -> PageResult {
    let reviews = state.store.list_reviews(t.id).await?;
    let can_edit = allowed(state, &page.user, t, Action::Edit).await;
    let can_review = allowed(state, &page.user, t, Action::Review).await;
    let full_total = {
        let all: Vec<f64> = report
            .funds
            .iter()
            .filter_map(|f| f.full_score)
            .chain(report.indicators.iter().filter_map(|i| i.full_score))
            .collect();
        (!all.is_empty()).then(|| all.iter().sum())
    };
    let s = &report.summary;
    Ok(html(&FamilyTablePage {
        nav: page.nav(flash),
        t: head(t),
        family: report.family.as_str(),
        heading: match report.period {
            Some(p) => format!("{}（{}）", report.family.chinese(), p.text()),
            None => report.family.chinese().to_string(),
        },
        funds: report.funds.as_ref().map(|f| FundsView {
            unit: f.unit.clone(),
            budget: score(f.budget),
            executed: score(f.executed),
            rate: f
                .rate
                .map(|r| format!("{}%", kaohe_export::family::number(r)))
                .unwrap_or_else(|| "—".into()),
            full: score(f.full_score),
            own: score(f.self_score),
            rule: score(f.suggested_score),
            flags: f.flags.iter().map(|g| g.chinese()).collect(),
        }),
        rows: indicator_rows(&report),
        totals: TotalsView {
            full: score(full_total),
            own: score(s.self_score_total),
            rule: score(s.suggested_score_total),
            self_grade: s.self_grade.map_or("", |g| g.chinese()),
            grade: s.grade.map_or("", |g| g.chinese()),
        },
        quality: report
            .target_quality
            .iter()
            .map(|q| {
                let line = q
                    .line
                    .map(|l| format!("（原文第 {l} 行）"))
                    .unwrap_or_default();
                format!("第 {} 项 {}：{}{line}", q.index, q.indicator, q.message)
            })
            .collect(),
        can_edit,
        can_review,
        reviews: reviews.iter().map(review_line).collect(),
    }))
}

fn review_line(r: &kaohe_store::ReviewEvent) -> String {
    let action = match r.action.as_str() {
        "submit" => "提交",
        "return" => "退回",
        "approve" => "审定",
        other => other,
    };
    let reason = if r.reason.is_empty() {
        String::new()
    } else {
        format!("：{}", r.reason)
    };
    format!("{} {} {}{}", when(r.at), r.username, action, reason)
}

pub async fn table(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(flash): FlashQuery,
) -> PageResult {
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let t = state.store.get_table(id).await?;
    check_table(&state, &page.user, &t, Action::Read).await?;
    if let Some(report) = t.family_report() {
        return family_page(&state, &page, &t, report, flash).await;
    }
    let (tasks, targets, evidence, reviews) = tokio::try_join!(
        state.store.list_tasks(id),
        state.store.list_targets(id),
        state.store.list_evidence(id),
        state.store.list_reviews(id),
    )?;
    let can_edit = allowed(&state, &page.user, &t, Action::Edit).await;
    let can_review = allowed(&state, &page.user, &t, Action::Review).await;
    Ok(html(&TablePage {
        nav: page.nav(flash),
        rows: rows_of(&tasks, &targets, &evidence),
        show_scores: can_review
            || t.status != TableStatus::Draft
            || tasks.iter().any(|k| k.self_score.is_some()),
        can_edit,
        can_review,
        reviews: reviews.iter().map(review_line).collect(),
        t: head(&t),
    }))
}
