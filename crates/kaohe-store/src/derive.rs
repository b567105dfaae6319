//! What the core computes for a stored task: its targets, verdicts and
//! counts. The store calls this inside the transaction that changes a task
//! or a target, so stored verdicts always match the stored text.

use kaohe_core::check::{self, TargetOverride, TaskReport};
use kaohe_core::claim::Claimed;
use kaohe_core::quantity::{Comparator, Period};
use kaohe_core::table::{Cell, Piece, Row};
use kaohe_core::target::TargetKind;
use kaohe_core::verify::{Flag, Verdict};
use kaohe_numerals::Decimal;

use crate::model::{SourcePieces, TargetCorrection, TaskText};
use crate::StoreError;

/// The derived columns of a task.
#[derive(Clone, Debug)]
pub struct Derived {
    pub claimed: Claimed,
    pub report: String,
    pub met: i64,
    pub not_met: i64,
    pub unverified: i64,
    pub qualitative: i64,
    pub flagged: bool,
    pub targets: Vec<DerivedTarget>,
}

/// One target row.
#[derive(Clone, Debug, PartialEq)]
pub struct DerivedTarget {
    pub item: i64,
    pub text: String,
    pub kind: TargetKind,
    pub comparator: Option<Comparator>,
    pub value: Option<String>,
    pub unit: String,
    pub period: Period,
    pub corrected: bool,
    pub verdict: Verdict,
    pub ratio: Option<f64>,
    pub actual: Option<String>,
    pub reason: String,
    pub line: Option<i64>,
}

/// A stored correction, by position.
#[derive(Clone, Debug)]
pub struct StoredCorrection {
    pub position: usize,
    /// The target text the correction was made for; a text edit that changes
    /// it drops the correction.
    pub text: String,
    pub correction: TargetCorrection,
}

fn cell(text: &str, pieces: Option<&Vec<(usize, u32)>>) -> Cell {
    let pieces = pieces
        .map(|list| {
            list.iter()
                .filter(|(offset, _)| *offset <= text.len())
                .map(|&(offset, line)| Piece { offset, line })
                .collect()
        })
        .unwrap_or_default();
    Cell {
        text: text.to_string(),
        pieces,
    }
}

/// The original line pieces of a row's cells, for storing beside the texts.
pub fn pieces_of(row: &Row) -> SourcePieces {
    let list = |c: &Cell| Some(c.pieces.iter().map(|p| (p.offset, p.line)).collect());
    SourcePieces {
        content: list(&row.content),
        problems: list(&row.problems),
        status: list(&row.status),
    }
}

/// Parses a correction into the core's terms.
pub fn to_override(position: usize, c: &TargetCorrection) -> Result<TargetOverride, StoreError> {
    let comparator = match c.comparator.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(">=") | Some("≥") => Some(Comparator::Ge),
        Some(">") => Some(Comparator::Gt),
        Some("<=") | Some("≤") => Some(Comparator::Le),
        Some("<") => Some(Comparator::Lt),
        Some("=") => Some(Comparator::Eq),
        Some(other) => {
            return Err(StoreError::Invalid(format!(
                "比较方式“{other}”无法识别，应为 >=、>、<=、< 或 ="
            )))
        }
    };
    let value = match c.value.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(
            v.parse::<Decimal>()
                .ok()
                .or_else(|| kaohe_numerals::chinese::parse(v))
                .ok_or_else(|| StoreError::Invalid(format!("目标值“{v}”不是数字")))?,
        ),
    };
    let unit_text = c.unit.trim();
    let unit: &'static str = if unit_text.is_empty() {
        ""
    } else {
        kaohe_core::units::lookup(unit_text)
            .map(|u| u.canonical)
            .ok_or_else(|| StoreError::Invalid(format!("单位“{unit_text}”无法识别")))?
    };
    let period = match c.period.trim() {
        "day" | "日" | "天" => Period::Day,
        "week" | "周" => Period::Week,
        "month" | "月" => Period::Month,
        "quarter" | "季度" => Period::Quarter,
        "year" | "年" | "" => Period::Year,
        other => {
            return Err(StoreError::Invalid(format!(
                "统计周期“{other}”无法识别，应为 day、week、month、quarter 或 year"
            )))
        }
    };
    Ok(TargetOverride {
        position,
        comparator,
        value,
        unit,
        period,
    })
}

/// Checks a task and returns what to store. Corrections whose target text no
/// longer matches are dropped.
pub fn derive(
    position: usize,
    text: &TaskText,
    pieces: &SourcePieces,
    corrections: &[StoredCorrection],
) -> Result<Derived, StoreError> {
    let row = Row {
        dimension: text.dimension.clone(),
        content: cell(&text.content, pieces.content.as_ref()),
        status: cell(&text.status, pieces.status.as_ref()),
        problems: cell(&text.problems, pieces.problems.as_ref()),
    };
    let plain = check::check_task(position, &row, &[]);
    let mut overrides = Vec::new();
    for c in corrections {
        let still_there = plain
            .targets
            .get(c.position)
            .is_some_and(|t| t.text == c.text);
        if still_there {
            overrides.push(to_override(c.position, &c.correction)?);
        }
    }
    let report = if overrides.is_empty() {
        plain
    } else {
        check::check_task(position, &row, &overrides)
    };
    Ok(from_report(&report, &overrides))
}

fn from_report(report: &TaskReport, overrides: &[TargetOverride]) -> Derived {
    let mut d = Derived {
        claimed: report.claimed,
        report: serde_json::to_string(report).unwrap_or_else(|_| "{}".into()),
        met: 0,
        not_met: 0,
        unverified: 0,
        qualitative: 0,
        flagged: report.flags.contains(&Flag::ClaimedCompletedButNotMet),
        targets: Vec::with_capacity(report.targets.len()),
    };
    for (i, t) in report.targets.iter().enumerate() {
        match t.verdict {
            Verdict::Met => d.met += 1,
            Verdict::NotMet => d.not_met += 1,
            Verdict::Unverified => d.unverified += 1,
            Verdict::Qualitative => d.qualitative += 1,
        }
        d.targets.push(DerivedTarget {
            item: i64::from(t.item),
            text: t.text.clone(),
            kind: t.kind,
            comparator: t.comparator,
            value: t.value.map(|v| v.to_string()),
            unit: t.unit.to_string(),
            period: t.period,
            corrected: overrides.iter().any(|o| o.position == i),
            verdict: t.verdict,
            ratio: t.ratio,
            actual: t.actual.as_ref().map(|a| a.text.clone()),
            reason: t.reason.clone(),
            line: t.line.map(i64::from),
        });
    }
    d
}

/// What an import stores: the rows the reader found, with their original
/// lines, and the text itself unchanged.
pub fn content_from_text(
    source_name: &str,
    source_encoding: &str,
    source_text: &str,
) -> crate::model::TableContent {
    let (table, warnings) = kaohe_core::layout::read(source_text);
    content_from_table(&table, &warnings, source_name, source_encoding, source_text)
}

/// As [`content_from_text`], for a table already read.
pub fn content_from_table(
    table: &kaohe_core::table::Table,
    warnings: &[kaohe_core::Diagnostic],
    source_name: &str,
    source_encoding: &str,
    source_text: &str,
) -> crate::model::TableContent {
    crate::model::TableContent {
        title: table
            .title
            .clone()
            .unwrap_or_else(|| source_name.to_string()),
        source_name: source_name.to_string(),
        source_encoding: source_encoding.to_string(),
        source_text: source_text.to_string(),
        warnings: kaohe_core::diagnostic::condense(warnings.to_vec()),
        tasks: table
            .tasks
            .iter()
            .map(|row| crate::model::ImportedTask {
                text: TaskText {
                    dimension: row.dimension.clone(),
                    content: row.content.text.clone(),
                    status: row.status.text.clone(),
                    problems: row.problems.text.clone(),
                },
                pieces: pieces_of(row),
            })
            .collect(),
        family: None,
    }
}

/// What the import of a checked document stores: for a self-check table,
/// as [`content_from_table`] (with the reader's `warnings`); for another
/// family, no tasks and the family report (its indicators, funds block,
/// period and totals) with the report's warnings.
pub fn content_from_report(
    table: &kaohe_core::table::Table,
    warnings: &[kaohe_core::Diagnostic],
    report: &kaohe_core::check::Report,
    source_name: &str,
    source_encoding: &str,
    source_text: &str,
) -> crate::model::TableContent {
    match crate::model::FamilyReport::of(report) {
        None => content_from_table(table, warnings, source_name, source_encoding, source_text),
        Some(family) => crate::model::TableContent {
            title: report
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| source_name.to_string()),
            source_name: source_name.to_string(),
            source_encoding: source_encoding.to_string(),
            source_text: source_text.to_string(),
            warnings: report.warnings.clone(),
            tasks: Vec::new(),
            family: Some(family),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(content: &str, status: &str) -> TaskText {
        TaskText {
            dimension: "业务".into(),
            content: content.into(),
            status: status.into(),
            problems: "无".into(),
        }
    }

    #[test]
    fn corrections_change_verdicts_and_drop_when_text_changes() {
        let text = task("新增5G基站6000个。", "已完成。本年新建5G基站7200个。");
        let plain = derive(1, &text, &SourcePieces::default(), &[]).unwrap();
        assert_eq!(plain.targets[0].verdict, Verdict::Met);
        assert!(!plain.flagged);
        let raise = StoredCorrection {
            position: 0,
            text: plain.targets[0].text.clone(),
            correction: TargetCorrection {
                comparator: Some(">=".into()),
                value: Some("8000".into()),
                unit: "个".into(),
                period: "year".into(),
            },
        };
        let corrected = derive(
            1,
            &text,
            &SourcePieces::default(),
            std::slice::from_ref(&raise),
        )
        .unwrap();
        assert_eq!(corrected.targets[0].verdict, Verdict::NotMet);
        assert!(corrected.targets[0].corrected);
        assert!(corrected.flagged, "claims 已完成 while missed");

        let edited = task("新增5G基站7000个。", "已完成。本年新建5G基站7200个。");
        let dropped = derive(1, &edited, &SourcePieces::default(), &[raise]).unwrap();
        assert!(!dropped.targets[0].corrected);
        assert_eq!(dropped.targets[0].verdict, Verdict::Met);
    }

    #[test]
    fn bad_corrections_are_refused_in_chinese() {
        for (cmp, value, unit, period) in [
            ("≈", "1", "个", "year"),
            (">=", "很多", "个", "year"),
            (">=", "1", "光年", "year"),
            (">=", "1", "个", "decade"),
        ] {
            let c = TargetCorrection {
                comparator: Some(cmp.into()),
                value: Some(value.into()),
                unit: unit.into(),
                period: period.into(),
            };
            let err = to_override(0, &c).unwrap_err();
            assert!(
                matches!(err, StoreError::Invalid(_)),
                "{cmp} {value} {unit} {period}"
            );
        }
    }

    /// Stores written before the pieces were typed read back, and new ones
    /// are written in the same text.
    #[test]
    fn pieces_keep_their_stored_text() {
        let stored = r#"{"content":[[0,3],[12,4]],"problems":[],"status":[[0,5]]}"#;
        let pieces = SourcePieces::from_stored(stored);
        assert_eq!(pieces.content, Some(vec![(0, 3), (12, 4)]));
        assert_eq!(pieces.to_stored(), stored);
        let mut edited = pieces;
        edited.forget("status");
        assert_eq!(
            edited.to_stored(),
            r#"{"content":[[0,3],[12,4]],"problems":[]}"#
        );
        assert_eq!(
            SourcePieces::from_stored("not json"),
            SourcePieces::default()
        );
    }
}
