//! The official table as documents: DOCX, XLSX, HTML and Markdown (JSON is
//! the check report itself).
//!
//! Every writer takes the same [`Document`]: the title and the rows of the
//! four-column table (考评维度 / 自查内容（年度任务） / 落实情况 / 存在问题及原因), each
//! cell as its numbered items, so that items stand on their own lines, and
//! optionally kaohe's verification as a fifth column.
//!
//! **Invariants:** pure (bytes in memory, no IO); the same document gives the
//! same bytes (no timestamps), so outputs can be snapshot-tested; every text
//! is escaped for the format it goes into.

mod docx;
pub mod family;
mod html;
mod markdown;
pub mod pdf;
mod xlsx;
mod zip;

use kaohe_core::check::{Report, TargetReport, TaskReport};
use kaohe_core::verify::Verdict;
use kaohe_numerals::Decimal;

pub use docx::{docx, docx_document_xml};
pub use family::FamilyDoc;
pub use html::html;
pub use markdown::markdown;
pub use xlsx::{table_xlsx, xlsx, xlsx_sheet_xml, SheetValue};

/// The column names, as the reference document writes them.
pub const COLUMNS: [&str; 4] = [
    "考评维度",
    "自查内容（年度任务）",
    "落实情况",
    "存在问题及原因",
];
/// The fifth column, when verification is included.
pub const VERIFICATION_COLUMN: &str = "核对结论（kaohe）";

/// What to include.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Add kaohe's verification: a fifth column (DOCX, HTML, Markdown) or a
    /// second sheet with filters (always present in XLSX).
    pub verification: bool,
}

/// A table ready to write.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub title: String,
    /// The rows of a self-check table.
    pub rows: Vec<Row>,
    /// A document of another family (a 绩效自评表, a progress table, a
    /// report): written in its own layout ([`family::layout`]) instead of
    /// the four columns.
    pub family: Option<FamilyDoc>,
}

/// One task.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub dimension: String,
    /// 自查内容, one entry per numbered item (or the whole cell).
    pub content: Vec<String>,
    /// 落实情况, one entry per item.
    pub status: Vec<String>,
    /// 存在问题及原因.
    pub problems: Vec<String>,
    pub targets: Vec<TargetLine>,
}

/// One checked target.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetLine {
    pub item: u64,
    pub text: String,
    pub comparator: String,
    pub value: String,
    pub unit: String,
    pub actual: String,
    pub verdict: Verdict,
    pub ratio: Option<f64>,
    pub reason: String,
}

fn lines(items: Vec<String>, whole: &str) -> Vec<String> {
    let items: Vec<String> = items.into_iter().filter(|s| !s.trim().is_empty()).collect();
    if items.is_empty() {
        if whole.trim().is_empty() {
            Vec::new()
        } else {
            vec![whole.to_string()]
        }
    } else {
        items
    }
}

/// A value as the JSON report writes it: an integer, or the float's
/// shortest text.
fn number_text(d: Decimal) -> String {
    match d.to_i64() {
        Some(i) => i.to_string(),
        // serde_json writes floats as ryu does; the text must match what
        // the exports wrote when they read the report as JSON.
        None => serde_json::to_string(&d.to_f64()).unwrap_or_default(),
    }
}

/// The default title: the table's own, else organization + year + the
/// reference document's wording.
pub fn title_for(title: Option<&str>, organization: Option<&str>, year: Option<i32>) -> String {
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        return t.to_string();
    }
    format!(
        "{}{}日常履职考核事项完成情况自查表",
        organization.unwrap_or(""),
        year.map(|y| format!("{y}年度")).unwrap_or_default()
    )
}

impl Document {
    /// From a check report of any family (the CLI's input files, and the
    /// server's tables of another family than the self-check table).
    pub fn from_report(report: &Report) -> Document {
        let family = FamilyDoc::of(report);
        let title = match (&family, report.title.as_deref()) {
            (Some(f), None) => format!(
                "{}{}{}",
                report.organization.as_deref().unwrap_or(""),
                report.year.map(|y| format!("{y}年")).unwrap_or_default(),
                f.family.chinese()
            ),
            _ => title_for(
                report.title.as_deref(),
                report.organization.as_deref(),
                report.year,
            ),
        };
        Document {
            title,
            rows: report.tasks.iter().map(Document::row_from_task).collect(),
            family,
        }
    }

    /// From one task report of the core.
    pub fn row_from_task(task: &TaskReport) -> Row {
        Row {
            dimension: task.dimension.clone(),
            content: lines(task.items.clone(), &task.content),
            status: lines(task.status_items.clone(), &task.status),
            problems: lines(Vec::new(), &task.problems),
            targets: task.targets.iter().map(target_line).collect(),
        }
    }

    /// From stored task reports (the server's tables), in order; a report
    /// that did not read gives an empty row.
    pub fn from_task_reports(title: &str, reports: &[Option<TaskReport>]) -> Document {
        Document {
            title: title.to_string(),
            rows: reports
                .iter()
                .map(|r| r.as_ref().map(Document::row_from_task).unwrap_or_default())
                .collect(),
            family: None,
        }
    }
}

fn target_line(g: &TargetReport) -> TargetLine {
    TargetLine {
        item: u64::from(g.item),
        text: g.text.clone(),
        comparator: g.comparator.map(|c| c.symbol()).unwrap_or("").to_string(),
        value: g.value.map(number_text).unwrap_or_default(),
        unit: g.unit.to_string(),
        actual: g
            .actual
            .as_ref()
            .map(|a| a.text.clone())
            .unwrap_or_default(),
        verdict: g.verdict,
        ratio: g.ratio,
        reason: g.reason.clone(),
    }
}

/// Consecutive rows with the same dimension, as (first row, count).
pub fn dimension_runs(rows: &[Row]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        match runs.last_mut() {
            Some((start, n)) if rows[*start].dimension == r.dimension => *n += 1,
            _ => runs.push((i, 1)),
        }
    }
    runs
}

/// The verification of a row as lines: `【达标】新增5G基站6000个：reason`.
pub fn verification_lines(row: &Row) -> Vec<String> {
    row.targets
        .iter()
        .filter(|t| t.verdict != Verdict::Qualitative)
        .map(|t| format!("【{}】{}：{}", t.verdict.chinese(), t.text, t.reason))
        .collect()
}

/// Escapes text for XML and HTML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod sample {
    use super::*;

    /// A small table with two dimensions, a missed target and hostile text.
    pub fn document() -> Document {
        Document {
            family: None,
            title: "某某区教育局2023年度日常履职考核事项完成情况自查表".into(),
            rows: vec![
                Row {
                    dimension: "党的建设".into(),
                    content: vec!["1.开展理论学习12次。".into(), "2.召开民主生活会。".into()],
                    status: vec!["已完成。1.全年学习14次。".into(), "2.12月召开。".into()],
                    problems: vec!["无".into()],
                    targets: vec![TargetLine {
                        item: 1,
                        text: "开展理论学习12次".into(),
                        comparator: ">=".into(),
                        value: "12".into(),
                        unit: "次".into(),
                        actual: "全年学习14次".into(),
                        verdict: Verdict::Met,
                        ratio: Some(1.1667),
                        reason: "全年14次 ≥ 目标12次".into(),
                    }],
                },
                Row {
                    dimension: "党的建设".into(),
                    content: vec!["培训教师<500>人次&更多。".into()],
                    status: vec!["完成420人次。".into()],
                    problems: vec!["经费不足，\"培训\"推迟。".into()],
                    targets: vec![TargetLine {
                        item: 1,
                        text: "培训教师500人次".into(),
                        comparator: ">=".into(),
                        value: "500".into(),
                        unit: "人次".into(),
                        actual: "完成420人次".into(),
                        verdict: Verdict::NotMet,
                        ratio: Some(0.84),
                        reason: "完成420人次 < 目标500人次".into(),
                    }],
                },
                Row {
                    dimension: "业务工作".into(),
                    content: vec!["新建学校2所。".into()],
                    status: vec!["已完成。新建学校2所。".into()],
                    problems: vec![],
                    targets: vec![],
                },
            ],
        }
    }
}
