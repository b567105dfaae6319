//! Finding every number in Chinese prose and saying what it is.
//!
//! [`extract`] scans a text once, left to right. Most characters are passed
//! over after one comparison; the work happens only where a digit or a
//! Chinese numeral starts. Each number found becomes a [`Quantity`] whose
//! [`Kind`] tells a measured amount (`6000个`, `98%`) from a date (`6月27日`),
//! a code (`96010`, `192号段`), a name (`5G`, `二十大`, `“241”`), a schedule
//! (`7×24小时`), a spec (`1000M`), a rate base (`百万用户申诉率`) or a vague
//! amount (`数百`). Only [`Kind::Measure`] and [`Kind::Percent`] are
//! quantities a target can be checked against.
//!
//! The extractor never fails: text it cannot read yields fewer quantities,
//! never an error.
//!
//! The module is split where the work divides:
//!
//! - `types`: what the extractor answers with ([`Quantity`], [`Kind`],
//!   [`Comparator`], [`Approx`], [`Period`], [`Change`]).
//! - `scan`: the scanner: one pass over the text, and the few characters
//!   where a number may start.
//! - `arabic`: numbers written in digits (`6000个`, `1,250.6万元`, `3-5个`,
//!   `6月27日`, `96010`), and how a number without a unit is classified.
//! - `chinese`: numbers written in Chinese numerals (`六千`, `百分之九十`),
//!   magnitude words, vague amounts (`数百`), rate bases (`每百万用户`),
//!   ordinals and set phrases (`十四五`).
//! - `context`: what the words around a number add: a bound (不少于, 以上),
//!   an approximation (约, 近), a period (每月, 全年), a change (同比下降).

mod arabic;
mod chinese;
mod context;
mod scan;
mod types;

pub use types::{Approx, Change, Comparator, Kind, Period, Quantity};

use scan::Scan;

/// Every number in `text`, in order.
pub fn extract(text: &str) -> Vec<Quantity> {
    extract_with_items(text, &[])
}

/// Every number in `text`, where the byte offsets in `item_starts` are known
/// to start list numbers (`1.65岁…` in a numbered cell is item 1, then 65岁).
pub fn extract_with_items(text: &str, item_starts: &[usize]) -> Vec<Quantity> {
    let mut scan = Scan::new(text);
    scan.item_starts = item_starts.to_vec();
    scan.run()
}

/// Every number in `text`, however long. The extractor stops at
/// [`MAX_QUANTITIES`] per call (a table's cell never holds that
/// many), so a long text is read in pieces small enough never to reach it
/// (a number takes at least two bytes), cut where a paragraph, a line or a
/// sentence ends, each piece's offsets moved back into the whole text.
/// Nothing is left out.
pub fn extract_all(text: &str) -> Vec<Quantity> {
    const PIECE_BYTES: usize = 64 * 1024;
    if text.len() <= PIECE_BYTES {
        return extract(text);
    }
    let mut all = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + PIECE_BYTES).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end < text.len() {
            let piece = &text[start..end];
            let half = piece.len() / 2;
            // Where a paragraph, a line or a sentence ends; else after any
            // mark that is not part of a number or its unit.
            let cut = ["\n\n", "\n", "。", "；"]
                .iter()
                .find_map(|sep| {
                    piece
                        .rfind(sep)
                        .filter(|at| *at >= half)
                        .map(|at| at + sep.len())
                })
                .or_else(|| {
                    piece[half..]
                        .char_indices()
                        .rev()
                        .find(|(_, c)| !c.is_alphanumeric() && !".．%％‰".contains(*c))
                        .map(|(at, c)| half + at + c.len_utf8())
                });
            if let Some(cut) = cut {
                end = start + cut;
            }
        }
        for mut q in extract(&text[start..end]) {
            q.start += start;
            q.end += start;
            q.clause = (q.clause.0 + start, q.clause.1 + start);
            all.push(q);
        }
        start = end;
    }
    all
}

/// Most figures read from one text: past this, a cell is not a table's
/// cell but a list of numbers, and the rest is left unread (the check says
/// so) to keep the check quick.
pub const MAX_QUANTITIES: usize = 50_000;

#[cfg(test)]
mod tests;
