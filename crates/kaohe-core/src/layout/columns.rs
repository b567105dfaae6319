//! Pass 2, columns: the wrap widths of this document, and lines split where
//! two cells share one.
//!
//! Text carries no column positions, only line widths. A line that wraps
//! ends at its column's width, so the widths of the wrapped lines show where
//! the task and status columns wrap ([`ColumnWidths`]); the later passes
//! judge every width against these, never against fixed numbers, so a
//! table of any proportions reads alike. Extraction also runs neighbouring cells into
//! one line when they are short (`……工作方案。 已完成。…`, `……试商用。 无`);
//! such a line is split at its gap so that each part can join its own cell.

use super::{ends_sentence, is_nothing, is_opener, item_number, looks_like_dimension};
use super::{ColumnWidths, Event, LineRef};
use crate::text::{char_width, width};

/// The width of a column no line wrapped in.
const UNMEASURED: f32 = 1.0e6;

impl ColumnWidths {
    /// The widths the wrapped lines of this document show.
    pub(super) fn estimate(events: &[Event]) -> ColumnWidths {
        // Lines that wrap: followed by more of the same sentence, directly or
        // after the blank line PDF extraction sometimes puts in between.
        let mut wrapped: Vec<f32> = Vec::new();
        for (i, ev) in events.iter().enumerate() {
            let Event::Line(a) = ev else { continue };
            // The 无 cell and lines where two cells ran together say nothing
            // about where a column wraps.
            if ends_sentence(&a.text) || is_nothing(&a.text) || a.text.contains(' ') {
                continue;
            }
            let next = match events.get(i + 1) {
                Some(Event::Line(b)) => Some(b),
                Some(Event::Blank | Event::PageBreak)
                    if a.width >= 10.0 && !looks_like_dimension(&a.text) =>
                {
                    match events.get(i + 2) {
                        Some(Event::Line(b)) if !is_nothing(&b.text) && !is_opener(&b.text) => {
                            Some(b)
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            if next.is_some_and(|b| item_number(&b.text).is_none()) {
                wrapped.push(a.width);
            }
        }
        wrapped.sort_by(|a, b| a.total_cmp(b));
        // Text that was never wrapped (a Word table saved as text: one line a
        // cell) has no column widths to measure; width then decides nothing.
        if wrapped.len() < 3 {
            return ColumnWidths {
                content: UNMEASURED,
                status: UNMEASURED,
                problems: 24.0,
            };
        }
        let near = |w: f32, tol: f32| wrapped.iter().filter(|x| (**x - w).abs() <= tol).count();
        // The status column: the widest width that two wrapped lines reach,
        // unless a single much wider wrap shows the real column.
        let widest = wrapped.last().copied().unwrap_or(51.0);
        let status = wrapped
            .iter()
            .rev()
            .copied()
            .find(|w| near(*w, 1.5) >= 2)
            .filter(|w| *w >= widest * 0.75)
            .unwrap_or(widest);
        // The task column: the most common wrapped width well below it.
        let mut content = 0.0;
        let mut best = 0;
        for &w in &wrapped {
            if w < status * 0.8 && w >= status * 0.3 {
                let n = near(w, 1.0);
                if n > best || (n == best && w > content) {
                    best = n;
                    content = w;
                }
            }
        }
        if best < 2 {
            content = (status * 0.6).round();
        }
        ColumnWidths {
            content,
            status,
            problems: (status * 0.32).max(10.0),
        }
    }

    pub(super) fn is_full(&self, w: f32) -> bool {
        (w >= self.content - 2.0 && w <= self.content + 1.0) || w >= self.status - 2.5
    }
}

/// The line stream with every line that holds several cells split into
/// its cells.
pub(super) fn split_gaps(events: Vec<Event>, widths: &ColumnWidths) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let n = events.len();
    for idx in 0..n {
        let Event::Line(l) = &events[idx] else {
            out.push(events[idx].clone());
            continue;
        };
        let followed_by_blank = !matches!(events.get(idx + 1), Some(Event::Line(_)));
        let mut parts: Vec<&str> = Vec::new();
        split_line(&l.text, widths, followed_by_blank, &mut parts);
        if parts.len() == 1 {
            out.push(events[idx].clone());
            continue;
        }
        let last = parts.len() - 1;
        for (k, part) in parts.into_iter().enumerate() {
            out.push(Event::Line(LineRef {
                text: part.to_string(),
                line: l.line,
                width: width(part),
                gap_after: k < last,
                gap_before: k > 0 || l.gap_before,
            }));
        }
    }
    out
}

/// Most cells one line is split into: a table has four columns, and a line
/// of thousands of gaps is not a row of thousands of cells. Each split looks
/// at the whole line once, so the bound keeps splitting linear.
const MAX_SPLITS_PER_LINE: usize = 16;

/// Splits a line at every column gap it holds (up to
/// [`MAX_SPLITS_PER_LINE`]), left to right: the rightmost cell is split off
/// first, then the rest is split again.
fn split_line<'a>(
    line: &'a str,
    widths: &ColumnWidths,
    followed_by_blank: bool,
    out: &mut Vec<&'a str>,
) {
    let mut rights = Vec::new();
    let mut rest = line;
    let mut followed_by_blank = followed_by_blank;
    while rights.len() < MAX_SPLITS_PER_LINE {
        let Some((left, right)) = find_gap(rest, widths, followed_by_blank) else {
            break;
        };
        rights.push(right);
        rest = left;
        followed_by_blank = false;
    }
    out.push(rest);
    out.extend(rights.into_iter().rev());
}

/// Where a line holds two cells: the left and right parts.
fn find_gap<'a>(
    line: &'a str,
    widths: &ColumnWidths,
    followed_by_blank: bool,
) -> Option<(&'a str, &'a str)> {
    if !line.contains(' ') {
        return None;
    }
    let total = width(line);
    // (left, right, width of left); the left parts only grow, so their
    // widths are measured in one pass rather than each from the start.
    let mut candidates: Vec<(&str, &str, f32)> = Vec::new();
    let (mut measured_to, mut measured_width) = (0usize, 0.0f32);
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            let start = i;
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            let left = line[..start].trim_end();
            let right = line[i..].trim_start();
            if !left.is_empty() && !right.is_empty() {
                for c in line[measured_to..left.len()].chars() {
                    measured_width += char_width(c);
                }
                measured_to = left.len();
                candidates.push((left, right, measured_width));
            }
        } else {
            i += 1;
        }
    }
    for &(left, right, _) in candidates.iter().rev() {
        // `……首批试商用。 无`: the problems cell at the end.
        if is_nothing(right) && ends_sentence(left) {
            return Some((left, right));
        }
    }
    for &(left, right, left_width) in &candidates {
        // `……工作方案。 已完成。…`: a task and its status. A space after a
        // full stop never occurs inside a Chinese cell, so `。 ` alone is
        // enough when the left part fits the task column.
        let fits = left_width <= widths.content + 1.5;
        if fits && ends_sentence(left) && (is_opener(right) || left.ends_with('。')) {
            return Some((left, right));
        }
    }
    if total > widths.status + 3.0 {
        // Wider than any column: split where the left part fits the task column.
        if let Some(&(left, right, _)) = candidates
            .iter()
            .filter(|(_, _, w)| *w <= widths.content + 1.5)
            .max_by(|a, b| a.2.total_cmp(&b.2))
        {
            return Some((left, right));
        }
    }
    if followed_by_blank {
        if let Some(&(left, right, _)) = candidates.last() {
            // `……已完成。 部分区县进度滞后`: a short problems cell at the end.
            if left.ends_with('。') && width(right) <= widths.problems + 2.0 && !is_opener(right) {
                return Some((left, right));
            }
        }
    }
    None
}
