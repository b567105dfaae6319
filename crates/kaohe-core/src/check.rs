//! The whole check of one table: layout, quantities, targets, verdicts, in
//! the shape of the JSON contract (`docs/check-json.md`).

use kaohe_numerals::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::claim::{self, Claimed};
use crate::diagnostic::Diagnostic;
use crate::family::{self, Family, FundsReport, IndicatorReport, PartYear, TargetQuality};
use crate::items::{self, Item};
use crate::layout;
use crate::quantity::{self, Approx, Change, Comparator, Kind, Period, Quantity};
use crate::score::Grade;
use crate::table::{self, Cell, Table};
use crate::target::{self, TargetKind};
use crate::units::UnitName;
use crate::verify::{self, Evaluation, Flag, Outcome, Verdict};

/// The checked table.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    /// Which family of document was read.
    #[serde(default)]
    pub family: Family,
    /// The title line.
    pub title: Option<String>,
    /// The agency.
    pub organization: Option<String>,
    /// The year assessed.
    pub year: Option<i32>,
    /// The part of the year a progress document covers (`1-8月`).
    #[serde(default)]
    pub period: Option<PartYear>,
    /// The budget block of a 绩效自评表.
    #[serde(default)]
    pub funds: Option<FundsReport>,
    /// Column names.
    pub columns: Vec<String>,
    /// Dimensions in order.
    pub dimensions: Vec<String>,
    /// Every task, in document order.
    pub tasks: Vec<TaskReport>,
    /// Every target row of a performance, progress or report document.
    #[serde(default)]
    pub indicators: Vec<IndicatorReport>,
    /// Counts.
    pub summary: Summary,
    /// Targets that cannot be verified by design.
    #[serde(default)]
    pub target_quality: Vec<TargetQuality>,
    /// What the reader noticed.
    pub warnings: Vec<Diagnostic>,
}

/// One task, checked.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TaskReport {
    /// 1-based, in document order.
    pub index: usize,
    /// The dimension.
    pub dimension: String,
    /// 自查内容, wrapped lines joined.
    pub content: String,
    /// The content's numbered items.
    pub items: Vec<String>,
    /// 落实情况.
    pub status: String,
    /// The status's numbered items.
    pub status_items: Vec<String>,
    /// 存在问题及原因.
    pub problems: String,
    /// The completion the status claims.
    pub claimed: Claimed,
    /// Original lines of each cell.
    pub source_lines: SourceLines,
    /// Every number in the three cells.
    pub quantities: Vec<QuantityReport>,
    /// Every target, checked.
    pub targets: Vec<TargetReport>,
    /// Notes for the reviewer.
    pub flags: Vec<Flag>,
}

/// First and last original line of each cell.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SourceLines {
    /// 自查内容.
    pub content: Option<[u32; 2]>,
    /// 落实情况.
    pub status: Option<[u32; 2]>,
    /// 存在问题及原因.
    pub problems: Option<[u32; 2]>,
}

/// A number found in a cell.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuantityReport {
    /// `target` (自查内容), `outcome` (落实情况) or `problems`.
    #[serde(deserialize_with = "de_column")]
    pub column: ColumnName,
    /// The text of the number with its unit.
    pub span: String,
    /// Value in base units.
    #[serde(serialize_with = "ser_decimal", deserialize_with = "de_decimal")]
    pub value: Decimal,
    /// Upper bound of a range.
    #[serde(
        serialize_with = "ser_opt_decimal",
        deserialize_with = "de_opt_decimal",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub upper: Option<Decimal>,
    /// Unit.
    #[serde(deserialize_with = "crate::units::deserialize_unit")]
    pub unit: UnitName,
    /// What the number is.
    pub kind: Kind,
    /// Approximate (多, 余, 近, 约).
    pub approx: bool,
    /// Which way it is approximate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approx_kind: Option<Approx>,
    /// A bound stated with it.
    pub comparator: Option<Comparator>,
    /// A period stated with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// A change stated with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// Original line.
    pub line: Option<u32>,
}

/// A target, checked.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TargetReport {
    /// Item number in the task cell.
    pub item: u32,
    /// The clause that states it.
    pub text: String,
    /// What is counted.
    pub subject: String,
    /// Kind of commitment.
    pub kind: TargetKind,
    /// Bound.
    pub comparator: Option<Comparator>,
    /// Value in base units.
    #[serde(
        serialize_with = "ser_opt_decimal",
        deserialize_with = "de_opt_decimal",
        default
    )]
    pub value: Option<Decimal>,
    /// Unit.
    #[serde(deserialize_with = "crate::units::deserialize_unit")]
    pub unit: UnitName,
    /// Period the value is counted over.
    pub period: Period,
    /// For changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Change>,
    /// For deadlines: `9月31日` style month and day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Original line of the target.
    pub line: Option<u32>,
    /// What answered it.
    pub actual: Option<ActualReport>,
    /// The verdict.
    pub verdict: Verdict,
    /// Achievement over target.
    pub ratio: Option<f64>,
    /// One line in Chinese.
    pub reason: String,
    /// Notes for the reviewer.
    pub flags: Vec<Flag>,
}

/// The achievement that answered a target.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActualReport {
    /// The clause that states it.
    pub text: String,
    /// Value in base units.
    #[serde(
        serialize_with = "ser_opt_decimal",
        deserialize_with = "de_opt_decimal",
        default
    )]
    pub value: Option<Decimal>,
    /// Unit.
    #[serde(deserialize_with = "crate::units::deserialize_unit")]
    pub unit: UnitName,
    /// Period.
    pub period: Period,
    /// Original line.
    pub line: Option<u32>,
    /// The number's own text, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<String>,
}

/// Counts over the table.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Tasks.
    pub tasks: usize,
    /// Targets with something to check (all but qualitative).
    pub targets: usize,
    /// Met.
    pub met: usize,
    /// Not met.
    pub not_met: usize,
    /// Unverified.
    pub unverified: usize,
    /// Qualitative items.
    pub qualitative: usize,
    /// Tasks that claim completion in words while a target is not met.
    pub flagged_tasks: usize,
    /// Tasks that report work with no problem named (存在问题 无) while a
    /// target is not met: completion implied, not claimed.
    #[serde(default)]
    pub implied_tasks: usize,
    /// Indicators (performance, progress and report documents).
    #[serde(default)]
    pub indicators: usize,
    /// The agency's own scores, summed (the funds block's included).
    #[serde(default)]
    pub self_score_total: Option<f64>,
    /// The rule's scores, summed (the funds block's included).
    #[serde(default)]
    pub suggested_score_total: Option<f64>,
    /// The grade of the rule's total.
    #[serde(
        default,
        serialize_with = "family::ser_grade",
        deserialize_with = "family::de_grade"
    )]
    pub grade: Option<Grade>,
    /// The grade of the agency's own total.
    #[serde(
        default,
        serialize_with = "family::ser_grade",
        deserialize_with = "family::de_grade"
    )]
    pub self_grade: Option<Grade>,
}

fn ser_decimal<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    match d.to_i64() {
        Some(i) => s.serialize_i64(i),
        None => s.serialize_f64(d.to_f64()),
    }
}

fn ser_opt_decimal<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ser_decimal(d, s),
        None => s.serialize_none(),
    }
}

/// A number as [`ser_decimal`] wrote it.
#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Integer(i64),
    Float(f64),
}

impl Number {
    fn decimal(self) -> Decimal {
        match self {
            Number::Integer(i) => Decimal::new(i128::from(i), 0),
            // Rust prints the shortest text that reads back as the same
            // float, never in exponent form, which is what `Decimal` parses.
            Number::Float(x) => format!("{x}")
                .parse()
                .unwrap_or_else(|_| Decimal::from_f64_rounded(x, 6)),
        }
    }
}

/// Reads back what [`ser_decimal`] wrote.
fn de_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    Number::deserialize(d).map(Number::decimal)
}

fn de_opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    Ok(Option::<Number>::deserialize(d)?.map(Number::decimal))
}

/// A column's name in [`QuantityReport`]. Named through an alias, as units
/// are ([`UnitName`]), because serde would otherwise borrow a `&str` field
/// from the input, and a report must read back from text that goes away.
pub type ColumnName = &'static str;

/// The column names [`QuantityReport::column`] takes.
const COLUMNS: [&str; 3] = ["target", "outcome", "problems"];

fn de_column<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let text = String::deserialize(d)?;
    COLUMNS
        .iter()
        .find(|c| **c == text)
        .copied()
        .ok_or_else(|| serde::de::Error::custom(format!("unknown column: {text}")))
}

impl Report {
    /// Why the document is refused, in words for the person who sent it:
    /// what a reader said it could not do (`pdftotext` text whose columns do
    /// not come apart …), else what was looked for. `None` when it reads.
    pub fn refusal(&self) -> Option<&str> {
        if self.is_readable() {
            return None;
        }
        Some(
            self.warnings
                .iter()
                .map(|w| w.message.as_str())
                .find(|m| layout::is_refusal(m))
                .unwrap_or(NOT_READABLE),
        )
    }

    /// Whether anything of a family was read: a self-check table's tasks or
    /// another family's indicators. A report that is not is refused.
    pub fn is_readable(&self) -> bool {
        match self.family {
            Family::SelfCheck => self.looks_like_table(),
            _ => !self.indicators.is_empty(),
        }
    }

    /// Whether what was read is a self-check table: it has rows under a
    /// header naming the columns. Prose, or a page's furniture, read as rows
    /// has no such header.
    pub fn looks_like_table(&self) -> bool {
        !self.tasks.is_empty() && !self.columns.is_empty()
    }
}

/// Checks a self-check table given as text. Never fails; a text that is not
/// a table gives a report with no tasks and a warning saying so.
pub fn check(text: &str) -> Report {
    let (table, diags) = layout::read(text);
    check_table(&table, diags)
}

/// What a document of no family is told: what was looked for.
pub const NOT_READABLE: &str = "没有找到可核对的目标：文件不像一张自查表（考评维度、自查内容、落实情况、存在问题四栏），也不像绩效自评表（年度指标值、实际完成值）、进展情况表（年度目标、完成情况）或写明目标与完成数的文字报告";

/// Checks a document of any family given as text: the self-check table when
/// the text is one, else a performance, progress or report document. A text
/// of no family gives a report for which [`Report::is_readable`] is false.
pub fn check_text(text: &str) -> Report {
    let (table, diags) = layout::read(text);
    check_imported(&table, diags, text)
}

/// Checks what a file reader produced: the self-check table it found, else
/// the family reader on the text it kept (`source`: the file's text, or a
/// rendering of its tables with one row a line and tabs between cells).
pub fn check_imported(table: &Table, warnings: Vec<Diagnostic>, source: &str) -> Report {
    // A self-check table is one under its header; a text whose header names
    // another family's columns, or that has no header, is read as its family
    // first (checking the self-check reader's guesses would be wasted).
    let self_check = !table.tasks.is_empty() && !table.columns.is_empty();
    if warnings.iter().any(|w| layout::is_refusal(&w.message)) {
        // pdftotext's output that cannot be put back into rows (its
        // default mode, or -layout that does not split): no reader reads
        // it; refused with what to do.
        return check_table(table, warnings);
    }
    if self_check && !family::names_other_columns(source) {
        return check_table(table, warnings);
    }
    match family::check(source) {
        Some(other) => other,
        None => check_table(table, warnings),
    }
}

/// Checks a table already read (from text, DOCX, XLSX or PDF).
pub fn check_table(table: &Table, warnings: Vec<Diagnostic>) -> Report {
    let mut warnings = warnings;
    let mut summary = Summary {
        tasks: table.tasks.len(),
        ..Summary::default()
    };
    let mut tasks = Vec::with_capacity(table.tasks.len());
    for (i, row) in table.tasks.iter().enumerate() {
        let task = check_row_with(i + 1, row, &[], &mut warnings);
        for t in &task.targets {
            match t.verdict {
                Verdict::Met => summary.met += 1,
                Verdict::NotMet => summary.not_met += 1,
                Verdict::Unverified => summary.unverified += 1,
                Verdict::Qualitative => summary.qualitative += 1,
            }
            if t.verdict != Verdict::Qualitative {
                summary.targets += 1;
            }
        }
        if task.flags.contains(&Flag::ClaimedCompletedButNotMet) {
            summary.flagged_tasks += 1;
        }
        if task.flags.contains(&Flag::ImpliedCompletedButNotMet) {
            summary.implied_tasks += 1;
        }
        tasks.push(task);
    }
    let mut dimensions = table.dimensions.clone();
    for t in &table.tasks {
        if !t.dimension.is_empty() && !dimensions.contains(&t.dimension) {
            dimensions.push(t.dimension.clone());
        }
    }
    Report {
        family: Family::SelfCheck,
        title: table.title.clone(),
        organization: table.organization.clone(),
        year: table.year,
        period: None,
        funds: None,
        columns: table.columns.clone(),
        dimensions,
        tasks,
        indicators: Vec::new(),
        summary,
        target_quality: Vec::new(),
        warnings: crate::diagnostic::condense(warnings),
    }
}

/// A correction of one parsed target, made by a person who read it better
/// than the parser did. It replaces the bound, value, unit and period of the
/// target at `position` (0-based, in the order [`TaskReport::targets`] lists).
#[derive(Clone, Debug, PartialEq)]
pub struct TargetOverride {
    /// Position in the task's target list.
    pub position: usize,
    /// The bound.
    pub comparator: Option<Comparator>,
    /// The value in base units; `None` makes the target qualitative.
    pub value: Option<Decimal>,
    /// The unit, canonical (`个`, `%`, `万元` is written `元` with the value scaled).
    pub unit: &'static str,
    /// The period the value counts over.
    pub period: Period,
}

/// Checks one task on its own (as the server does after an edit), with
/// corrected targets applied before verification. `index` is the task's
/// 1-based position in its table.
pub fn check_task(index: usize, row: &table::Row, overrides: &[TargetOverride]) -> TaskReport {
    check_row_with(index, row, overrides, &mut Vec::new())
}

fn apply_override(t: &mut target::Target, o: &TargetOverride) {
    t.comparator = o.comparator;
    t.value = o.value;
    t.unit = o.unit;
    t.period = o.period;
    t.kind = match (o.value, t.kind) {
        (None, TargetKind::Deadline) => TargetKind::Deadline,
        (None, _) => TargetKind::Qualitative,
        (Some(_), TargetKind::ChangePercent) => TargetKind::ChangePercent,
        (Some(_), TargetKind::ZeroEvent) if o.value == Some(Decimal::ZERO) => TargetKind::ZeroEvent,
        (Some(_), _) if o.unit == "%" => TargetKind::Percent,
        (Some(_), _) => TargetKind::Count,
    };
    if t.kind != TargetKind::Deadline {
        t.deadline = None;
    }
}

/// Most targets checked in one task.
pub const MAX_TARGETS: usize = 200;

/// Checks one row; what it notices about the row's cells goes to `notes`.
fn check_row_with(
    index: usize,
    row: &table::Row,
    overrides: &[TargetOverride],
    notes: &mut Vec<Diagnostic>,
) -> TaskReport {
    let content_items = items::split(&row.content);
    let status_items = items::split(&row.status);
    let content_q =
        quantity::extract_with_items(&row.content.text, &items::marker_offsets(&content_items));
    let status_q =
        quantity::extract_with_items(&row.status.text, &items::marker_offsets(&status_items));
    let problems_q = quantity::extract(&row.problems.text);
    for (cell, qs) in [
        (&row.content, &content_q),
        (&row.status, &status_q),
        (&row.problems, &problems_q),
    ] {
        if qs.len() >= quantity::MAX_QUANTITIES {
            let message = format!(
                "这一格里的数字超过 {} 个，只读取了前 {} 个",
                quantity::MAX_QUANTITIES,
                quantity::MAX_QUANTITIES
            );
            notes.push(match cell.pieces.first() {
                Some(p) => Diagnostic::at(p.line, message),
                None => Diagnostic::general(message),
            });
        }
    }
    let claimed = claim::read(&row.status.text, &row.problems.text);

    let mut targets = target::parse(&row.content.text, &content_items, &content_q);
    if targets.len() > MAX_TARGETS {
        // Each target looks through the outcome's text: past a few hundred,
        // a cell is not a task but a list, and checking it all would take
        // time growing with the square of its length.
        targets.truncate(MAX_TARGETS);
        let message = format!("这一项任务的目标超过 {MAX_TARGETS} 个，只核对了前 {MAX_TARGETS} 个");
        notes.push(match row.content.pieces.first() {
            Some(p) => Diagnostic::at(p.line, message),
            None => Diagnostic::general(message),
        });
    }
    for o in overrides {
        if let Some(t) = targets.get_mut(o.position) {
            apply_override(t, o);
        }
    }
    let outcome = Outcome {
        text: &row.status.text,
        quantities: &status_q,
        items: &status_items,
        problems: &row.problems.text,
        paired: false,
        content: &row.content.text,
    };
    let mut evaluations = verify::evaluate(targets, &outcome, content_items.len());
    for o in overrides {
        if let Some(e) = evaluations.get_mut(o.position) {
            e.flags.push(Flag::TargetCorrected);
        }
    }

    let mut flags: Vec<Flag> = Vec::new();
    let missed = evaluations.iter().any(|e| e.verdict == Verdict::NotMet);
    if claimed == Claimed::Completed && missed {
        if claim::states_completion(&row.status.text) {
            flags.push(Flag::ClaimedCompletedButNotMet);
        } else if claim::implies_completion(&row.status.text, &row.problems.text) {
            flags.push(Flag::ImpliedCompletedButNotMet);
        }
    }
    for e in &evaluations {
        for f in &e.flags {
            if !flags.contains(f) {
                flags.push(*f);
            }
        }
    }

    let mut quantities = Vec::new();
    for (column, cell, qs) in [
        ("target", &row.content, &content_q),
        ("outcome", &row.status, &status_q),
        ("problems", &row.problems, &problems_q),
    ] {
        quantities.extend(
            qs.iter()
                .filter(|q| q.kind != Kind::Ordinal)
                .map(|q| quantity_report(column, cell, q)),
        );
    }

    TaskReport {
        index,
        dimension: row.dimension.clone(),
        content: row.content.text.clone(),
        items: item_texts(&row.content, &content_items),
        status: row.status.text.clone(),
        status_items: item_texts(&row.status, &status_items),
        problems: row.problems.text.clone(),
        claimed,
        source_lines: SourceLines {
            content: row.content.line_range().map(|(a, b)| [a, b]),
            status: row.status.line_range().map(|(a, b)| [a, b]),
            problems: row.problems.line_range().map(|(a, b)| [a, b]),
        },
        quantities,
        targets: evaluations
            .into_iter()
            .map(|e| target_report(e, &row.content, &row.status))
            .collect(),
        flags,
    }
}

fn item_texts(cell: &Cell, items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| i.text(&cell.text).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn quantity_report(column: &'static str, cell: &Cell, q: &Quantity) -> QuantityReport {
    QuantityReport {
        column,
        span: q.span(&cell.text).to_string(),
        value: q.value,
        upper: q.upper,
        unit: q.unit,
        kind: q.kind,
        approx: q.approx.is_some(),
        approx_kind: q.approx,
        comparator: q.comparator,
        period: q.period,
        change: q.change,
        line: cell.line_at(q.start),
    }
}

fn target_report(e: Evaluation, content: &Cell, status: &Cell) -> TargetReport {
    let t = e.target;
    TargetReport {
        item: t.item,
        line: content.line_at(t.span.0),
        text: t.text,
        subject: t.subject,
        kind: t.kind,
        comparator: t.comparator,
        value: t.value,
        unit: t.unit,
        period: t.period,
        direction: t.direction,
        deadline: t.deadline.map(|d| {
            if d.day >= 31 {
                format!("{}月底", d.month)
            } else {
                format!("{}月{}日", d.month, d.day)
            }
        }),
        actual: e.actual.map(|a| ActualReport {
            line: status.line_at(a.offset),
            span: a
                .quantity
                .as_ref()
                .map(|q| q.span(&status.text).to_string()),
            text: a.text,
            value: a.value,
            unit: a.unit,
            period: a.period,
        }),
        verdict: e.verdict,
        ratio: e.ratio,
        reason: e.reason,
        flags: e.flags,
    }
}
