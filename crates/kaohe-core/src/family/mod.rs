//! Every family of target document beyond the self-check table: the
//! 绩效自评表 (`performance`), progress tables (`progress`) and prose
//! reports (`report`), in whatever text form they arrive.
//!
//! ```text
//! text ──cells::rows──▶ rows of cells (| tab space-run, or one cell a line; page furniture dropped)
//!      ──grid::read───▶ indicator rows and the funds block, by the header's column names
//!      ──lines────────▶ rows no header names, read by their figures (`>= 98 %(百分比) 100% 完成 25.00 25.00`)
//!      ──prose::pairs─▶ target/result pairs in the paragraphs left over
//!      ──score::verify_row──▶ verdict, ratio, suggested score, light
//! ```

mod cells;
mod grid;
mod header;
mod lines;
mod period;
mod prose;
mod runtogether;
mod types;

pub use period::part_year;
pub use types::*;

use crate::check::{Report, Summary};
use crate::diagnostic::Diagnostic;
use crate::layout::organization_and_year;
use crate::score::{self, grade, RowInput};
use crate::verify::{Flag, Verdict};
use grid::RawRow;
use header::Role;

/// Checks a text as a performance, progress or report document; `None` when
/// it is none of them.
pub fn check(text: &str) -> Option<Report> {
    let rows = cells::rows(text);
    let mut tables = grid::read(&rows);
    // A self-check table its own reader could not read is no other family:
    // its task sentences would read as targets and results.
    if names_self_check_columns(&rows) {
        return None;
    }
    let performance_words =
        text.contains("绩效") || text.contains("三级指标") || text.contains("一级指标");
    if performance_words {
        lines::read(&rows, &mut tables);
    }
    if tables.rows.is_empty()
        && text.len() <= runtogether::MAX_BYTES
        && runtogether::is_run_together(text)
    {
        tables.rows = runtogether::rows(text, 1);
        tables.used.iter_mut().for_each(|u| *u = true);
    }
    let (leftover, cut) = prose_lines(&rows, &tables.used);
    let pairs = prose::pairs(&leftover);
    if tables.rows.is_empty() && pairs.is_empty() {
        return None;
    }
    let title = title_of(&rows);
    let (title_org, title_year) = title
        .as_deref()
        .map(organization_and_year)
        .unwrap_or((None, None));
    let (block_org, block_year) = header_block(&rows);
    // The title names the agency before its year; a red-headed document
    // names it above (`某区人民政府办公室文件`); a form in its header block.
    let title_org = title_org
        .map(|o| o.trim_start_matches("关于").to_string())
        .filter(|o| title_year.is_some() && plausible_agency(o));
    let organization = title_org
        .or_else(|| red_header(&rows))
        .or(block_org)
        .or_else(|| agency_above(&rows, title.as_deref()));
    let year = title_year.or(block_year);
    let family = family_of(&tables, performance_words, &pairs);
    let period = part_year(title.as_deref().unwrap_or(""))
        .or_else(|| header_period(&rows))
        .filter(|p| !p.is_whole_year());

    let mut raws: Vec<RawRow> = tables.rows;
    for p in pairs {
        raws.push(RawRow {
            name: p.name,
            target: p.target,
            actual: p.actual,
            rate: p.rate,
            note: p.note,
            line: p.line,
            ..RawRow::default()
        });
    }
    raws.sort_by_key(|r| r.line);
    let indicators: Vec<IndicatorReport> = raws
        .iter()
        .enumerate()
        .map(|(i, r)| indicator(i + 1, r, period))
        .collect();
    let funds = tables.funds.map(funds_report);
    let target_quality = target_quality(&indicators);
    let summary = summarize(&indicators, funds.as_ref());
    let mut warnings = Vec::new();
    if let Some(line) = cut {
        warnings.push(Diagnostic::at(
            line,
            format!("文字部分过长，只从前 {MAX_PROSE_LINES} 行文字中找目标与完成情况"),
        ));
    }
    if family == Family::Performance && indicators.iter().all(|i| i.full_score.is_none()) {
        warnings.push(Diagnostic::general(
            "绩效自评表中没有读到分值，无法核对自评得分",
        ));
    }
    Some(Report {
        family,
        title,
        organization,
        year,
        period,
        funds,
        columns: Vec::new(),
        dimensions: Vec::new(),
        tasks: Vec::new(),
        indicators,
        summary,
        target_quality,
        warnings,
    })
}

/// Most lines of prose read for target/result pairs: a report runs to a
/// few hundred; a text far longer is a book, not a report.
pub const MAX_PROSE_LINES: usize = 5_000;

/// The lines no table took, up to [`MAX_PROSE_LINES`], and the first line
/// left out when there were more.
fn prose_lines(rows: &cells::Rows, used: &[bool]) -> (Vec<(u32, String)>, Option<u32>) {
    let mut lines = rows
        .rows
        .iter()
        .zip(used)
        .filter(|(_, used)| !**used)
        .map(|(r, _)| (r.line, r.raw.clone()));
    let kept: Vec<(u32, String)> = lines.by_ref().take(MAX_PROSE_LINES).collect();
    (kept, lines.next().map(|(line, _)| line))
}

/// What the family reader saw, for `kaohe explain`: each line's cells and
/// form, the headers and the roles of their columns, then each target row
/// read (from a table or from prose) with its cells by role.
pub fn explain(text: &str) -> String {
    use std::fmt::Write as _;
    let rows = cells::rows(text);
    let mut tables = grid::read(&rows);
    if text.contains("绩效") || text.contains("三级指标") || text.contains("一级指标") {
        lines::read(&rows, &mut tables);
    }
    let mut out = String::new();
    let _ = writeln!(out, "== 逐行的单元格（| 分隔；* 为表格已读入的行）");
    for (r, used) in rows.rows.iter().zip(&tables.used) {
        let form = match r.form {
            cells::Form::Single => "单格",
            cells::Form::Pipe { .. } => "竖线",
            cells::Form::Tab => "制表符",
            cells::Form::Spaces { .. } => "空格对齐",
        };
        let texts: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
        let _ = writeln!(
            out,
            "{:>5}{} [{form}] {}",
            r.line,
            if *used { "*" } else { " " },
            texts.join(" | ")
        );
    }
    let _ = writeln!(out, "\n== 表头（每栏的用途）");
    for h in &tables.headers {
        let _ = writeln!(out, "  {h:?}");
    }
    if let Some(f) = &tables.funds {
        let _ = writeln!(out, "\n== 预算执行\n  {f:?}");
    }
    let _ = writeln!(out, "\n== 表格中的指标行");
    for r in &tables.rows {
        let _ = writeln!(
            out,
            "  第{}行 {:?} 名称“{}” 目标“{}” 实际“{}” 完成率 {:?} 单位 {:?} 分值 {:?} 得分 {:?}",
            r.line, r.group, r.name, r.target, r.actual, r.rate, r.unit, r.full_score, r.self_score
        );
    }
    let (leftover, _) = prose_lines(&rows, &tables.used);
    let _ = writeln!(out, "\n== 文字中的目标与完成情况");
    for p in prose::pairs(&leftover) {
        let _ = writeln!(
            out,
            "  第{}行 目标“{}” 完成“{}” 完成率 {:?}",
            p.line, p.target, p.actual, p.rate
        );
    }
    out
}

/// Whether a line names the self-check table's columns (自查内容 or 考评维度
/// beside 落实情况).
fn names_self_check_columns(rows: &cells::Rows) -> bool {
    rows.rows.iter().take(400).any(|r| {
        let l: String = r.raw.chars().filter(|c| !c.is_whitespace()).collect();
        (l.contains("自查内容") || l.contains("考评维度"))
            && l.contains("落实情况")
            && l.chars().count() <= 80
    })
}

/// Whether a text's tables have a header naming a 绩效自评表's or a
/// progress table's columns: it is read as that family even when the
/// self-check reader found its own header words in it.
pub fn names_other_columns(text: &str) -> bool {
    runtogether::is_run_together(text) || !grid::read(&cells::rows(text)).headers.is_empty()
}

fn family_of(tables: &grid::Tables, performance_words: bool, pairs: &[prose::Pair]) -> Family {
    let scored = tables.headers.iter().any(|h| {
        h.iter().any(|r| {
            matches!(
                r,
                Role::Level1 | Role::Level2 | Role::FullScore | Role::SelfScore | Role::Comparator
            )
        })
    });
    if scored || tables.funds.is_some() || performance_words && !tables.rows.is_empty() {
        Family::Performance
    } else if !tables.rows.is_empty() || tables.headers.iter().any(|h| !h.is_empty()) {
        Family::Progress
    } else if !pairs.is_empty() {
        Family::Report
    } else {
        Family::Progress
    }
}

/// The document's title: the first line that reads as one (表, 情况, 通报,
/// 报告 …), short, and not a header.
fn title_of(rows: &cells::Rows) -> Option<String> {
    const WORDS: &[&str] = &[
        "表",
        "情况",
        "通报",
        "报告",
        "简讯",
        "公告",
        "目标任务",
        "自评",
        "总结",
    ];
    rows.rows.iter().take(40).find_map(|r| {
        let t = r.filled().next()?.text.trim();
        let n = t.chars().count();
        let dated = t.contains("年") && t.chars().filter(|c| c.is_ascii_digit()).count() >= 4;
        let titled = (6..=60).contains(&n)
            && WORDS.iter().any(|w| t.contains(w))
            && (header::role_of(t).is_none() || dated || t.ends_with('表'))
            && !t.ends_with(['。', '；', ':', '：'])
            && r.filled_count() <= 2;
        titled.then(|| t.to_string())
    })
}

/// The agency and year a form's header block names: 填报单位 (else 单位名称,
/// 主管部门, 实施单位) and the value beside or below it; the year of a
/// `（2022年度）` line.
fn header_block(rows: &cells::Rows) -> (Option<String>, Option<i32>) {
    // The agency that files the form, before the unit that spent the money.
    const LABELS: [&str; 6] = [
        "填报单位",
        "单位名称",
        "主管部门",
        "部门名称",
        "实施单位",
        "项目单位",
    ];
    let mut best: Option<(usize, String)> = None;
    let mut year = None;
    let cells: Vec<&cells::Cell> = rows
        .rows
        .iter()
        .take(60)
        .flat_map(|r| r.cells.iter())
        .collect();
    for (k, c) in cells.iter().enumerate() {
        let label: String = c.text.chars().filter(|ch| !ch.is_whitespace()).collect();
        if year.is_none() && label.chars().count() <= 12 {
            year = year_in(&label);
        }
        // `单位名称:塘湖镇政府` in one cell, or the label and then its value.
        let (name, inline) = match label.split_once([':', '：']) {
            Some((l, v)) => (l.to_string(), Some(v.to_string())),
            None => (label.clone(), None),
        };
        let name = name.trim_end_matches("（盖章）").trim_end_matches("(盖章)");
        let Some(mut rank) = LABELS.iter().position(|l| name == *l) else {
            continue;
        };
        let value = inline.filter(|v| !v.is_empty()).or_else(|| {
            cells[k + 1..]
                .iter()
                .take(2)
                .map(|c| c.text.trim())
                .find(|t| !t.is_empty())
                .map(str::to_string)
        });
        let Some(value) = value else { continue };
        // `314002-成安县民政局机关`: the code before the name is no part of it.
        let value = match value.split_once('-') {
            Some((code, rest)) if code.chars().all(|c| c.is_ascii_digit()) => rest.to_string(),
            _ => value,
        };
        let value = value.split_whitespace().next().unwrap_or("").to_string();
        let plausible = value.chars().count() >= 2
            && value.chars().count() <= 30
            && !LABELS.iter().any(|l| value.contains(l))
            && header::role_of(&value).is_none();
        // The unit that carried a project out files it when it is itself a
        // department (`任泽区农业农村局`), not a centre under one.
        if name == "实施单位"
            && ["局", "委", "办", "政府"]
                .iter()
                .any(|w| value.ends_with(w))
        {
            rank = 1;
        }
        if plausible && best.as_ref().is_none_or(|(r, _)| rank < *r) {
            best = Some((rank, value));
        }
    }
    (best.map(|(_, v)| v), year)
}

/// Whether words can name an agency: not `我市`, `关于…`, `全县`.
fn plausible_agency(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n)
        && !["我", "本", "全", "关于", "各"]
            .iter()
            .any(|w| s.starts_with(w))
        && !["支出", "绩效", "自评", "项目", "表"]
            .iter()
            .any(|w| s.contains(w))
}

/// Whether words end as an agency's name does (局, 委员会, 人民政府 …).
fn agency_like(s: &str) -> bool {
    plausible_agency(s)
        && [
            "局", "委", "办", "院", "政府", "中心", "厅", "部", "处", "站", "所", "馆", "会", "队",
            "室",
        ]
        .iter()
        .any(|w| s.ends_with(w))
}

/// The agency on the line above the title: `芜湖市鸠江区医疗保障局` /
/// `2020年度部门整体支出绩效自评报告`.
fn agency_above(rows: &cells::Rows, title: Option<&str>) -> Option<String> {
    let title = title?;
    let at = rows
        .rows
        .iter()
        .position(|r| r.filled().next().is_some_and(|c| c.text.trim() == title))?;
    let above = rows
        .rows
        .get(at.checked_sub(1)?)?
        .filled()
        .next()?
        .text
        .trim();
    agency_like(above).then(|| above.to_string())
}

/// The agency of a red-headed document: `保定市竞秀区人民政府办公室文件`.
fn red_header(rows: &cells::Rows) -> Option<String> {
    rows.rows.iter().take(5).find_map(|r| {
        let t = r.filled().next()?.text.trim();
        let agency = t.strip_suffix("文件")?.trim();
        plausible_agency(agency).then(|| agency.to_string())
    })
}

/// The year of `（2022年度）`, `2022年度`.
fn year_in(text: &str) -> Option<i32> {
    let t = text.trim_matches(['（', '(', '）', ')']);
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &t[digits.len()..];
    if digits.len() == 4 && (rest == "年度" || rest == "年") {
        digits.parse().ok().filter(|y| (1990..=2100).contains(y))
    } else {
        None
    }
}

fn header_period(rows: &cells::Rows) -> Option<PartYear> {
    rows.rows
        .iter()
        .take(60)
        .flat_map(|r| r.cells.iter())
        .filter(|c| c.text.contains('月') || c.text.contains('季'))
        .filter(|c| header::role_of(&c.text).is_some())
        .find_map(|c| part_year(&c.text))
}

fn indicator(index: usize, r: &RawRow, period: Option<PartYear>) -> IndicatorReport {
    let mut actual = r.actual.clone();
    // A bare figure in a table takes the unit of its column (`11.3` under 单位 %).
    let target = match r.unit.as_deref() {
        Some(unit) => {
            actual = attach_unit(&actual, unit);
            attach_unit(&r.target, unit)
        }
        None => r.target.clone(),
    };
    if let Some(rate) = &r.rate {
        if !actual.contains(rate.as_str()) {
            actual = if actual.is_empty() {
                format!("完成率{rate}")
            } else {
                format!("{actual}，完成率{rate}")
            };
        }
    }
    let input = RowInput {
        target: &target,
        actual: &actual,
        indicator: Some(r.name.as_str()).filter(|n| !n.is_empty() && *n != r.target),
        comparator: r.comparator.as_deref(),
        unit: r.unit.as_deref(),
        period,
        full_score: r.full_score,
        self_score: r.self_score,
    };
    let mut result = score::verify_row(&input);
    if r.group.first().is_some_and(|g| g == "年度总体目标") {
        result = verify_goal(r, result);
    }
    let mut flags = result.flags.clone();
    if let Some(f) = self_score_flag(r.self_score, result.suggested_score) {
        if !flags.contains(&f) {
            flags.push(f);
        }
    }
    IndicatorReport {
        index,
        group: r.group.clone(),
        indicator: if r.name.is_empty() {
            r.target.clone()
        } else {
            r.name.clone()
        },
        target_text: r.target.clone(),
        actual_text: r.actual.clone(),
        full_score: r.full_score,
        self_score: r.self_score,
        note: r.note.clone(),
        target: IndicatorTarget {
            comparator: result.target.comparator,
            value: result.target.value.map(|v| v.to_f64()),
            unit: result.target.unit.to_string(),
            kind: Some(result.target.kind),
        },
        actual: result.actual.as_ref().map(|a| IndicatorActual {
            value: a.value.map(|v| v.to_f64()),
            unit: a.unit.to_string(),
        }),
        verdict: result.verdict,
        ratio: result.ratio,
        suggested_score: result.suggested_score,
        expected_ratio: result.expected_ratio,
        light: result.light,
        reason: result.reason.clone(),
        flags,
        line: Some(r.line).filter(|l| *l > 0),
    }
}

/// An overall goal names several figures (`建设高标准农田2.6万亩，新建机井
/// 120眼`): it is met only when each is, so each is checked as a task's
/// target against the goal's result.
fn verify_goal(r: &RawRow, single: score::PairResult) -> score::PairResult {
    let row = crate::table::Row {
        dimension: String::new(),
        content: crate::table::Cell::from_text(&r.target, r.line),
        status: crate::table::Cell::from_text(&r.actual, r.line),
        problems: crate::table::Cell::default(),
    };
    let task = crate::check::check_task(1, &row, &[]);
    let quantified: Vec<_> = task
        .targets
        .iter()
        .filter(|t| t.verdict != Verdict::Qualitative)
        .collect();
    if quantified.len() < 2 {
        return single;
    }
    let mut result = single;
    if let Some(missed) = quantified.iter().find(|t| t.verdict == Verdict::NotMet) {
        result.verdict = Verdict::NotMet;
        result.ratio = missed.ratio;
        result.reason = format!("总体目标中“{}”未达到：{}", missed.text, missed.reason);
    } else if let Some(open) = quantified.iter().find(|t| t.verdict == Verdict::Unverified) {
        result.verdict = Verdict::Unverified;
        result.ratio = None;
        result.reason = format!("总体目标中“{}”无从核对：{}", open.text, open.reason);
    } else {
        result.verdict = Verdict::Met;
        result.reason = format!("总体目标的 {} 项数字均已达到", quantified.len());
    }
    result
}

/// `控制在4.5以内` with the column's unit `%` is `控制在4.5%以内`: the unit
/// goes right after the last figure, unless the text already names it.
fn attach_unit(text: &str, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() || text.contains(unit) || unit.chars().count() > 8 {
        return text.to_string();
    }
    let Some(end) = text.rfind(|c: char| c.is_ascii_digit()) else {
        return text.to_string();
    };
    let after = &text[end + 1..];
    // Already followed by a unit or a magnitude (`4.5万`, `12个`).
    if after
        .chars()
        .next()
        .is_some_and(|c| !matches!(c, '以' | '及' | '（' | '(' | '，' | ',' | '。' | ' '))
    {
        return text.to_string();
    }
    format!("{}{unit}{after}", &text[..=end])
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn funds_report(f: grid::RawFunds) -> FundsReport {
    let rate = f.rate.or_else(|| match (f.executed, f.budget) {
        (Some(e), Some(b)) if b > 0.0 => Some(round2(e / b * 100.0)),
        _ => None,
    });
    let suggested = match (rate, f.full_score) {
        (Some(r), Some(full)) => Some(round2(full * (r / 100.0).clamp(0.0, 1.0))),
        _ => None,
    };
    let mut flags = Vec::new();
    if let Some(flag) = self_score_flag(f.self_score, suggested) {
        flags.push(flag);
    }
    if let (Some(stated), Some(e), Some(b)) = (f.rate, f.executed, f.budget) {
        if b > 0.0 && (stated - e / b * 100.0).abs() > 1.0 {
            flags.push(Flag::RateDisagrees);
        }
    }
    FundsReport {
        budget: f.budget,
        initial_budget: f.initial,
        executed: f.executed,
        unit: "万元".to_string(),
        rate,
        full_score: f.full_score,
        self_score: f.self_score,
        suggested_score: suggested,
        flags,
        line: Some(f.line).filter(|l| *l > 0),
    }
}

fn summarize(indicators: &[IndicatorReport], funds: Option<&FundsReport>) -> Summary {
    let mut s = Summary {
        indicators: indicators.len(),
        ..Summary::default()
    };
    for i in indicators {
        match i.verdict {
            Verdict::Met => s.met += 1,
            Verdict::NotMet => s.not_met += 1,
            Verdict::Unverified => s.unverified += 1,
            Verdict::Qualitative => s.qualitative += 1,
        }
        if i.verdict != Verdict::Qualitative {
            s.targets += 1;
        }
    }
    let scored: Vec<(Option<f64>, Option<f64>, Option<f64>)> = indicators
        .iter()
        .map(|i| (i.full_score, i.self_score, i.suggested_score))
        .chain(funds.map(|f| (f.full_score, f.self_score, f.suggested_score)))
        .collect();
    let full: f64 = scored.iter().filter_map(|x| x.0).sum();
    // Every scored row names its points: else the total of points is not
    // known, and the agency's total is taken as out of 100, as forms are.
    let points_known = scored.iter().all(|x| x.1.is_none() || x.0.is_some());
    let own: Vec<f64> = scored.iter().filter_map(|x| x.1).collect();
    if !own.is_empty() {
        let total = round2(own.iter().sum());
        s.self_score_total = Some(total);
        s.self_grade = Some(grade(if points_known {
            out_of_100(total, full)
        } else {
            total
        }));
    }
    // The rule's total only where the rule scores every row with points: a
    // row awaiting a person's judgement leaves it open.
    let every_row_scored = scored.iter().all(|x| x.0.is_none() || x.2.is_some());
    let rule: Vec<f64> = scored.iter().filter_map(|x| x.2).collect();
    if !rule.is_empty() && full > 0.0 && points_known && every_row_scored {
        let total = round2(rule.iter().sum());
        s.suggested_score_total = Some(total);
        s.grade = Some(grade(out_of_100(total, full)));
    }
    s
}

/// A total on a 100-point scale: as it is when the points add up to about
/// 100, else scaled to it.
fn out_of_100(total: f64, full: f64) -> f64 {
    if full <= 0.0 || (full - 100.0).abs() < 0.5 {
        total
    } else {
        total / full * 100.0
    }
}

fn target_quality(indicators: &[IndicatorReport]) -> Vec<TargetQuality> {
    const VAGUE: &[&str] = &[
        "有所提高",
        "有所提升",
        "明显提升",
        "明显提高",
        "明显改善",
        "较上年增长",
        "逐步提高",
        "进一步提高",
        "稳步提升",
        "有所增长",
        "有所改善",
        "显著提升",
        "大幅提升",
    ];
    let mut out = Vec::new();
    for i in indicators {
        let t = i.target_text.as_str();
        if VAGUE.iter().any(|v| t.contains(v)) && !t.chars().any(|c| c.is_ascii_digit()) {
            out.push(TargetQuality {
                index: i.index,
                indicator: i.indicator.clone(),
                target_text: t.to_string(),
                problem: TargetProblem::NotMeasurable,
                message: format!("目标“{t}”没有可核对的数值，年终无法判断是否达标"),
                line: i.line,
            });
        }
        if let Some(last) = last_year_figure(&i.indicator, &i.note) {
            if i.target.value.is_some_and(|v| v <= last + 1e-9)
                && i.target.comparator.is_none_or(|c| !c.is_upper_bound())
            {
                out.push(TargetQuality {
                    index: i.index,
                    indicator: i.indicator.clone(),
                    target_text: t.to_string(),
                    problem: TargetProblem::NoHigherThanLastYear,
                    message: format!("目标“{t}”不高于上年已实现的数"),
                    line: i.line,
                });
            }
        }
    }
    out
}

/// A figure the row reports as last year's result (`上年完成120个`).
fn last_year_figure(name: &str, note: &str) -> Option<f64> {
    for text in [name, note] {
        for lead in ["上年完成", "上年实现", "去年完成", "上年度完成", "上年实际"]
        {
            if let Some(i) = text.find(lead) {
                let rest = &text[i + lead.len()..];
                let qs = crate::quantity::extract(rest);
                if let Some(q) = qs.first() {
                    return Some(q.value.to_f64());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests;
