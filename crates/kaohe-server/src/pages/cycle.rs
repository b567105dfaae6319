//! The cycle overview: the ranking and the charts.

use super::{charts, html, FlashQuery, Nav, PageError, PageUser, St};
use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use kaohe_store::{Id, Role, TableFilter, TableRecord, TableStatus};

use super::format::*;
use super::PageResult;

/// One organization in the overview.
pub struct OverviewRow {
    pub rank: usize,
    pub id: Id,
    pub organization: String,
    /// The family's name for a table of another family (绩效自评表 …),
    /// empty for a self-check table.
    pub family_cn: &'static str,
    pub status: &'static str,
    pub status_cn: &'static str,
    pub tasks: i64,
    pub met: i64,
    pub not_met: i64,
    pub unverified: i64,
    pub qualitative: i64,
    pub rate: String,
    pub self_score: String,
    pub review_score: String,
}

#[derive(Template)]
#[template(path = "cycle.html")]
pub(super) struct CyclePage {
    nav: Nav,
    name: String,
    year: i64,
    deadline: String,
    rows: Vec<OverviewRow>,
    chart_dimensions: String,
    chart_verdicts: String,
    chart_ranking: String,
}

pub async fn cycle(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(flash): FlashQuery,
) -> PageResult {
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let cycle = state.store.get_cycle(id).await?;
    let may = match page.user.role {
        Role::Admin | Role::Viewer => true,
        Role::Reviewer => cycle.reviewer_ids.contains(&page.user.id),
        Role::Editor => false,
    };
    if !may {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "无权访问",
            "只有考核办、审核人和领导可以查看周期总览。",
        ));
    }
    let tables = state
        .store
        .list_tables(&TableFilter {
            cycle_id: Some(id),
            limit: 200,
            ..TableFilter::default()
        })
        .await?
        .items;
    let rate = |t: &TableRecord| {
        let checked = t.counts.met + t.counts.not_met + t.counts.unverified;
        (checked > 0).then(|| t.counts.met as f64 / checked as f64)
    };
    // Reviewed tables rank by their review score, the rest by attainment.
    let key = |t: &TableRecord| -> f64 {
        match t.review_score {
            Some(s) if t.status == TableStatus::Approved => 1000.0 + s,
            _ => rate(t).unwrap_or(0.0) * 100.0,
        }
    };
    let mut ordered: Vec<&TableRecord> = tables.iter().collect();
    ordered.sort_by(|a, b| key(b).total_cmp(&key(a)));
    let rows: Vec<OverviewRow> = ordered
        .iter()
        .enumerate()
        .map(|(i, t)| OverviewRow {
            rank: i + 1,
            family_cn: family_cn(t.family),
            id: t.id,
            organization: t.organization.clone(),
            status: t.status.as_str(),
            status_cn: status_cn(t.status),
            tasks: t.counts.tasks,
            met: t.counts.met,
            not_met: t.counts.not_met,
            unverified: t.counts.unverified,
            qualitative: t.counts.qualitative,
            rate: rate(t)
                .map(|r| format!("{:.1}%", r * 100.0))
                .unwrap_or_else(|| "—".into()),
            self_score: fmt_score(t.self_score),
            review_score: fmt_score(t.review_score),
        })
        .collect();
    // Attainment by dimension, over every table of the cycle.
    let mut dims: Vec<(String, i64, i64)> = Vec::new();
    for t in &tables {
        for task in state.store.list_tasks(t.id).await? {
            let checked = task.met + task.not_met + task.unverified;
            match dims.iter_mut().find(|d| d.0 == task.dimension) {
                Some(d) => {
                    d.1 += task.met;
                    d.2 += checked;
                }
                None => dims.push((task.dimension.clone(), task.met, checked)),
            }
        }
    }
    let dim_bars: Vec<charts::Bar> = dims
        .iter()
        .filter(|d| d.2 > 0)
        .map(|d| {
            let r = d.1 as f64 / d.2 as f64;
            charts::Bar {
                label: if d.0.is_empty() {
                    "（未写维度）".into()
                } else {
                    d.0.clone()
                },
                value: r,
                text: format!("{:.0}%（{}/{}）", r * 100.0, d.1, d.2),
            }
        })
        .collect();
    let stacks: Vec<charts::Stack> = ordered
        .iter()
        .map(|t| charts::Stack {
            label: t.organization.clone(),
            parts: vec![
                (t.counts.met, "#1a7f37", "达标"),
                (t.counts.not_met, "#b42318", "未达标"),
                (t.counts.unverified, "#bf8700", "待核实"),
                (t.counts.qualitative, "#8c959f", "定性"),
            ],
        })
        .collect();
    let ranking: Vec<charts::Bar> = ordered
        .iter()
        .map(|t| {
            let (value, text) = match t.review_score {
                Some(s) if t.status == TableStatus::Approved => {
                    (s, format!("审核分 {}", kaohe_core::verify::fmt_num(s)))
                }
                _ => {
                    let r = rate(t).unwrap_or(0.0) * 100.0;
                    (r, format!("达标率 {r:.0}%"))
                }
            };
            charts::Bar {
                label: t.organization.clone(),
                value,
                text,
            }
        })
        .collect();
    let max_rank = ranking.iter().map(|b| b.value).fold(100.0, f64::max);
    Ok(html(&CyclePage {
        nav: page.nav(flash),
        name: cycle.name.clone(),
        year: cycle.year,
        deadline: cycle.deadline.clone().unwrap_or_default(),
        chart_dimensions: charts::bars("各考评维度达标率", &dim_bars, 1.0, "#1a7f37"),
        chart_verdicts: charts::stacked("各单位核对结论", &stacks),
        chart_ranking: charts::bars("排名", &ranking, max_rank, "#0b4f8a"),
        rows,
    }))
}
