//! Pass 4, cells: every paragraph labelled task / status / problems /
//! dimension, and the labels built into rows.
//!
//! No paragraph says on its own which column it sits in; the sequence does.
//! A row is task+, status+, problems*, so a small Viterbi search over that
//! grammar finds the best labelling of the whole document at once, scoring
//! each paragraph (its width against the measured columns, numbering,
//! openers such as 已完成, the 无 cell) and each step from one label to the
//! next (numbering that continues, a task cell continued after its status
//! only across a page break). A new row starts at every task paragraph that
//! follows a status or problems cell.

use super::{ends_sentence, is_nothing, is_opener, looks_like_dimension};
use super::{ColumnWidths, Label, Paragraph};
use crate::diagnostic::Diagnostic;
use crate::table::{Row, Table};

const LABELS: [Label; 5] = [
    Label::Content,
    Label::Status,
    Label::Problems,
    Label::Dimension,
    Label::ContentMore,
];

/// Scores that rule a labelling out.
const NEVER: f32 = -1000.0;

/// The emission score of a paragraph under each label, in `LABELS` order.
fn emissions(p: &Paragraph, w: &ColumnWidths, known: &[String]) -> [f32; 5] {
    let features = Features::of(p, w);
    LABELS.map(|label| emission(p, &features, label, known))
}

/// What the labels look at, computed once per paragraph.
struct Features {
    nothing: bool,
    opener: bool,
    max_w: f32,
    wraps_at_content: bool,
    wraps_at_status: bool,
    wraps_narrow: bool,
    too_wide_for_content: bool,
    bare_label: bool,
    problems_width: f32,
}

impl Features {
    fn of(p: &Paragraph, w: &ColumnWidths) -> Features {
        let nothing = p.lines.len() == 1 && is_nothing(p.first_text());
        let max_w = p.max_width();
        let wrapped = p.wrapped_widths();
        Features {
            nothing,
            opener: is_opener(p.first_text()),
            max_w,
            wraps_at_content: !wrapped.is_empty()
                && w.content < w.status - 6.0
                && wrapped.iter().all(|x| (*x - w.content).abs() <= 2.0),
            wraps_at_status: wrapped.iter().any(|x| *x > w.content + 2.0),
            // A cell wrapped at the narrow problems column.
            wraps_narrow: !wrapped.is_empty()
                && wrapped.iter().all(|x| *x <= w.problems + 1.0)
                && max_w <= w.problems + 1.0,
            too_wide_for_content: max_w > w.content + 2.0,
            // A short label with no punctuation reads as a dimension, not as a cell.
            bare_label: p.lines.len() == 1 && looks_like_dimension(p.first_text()),
            problems_width: w.problems,
        }
    }
}

fn emission(p: &Paragraph, f: &Features, label: Label, known: &[String]) -> f32 {
    let Features {
        nothing,
        opener,
        max_w,
        wraps_at_content,
        wraps_at_status,
        wraps_narrow,
        too_wide_for_content,
        bare_label,
        problems_width,
    } = *f;
    match label {
        Label::Content | Label::ContentMore => {
            let mut s = if bare_label { -1.5 } else { 0.0 };
            if nothing {
                s -= 12.0;
            }
            if too_wide_for_content {
                s -= 12.0;
            }
            if wraps_at_content {
                s += 3.0;
            }
            if opener {
                s -= 5.0;
            }
            if p.lines.first().is_some_and(|l| l.gap_before) && opener {
                s -= 5.0;
            }
            s
        }
        Label::Status => {
            let mut s = if bare_label { -1.5 } else { 0.0 };
            if nothing {
                s -= 12.0;
            }
            if too_wide_for_content {
                s += 3.0;
            }
            if wraps_at_status {
                s += 2.0;
            }
            if wraps_at_content {
                s -= 3.0;
            }
            if wraps_narrow {
                s -= 4.0;
            }
            if opener {
                s += 4.0;
            }
            s
        }
        Label::Dimension => {
            let t = p.first_text();
            if p.lines.len() != 1
                || p.lines[0].gap_before
                || p.lines[0].gap_after
                || !looks_like_dimension(t)
            {
                return NEVER;
            }
            if known.iter().any(|k| k == t.trim()) {
                3.0
            } else {
                -0.5
            }
        }
        Label::Problems => {
            if nothing {
                return 8.0;
            }
            let mut s = -2.0;
            if max_w > problems_width + 2.0 {
                s -= 12.0;
            }
            // 详见附件 belongs in either cell.
            if opener && !p.first_text().starts_with("详见") {
                s -= 6.0;
            }
            if p.first_item().is_some() {
                s -= 4.0;
            }
            if p.lines.first().is_some_and(|l| l.gap_before) {
                s += 2.0;
            }
            if wraps_narrow {
                s += 5.0;
            }
            s
        }
    }
}

fn transition(prev: Option<Label>, cur: Label, a: Option<&Paragraph>, b: &Paragraph) -> f32 {
    let Some(prev) = prev else {
        return match cur {
            Label::Content | Label::Dimension => 0.0,
            Label::Status => -6.0,
            Label::Problems => -12.0,
            Label::ContentMore => NEVER,
        };
    };
    // A task cell continues after its status only across a page break.
    let (prev, cur) = match (prev, cur) {
        (Label::Status, Label::ContentMore) => {
            return if b.after_page { -2.5 } else { NEVER };
        }
        (_, Label::ContentMore) => return NEVER,
        (Label::ContentMore, c) => (Label::Content, c),
        pc => pc,
    };
    let mut s = match (prev, cur) {
        (_, Label::ContentMore) | (Label::ContentMore, _) => NEVER,
        (Label::Dimension, Label::Content) => 0.0,
        (Label::Dimension, _) => NEVER,
        (Label::Content, Label::Dimension) => NEVER,
        (Label::Status, Label::Dimension) => -6.0,
        (Label::Problems, Label::Dimension) => 0.0,
        (Label::Content, Label::Content) => -1.5,
        (Label::Content, Label::Status) => 0.0,
        (Label::Content, Label::Problems) => -6.0,
        (Label::Status, Label::Status) => 0.0,
        (Label::Status, Label::Problems) => 0.0,
        (Label::Status, Label::Content) => -4.0,
        (Label::Problems, Label::Content) => 0.0,
        (Label::Problems, Label::Problems) => -3.0,
        (Label::Problems, Label::Status) => -10.0,
    };
    if prev == cur && cur != Label::Problems {
        if let (Some(a), Some(k)) = (a, b.first_item()) {
            match a.last_item() {
                Some(j) if k == j + 1 => s += 3.0,
                Some(_) if k == 1 => s -= 2.0,
                None if k == 1 && cur == Label::Content => s -= 1.0,
                _ => {}
            }
        }
        // An unnumbered paragraph after a finished task sentence starts the status.
        if cur == Label::Content && b.first_item().is_none() {
            if let Some(a) = a {
                if ends_sentence(a.last_text()) {
                    s -= 2.0;
                }
            }
        }
    }
    s
}

/// The score of ending a row on a paragraph of this label: rows end with
/// their problems cell, less often with a status, never with a task.
fn row_end(last: Label) -> f32 {
    match last {
        Label::Content | Label::ContentMore => -6.0,
        Label::Status => -2.5,
        Label::Problems => 0.0,
        Label::Dimension => NEVER,
    }
}

/// The best labelling of the paragraphs under the row grammar.
pub(super) fn label(paras: &[Paragraph], w: &ColumnWidths) -> Vec<Label> {
    let n = paras.len();
    if n == 0 {
        return Vec::new();
    }
    let mut known: Vec<String> = Vec::new();
    for p in paras {
        if let Some((name, _)) = &p.dimension {
            if !known.contains(name) {
                known.push(name.clone());
            }
        }
    }
    let mut em: Vec<[f32; 5]> = paras.iter().map(|p| emissions(p, w, &known)).collect();
    // After a page break, the rest of a task cell whose first page ended
    // mid-sentence (…困难残 / 已完成。 / [page] / 疾人生活补贴…).
    for i in 1..n {
        if !paras[i].after_page {
            continue;
        }
        let open_task = paras[i.saturating_sub(3)..i].iter().any(|p| {
            let last = p.lines.last().map_or(0.0, |l| l.width);
            !ends_sentence(p.last_text())
                && p.max_width() <= w.content + 2.0
                && (last - w.content).abs() <= 2.0
                && !looks_like_dimension(p.first_text())
        });
        if open_task {
            em[i][4] += 4.0;
        }
    }
    // A short note repeated from the cell before (详见附件3, 同上) fills the
    // problems cell as it filled the status cell.
    for i in 1..n {
        if paras[i].lines.len() == 1
            && paras[i - 1].lines.len() == 1
            && paras[i].first_text() == paras[i - 1].first_text()
        {
            em[i][2] += 4.0;
        }
    }
    let mut score = vec![[f32::NEG_INFINITY; 5]; n];
    let mut back = vec![[0usize; 5]; n];
    for (ci, &cur) in LABELS.iter().enumerate() {
        score[0][ci] = em[0][ci] + transition(None, cur, None, &paras[0]);
    }
    // A dimension at a page top starts a row only when it changes.
    let mut forced = vec![false; n];
    let mut current: Option<&str> = None;
    for (i, p) in paras.iter().enumerate() {
        if let Some((name, _)) = &p.dimension {
            forced[i] = current != Some(name.as_str());
            current = Some(name.as_str());
        }
        if p.lines.len() == 1 && looks_like_dimension(p.first_text()) {
            current = Some(p.first_text().trim());
        }
    }
    for i in 1..n {
        let forced_start = forced[i];
        for (ci, &cur) in LABELS.iter().enumerate() {
            let e = em[i][ci];
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for (pi, &prev) in LABELS.iter().enumerate() {
                let t = if forced_start {
                    // A new dimension starts a new row; the row before must be complete.
                    let end_ok = row_end(prev);
                    transition(None, cur, None, &paras[i]) + end_ok
                } else {
                    transition(Some(prev), cur, Some(&paras[i - 1]), &paras[i])
                };
                let v = score[i - 1][pi] + t;
                if v > best {
                    best = v;
                    arg = pi;
                }
            }
            score[i][ci] = best + e;
            back[i][ci] = arg;
        }
    }
    // A table ends with a status or problems cell.
    let mut last = 0;
    let mut best = f32::NEG_INFINITY;
    for (ci, &cur) in LABELS.iter().enumerate() {
        let v = score[n - 1][ci] + row_end(cur);
        if v > best {
            best = v;
            last = ci;
        }
    }
    let mut labels = vec![Label::Content; n];
    let mut k = last;
    for i in (0..n).rev() {
        labels[i] = LABELS[k];
        k = back[i][k];
    }
    labels
}

/// Builds the table's rows from the labelled paragraphs.
pub(super) fn build_rows(
    paras: &[Paragraph],
    labels: &[Label],
    table: &mut Table,
    diags: &mut Vec<Diagnostic>,
) {
    let mut dimension = String::new();
    let mut row: Option<Row> = None;
    let mut prev_label: Option<Label> = None;
    for (p, &lab) in paras.iter().zip(labels) {
        let mut new_dimension = false;
        if lab == Label::Dimension {
            let name = p.first_text().trim().to_string();
            if !table.dimensions.contains(&name) {
                table.dimensions.push(name.clone());
            }
            if let Some(r) = row.take() {
                finish_row(r, table, diags);
            }
            dimension = name;
            prev_label = Some(lab);
            continue;
        }
        if let Some((name, _)) = &p.dimension {
            if *name != dimension {
                dimension = name.clone();
                new_dimension = true;
            }
            if !table.dimensions.contains(name) {
                table.dimensions.push(name.clone());
            }
        }
        let starts_row = lab == Label::Content
            && (prev_label != Some(Label::Content) || new_dimension || row.is_none());
        if starts_row {
            if let Some(r) = row.take() {
                finish_row(r, table, diags);
            }
            row = Some(Row {
                dimension: dimension.clone(),
                ..Row::default()
            });
        }
        let r = row.get_or_insert_with(|| Row {
            dimension: dimension.clone(),
            ..Row::default()
        });
        let cell = match lab {
            Label::Content | Label::Dimension | Label::ContentMore => &mut r.content,
            Label::Status => &mut r.status,
            Label::Problems => &mut r.problems,
        };
        for l in &p.lines {
            cell.push_line(&l.text, l.line);
        }
        prev_label = Some(lab);
    }
    if let Some(r) = row.take() {
        finish_row(r, table, diags);
    }
}

fn finish_row(row: Row, table: &mut Table, diags: &mut Vec<Diagnostic>) {
    let line = row.content.line_range().map_or(0, |r| r.0);
    if row.content.is_empty() {
        diags.push(Diagnostic::at(
            row.status.line_range().map_or(0, |r| r.0),
            "这一行的落实情况前没有找到自查内容，已单独列为一项",
        ));
    } else if row.status.is_empty() {
        diags.push(Diagnostic::at(line, "这项任务没有找到落实情况"));
    }
    if row.problems.is_empty() && !row.status.is_empty() {
        diags.push(Diagnostic::at(line, "这项任务没有找到“存在问题及原因”栏"));
    }
    table.tasks.push(row);
}
