//! Pass 3, paragraphs: wrapped lines joined into runs that each belong to
//! one cell.
//!
//! Blank lines usually separate cells, but not reliably: PDF extraction puts
//! blank lines and page breaks inside a wrapped sentence, and sometimes no
//! blank line between two cells. So a blank line is crossed when the line
//! before it fills its column and leaves its sentence open, and cells are
//! split where no blank line separates them: at the 无 cell, a width jump
//! after a full stop, lines wrapped at the narrow problems column, numbering
//! that starts again at 1. A stray `。` on a line of its own joins the line
//! before.

use super::{ends_sentence, is_nothing, is_opener, item_number, looks_like_dimension};
use super::{ColumnWidths, Event, LineRef, Paragraph};
use crate::diagnostic::Diagnostic;
use crate::text::{is_only_punctuation, width};

/// The line stream joined into paragraphs, one cell each.
pub(super) fn paragraphs(
    events: Vec<Event>,
    widths: &ColumnWidths,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Paragraph> {
    let mut paras: Vec<Paragraph> = Vec::new();
    let mut current = Paragraph::default();
    let mut pending_dimension: Option<(String, u32)> = None;
    let mut after_blank = true;
    // A page ended since the last paragraph started.
    let mut after_page = false;
    let flush = |current: &mut Paragraph, paras: &mut Vec<Paragraph>| {
        if !current.lines.is_empty() {
            paras.push(std::mem::take(current));
        }
    };
    // The width of the line after each event, for looking one line ahead.
    let next_width: Vec<Option<f32>> = (0..events.len())
        .map(|i| match events.get(i + 1) {
            Some(Event::Line(n)) => Some(n.width),
            _ => None,
        })
        .collect();
    for (idx, ev) in events.into_iter().enumerate() {
        match ev {
            Event::Blank => {
                flush(&mut current, &mut paras);
                after_blank = true;
            }
            Event::PageBreak => {
                flush(&mut current, &mut paras);
                after_blank = true;
                after_page = true;
            }
            Event::Dimension(name, line) => {
                flush(&mut current, &mut paras);
                pending_dimension = Some((name, line));
                after_blank = true;
            }
            Event::Line(l) => {
                // A stray `。` joins the line before it.
                if is_only_punctuation(&l.text) {
                    let target = if current.lines.is_empty() {
                        paras.last_mut()
                    } else {
                        Some(&mut current)
                    };
                    if let Some(p) = target {
                        if let Some(last) = p.lines.last_mut() {
                            diags.push(Diagnostic::at(
                                l.line,
                                format!("单独一行的“{}”已并入上一行", l.text),
                            ));
                            last.text.push_str(&l.text);
                            last.width += l.width;
                            continue;
                        }
                    }
                }
                let breaks = match current.lines.last() {
                    None => false,
                    Some(prev) => {
                        prev.gap_after
                            || l.gap_before
                            // The 无 cell stands alone even with no blank line around it.
                            || is_nothing(&prev.text)
                            || is_nothing(&l.text)
                            // A dimension label directly above its first row.
                            || (current.lines.len() == 1
                                && looks_like_dimension(&prev.text)
                                && l.width > width(&prev.text) + 4.0)
                            || (is_opener(&l.text)
                                && (ends_sentence(&prev.text) || (ends_sentence(&l.text) && l.width <= 8.0)))
                            || (ends_sentence(&prev.text)
                                && prev.width <= widths.content + 2.0
                                && l.width > widths.content + 3.0
                                && item_number(&l.text).is_none())
                            // After a full stop, a line much wider than the cell so far.
                            || (ends_sentence(&prev.text) && l.width > current.max_width() + 3.0)
                            // After a full stop, lines wrapped at the narrow problems column.
                            || (ends_sentence(&prev.text)
                                && !ends_sentence(&l.text)
                                && l.width <= widths.problems + 1.0
                                && next_width[idx].is_some_and(|w| w <= widths.problems + 1.0))
                            // A cell wrapped at the narrow problems column ends at its full stop.
                            || (ends_sentence(&prev.text)
                                && current.lines.len() >= 2
                                && current.max_width() <= widths.problems + 1.0)
                            // 详见附件3。 twice: the same note in two cells.
                            || (prev.text == l.text && width(&l.text) <= widths.problems)
                            // Numbering that starts again at 1 starts another cell.
                            || (item_number(&l.text) == Some(1)
                                && current.lines.iter().any(|x| item_number(&x.text).is_some()))
                    }
                };
                if breaks {
                    flush(&mut current, &mut paras);
                }
                // A wrapped sentence that PDF extraction cut with a blank line.
                if current.lines.is_empty() && after_blank && pending_dimension.is_none() {
                    if let Some(prev) = paras.last_mut() {
                        if continues_across_blank(prev, &l, widths) {
                            prev.lines.push(l);
                            after_blank = false;
                            continue;
                        }
                    }
                }
                if current.lines.is_empty() {
                    current.dimension = pending_dimension.take();
                    current.after_page = std::mem::take(&mut after_page);
                }
                current.lines.push(l);
                after_blank = false;
            }
        }
    }
    flush(&mut current, &mut paras);
    paras
}

fn continues_across_blank(prev: &Paragraph, next: &LineRef, widths: &ColumnWidths) -> bool {
    let Some(last) = prev.lines.last() else {
        return false;
    };
    if last.gap_after || next.gap_before {
        return false;
    }
    let t = last.text.trim_end();
    let open_end = !ends_sentence(t) && !t.ends_with(['”', '）', ')', '」', '》']);
    open_end
        && widths.is_full(last.width)
        && item_number(&next.text).is_none()
        && !is_opener(&next.text)
        && !is_nothing(&next.text)
}
