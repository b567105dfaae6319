//! Reading the layout of a self-check table from text extracted out of a PDF.
//!
//! The four columns (考评维度 / 自查内容 / 落实情况 / 存在问题及原因) arrive as
//! a stream of wrapped lines: each row's task cell, then its status cell, then
//! its problems cell, with page headers repeated in between. [`read`] turns
//! that stream back into rows in four passes:
//!
//! 1. **Lines**: normalize full-width digits, drop page headers (the title
//!    line, the column header line, page numbers) and note the dimension
//!    that follows each header.
//! 2. **Columns**: estimate the wrap width of the task and status columns from
//!    the lines that wrap, and split lines where two cells share one line
//!    (`……工作方案。 已完成。…`, `……试商用。 无`).
//! 3. **Paragraphs**: join wrapped lines, across the blank lines and page
//!    breaks that PDF extraction puts inside a wrapped sentence, and attach a
//!    stray `。` to the line before.
//! 4. **Cells**: label every paragraph task / status / problems with a small
//!    Viterbi search over a row grammar (task+, status+, problems*), scoring
//!    width, numbering, openers such as 已完成 and the 无 cell. A new row
//!    starts at every task paragraph that follows a status or problems cell.
//!
//! Nothing here depends on the reference document's exact widths or
//! positions: every threshold is relative to the widths measured in the
//! document at hand.

use kaohe_numerals::normalize_str;

use crate::diagnostic::Diagnostic;
use crate::table::{Row, Table};
use crate::text::{char_width, is_only_punctuation, is_sentence_end, width};

/// Reads a self-check table out of text. Never fails: a text that is not a
/// table yields a table with no rows and a diagnostic saying why.
pub fn read(text: &str) -> (Table, Vec<Diagnostic>) {
    let mut passes = Passes::run(text);
    build_rows(
        &passes.paragraphs,
        &passes.labels,
        &mut passes.table,
        &mut passes.diags,
    );
    if passes.table.tasks.is_empty() {
        passes.diags.push(Diagnostic::general(
            "没有找到任何任务行：文件不像一张自查表",
        ));
    }
    (passes.table, passes.diags)
}

/// The first three passes and the labels, shared by [`read`] and [`explain`].
struct Passes {
    table: Table,
    diags: Vec<Diagnostic>,
    widths: ColumnWidths,
    paragraphs: Vec<Paragraph>,
    labels: Vec<Label>,
}

impl Passes {
    fn run(text: &str) -> Passes {
        let mut diags = Vec::new();
        let normalized = normalize_str(text);
        let lines: Vec<&str> = normalized
            .split('\n')
            .map(|l| l.trim_end_matches('\r'))
            .collect();
        let mut table = Table::default();
        let stream = strip_headers(&lines, &mut table, &mut diags);
        table.source = normalized.to_string();
        let widths = ColumnWidths::estimate(&stream);
        let stream = split_gaps(stream, &widths);
        let paragraphs = paragraphs(stream, &widths, &mut diags);
        let labels = label(&paragraphs, &widths);
        Passes {
            table,
            diags,
            widths,
            paragraphs,
            labels,
        }
    }
}

/// How the reader saw a text: the column widths, then every paragraph with
/// its label and lines. For `kaohe explain`, when a table reads wrong.
pub fn explain(text: &str) -> String {
    use std::fmt::Write;
    let Passes {
        widths,
        paragraphs,
        labels,
        ..
    } = Passes::run(text);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "列宽：自查内容 {}，落实情况 {}，存在问题 {}",
        widths.content, widths.status, widths.problems
    );
    for (p, l) in paragraphs.iter().zip(&labels) {
        let tag = match l {
            Label::Content => "内容",
            Label::Status => "落实",
            Label::Problems => "问题",
            Label::Dimension => "维度",
            Label::ContentMore => "内容续",
        };
        if let Some((d, _)) = &p.dimension {
            let _ = writeln!(out, "---- 维度 {d}");
        }
        for (k, line) in p.lines.iter().enumerate() {
            let _ = writeln!(
                out,
                "{} {:>4} {:>5.1} {}",
                if k == 0 { tag } else { "    " },
                line.line,
                line.width,
                line.text
            );
        }
    }
    out
}

// ---- pass 1: lines and page headers ---------------------------------------

/// One event of the line stream.
#[derive(Clone, Debug)]
enum Event {
    Line(LineRef),
    Blank,
    /// A page ends here (a repeated title or header, a page number, a form feed).
    PageBreak,
    /// A dimension named at a page top or before its first row.
    Dimension(String, u32),
}

#[derive(Clone, Debug)]
struct LineRef {
    text: String,
    line: u32,
    width: f32,
    /// This piece was the left part of a line split at a column gap.
    gap_after: bool,
    /// This piece was the right part of a line split at a column gap.
    gap_before: bool,
}

const HEADER_WORDS: &[&str] = &[
    "考评维度",
    "考核维度",
    "评价维度",
    "考核内容",
    "自查内容",
    "年度任务",
    "工作任务",
    "任务内容",
    "落实情况",
    "完成情况",
    "进展情况",
    "存在问题",
    "问题及原因",
    "自评情况",
];

const TITLE_WORDS: &[&str] = &[
    "自查表",
    "情况表",
    "自评表",
    "一览表",
    "考核",
    "自查",
    "自评",
    "报告",
];

fn is_header_line(s: &str) -> bool {
    // A header names at least two columns in a short line (five columns fit
    // in 50 characters), and every column name holds one of these keys.
    if s.len() > 150 || !(s.contains("情况") || s.contains("问题")) {
        return false;
    }
    let keys = ["维度", "内容", "任务", "情况", "问题"]
        .iter()
        .filter(|k| s.contains(*k))
        .count();
    keys >= 2 && HEADER_WORDS.iter().filter(|w| s.contains(*w)).count() >= 2 && width(s) <= 80.0
}

fn is_page_number(s: &str) -> bool {
    if s.len() > 40
        || s.chars()
            .any(|c| crate::text::is_han(c) && !matches!(c, '第' | '页' | '共'))
    {
        return false;
    }
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return false;
    }
    let core = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '第' | '页' | '/' | '共'));
    (t.starts_with('-') || t.starts_with('—') || t.starts_with('第') || t.contains('/'))
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '/' | '页' | '共' | '第'))
        && core.chars().any(|c| c.is_ascii_digit())
        || (t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
}

/// A short label with no sentence punctuation: how a dimension cell reads.
fn looks_like_dimension(s: &str) -> bool {
    let t = s.trim();
    // 16 columns of width are at most 48 bytes of Chinese.
    if t.len() > 48 {
        return false;
    }
    let w = width(t);
    w > 0.0
        && w <= 16.0
        && !t.chars().any(|c| {
            matches!(
                c,
                '，' | '。' | '；' | '、' | '：' | ',' | ';' | ':' | '！' | '？' | '“' | '”' | '（'
            )
        })
        && !t.starts_with(|c: char| c.is_ascii_digit())
        && !is_nothing(t)
        && !is_opener(t)
}

fn strip_headers(lines: &[&str], table: &mut Table, diags: &mut Vec<Diagnostic>) -> Vec<Event> {
    let headers: Vec<bool> = lines.iter().map(|l| is_header_line(l.trim())).collect();
    let header_idx = headers.iter().position(|h| *h);
    let title_idx = lines
        .iter()
        .take(header_idx.unwrap_or(lines.len().min(10)))
        .position(|l| {
            let t = l.trim();
            !t.is_empty() && TITLE_WORDS.iter().any(|w| t.contains(w)) && width(t) <= 60.0
        });
    // A title wrapped onto a second line (`…日常履职考核` / `事项完成情况自查表`).
    let title_tail = title_idx.and_then(|i| {
        let j = i
            + 1
            + lines
                .get(i + 1..)?
                .iter()
                .position(|l| !l.trim().is_empty())?;
        let t = lines[j].trim();
        let before_header = header_idx.is_none_or(|h| j < h);
        (before_header
            && width(t) <= 30.0
            && (t.ends_with('表') || t.ends_with("情况"))
            && !t.contains(' '))
        .then(|| t.to_string())
    });
    let title_head = title_idx.map(|i| lines[i].trim().to_string());
    let title = title_head.as_ref().map(|h| match &title_tail {
        Some(tail) => format!("{h}{tail}"),
        None => h.clone(),
    });
    if let Some(t) = &title {
        let (org, year) = organization_and_year(t);
        table.organization = org;
        table.year = year;
    }
    table.title = title.clone();
    if let Some(h) = header_idx {
        table.columns = header_columns(lines[h].trim());
    } else {
        diags.push(Diagnostic::general(
            "没有找到表头（考评维度、自查内容、落实情况、存在问题及原因）",
        ));
    }
    let squash = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let title_keys: Vec<String> = [
        title.as_deref(),
        title_head.as_deref(),
        title_tail.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(squash)
    .collect();
    let is_title = |t: &str| {
        title_keys.iter().any(|k| {
            let mut a = t.chars().filter(|c| !c.is_whitespace());
            let mut b = k.chars();
            loop {
                match (a.next(), b.next()) {
                    (None, None) => return true,
                    (x, y) if x == y => continue,
                    _ => return false,
                }
            }
        })
    };

    let mut events = Vec::new();
    let mut expect_dimension = false;
    let start = title_idx
        .map_or(0, |i| i + 1)
        .min(header_idx.unwrap_or(usize::MAX));
    for (idx, raw) in lines.iter().enumerate().skip(start) {
        let line_no = idx as u32 + 1;
        for (k, part) in raw.split('\u{c}').enumerate() {
            if k > 0 {
                events.push(Event::PageBreak);
            }
            let t = part.trim();
            if t.is_empty() {
                events.push(Event::Blank);
                continue;
            }
            if is_title(t) {
                events.push(Event::PageBreak);
                continue;
            }
            if k == 0 && headers[idx] || k > 0 && is_header_line(t) {
                expect_dimension = true;
                events.push(Event::PageBreak);
                continue;
            }
            if expect_dimension && is_header_continuation(t) {
                continue;
            }
            if is_page_number(t) {
                events.push(Event::PageBreak);
                continue;
            }
            if expect_dimension {
                expect_dimension = false;
                // 全面高效履职（续）: the same dimension on the next page.
                let name = t
                    .trim_end_matches("（续）")
                    .trim_end_matches("(续)")
                    .trim_end_matches("（续表）");
                if looks_like_dimension(name) {
                    events.push(Event::Dimension(name.to_string(), line_no));
                    continue;
                }
                // The dimension and the first task sharing one line.
                if let Some((head, rest)) = t.split_once(' ') {
                    if looks_like_dimension(head) && width(rest.trim()) > 8.0 {
                        events.push(Event::Dimension(head.to_string(), line_no));
                        events.push(line_event(rest.trim(), line_no));
                        continue;
                    }
                }
            }
            events.push(line_event(t, line_no));
        }
    }
    events
}

fn is_header_continuation(t: &str) -> bool {
    (t.starts_with('（') || t.starts_with('(') || t == "及原因") && width(t) <= 12.0
}

fn line_event(t: &str, line: u32) -> Event {
    Event::Line(LineRef {
        text: t.to_string(),
        line,
        width: width(t),
        gap_after: false,
        gap_before: false,
    })
}

fn header_columns(h: &str) -> Vec<String> {
    let parts: Vec<&str> = h.split_whitespace().collect();
    if (3..=6).contains(&parts.len()) {
        parts.iter().map(|s| s.to_string()).collect()
    } else {
        HEADER_WORDS
            .iter()
            .filter(|w| h.contains(*w))
            .map(|s| s.to_string())
            .collect()
    }
}

/// `北京市通信管理局2022年度日常履职考核…` → (北京市通信管理局, 2022).
pub fn organization_and_year(title: &str) -> (Option<String>, Option<i32>) {
    const MARKERS: [&str; 8] = [
        "日常履职",
        "年度",
        "目标责任",
        "绩效",
        "考核",
        "自查",
        "工作",
        "履职",
    ];
    let chars: Vec<char> = title.chars().collect();
    for i in 0..chars.len().saturating_sub(4) {
        if chars[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars.get(i + 4) == Some(&'年')
        {
            let year: i32 = chars[i..i + 4]
                .iter()
                .collect::<String>()
                .parse()
                .ok()
                .unwrap_or(0);
            let year = (1990..=2100).contains(&year).then_some(year);
            let org: String = chars[..i].iter().collect();
            let org = org.trim().trim_end_matches(['（', '(']).trim().to_string();
            if !org.is_empty() {
                return (Some(org), year);
            }
            // `2023年度某局目标责任考核自查表`: the agency follows the year.
            let mut rest: String = chars[i + 5..].iter().collect();
            if let Some(r) = rest.strip_prefix('度') {
                rest = r.to_string();
            }
            let end = MARKERS
                .iter()
                .filter_map(|m| rest.find(m))
                .min()
                .unwrap_or(0);
            let org = rest[..end].trim().to_string();
            return ((!org.is_empty()).then_some(org), year);
        }
    }
    for marker in MARKERS {
        if let Some(pos) = title.find(marker) {
            let org = title[..pos].trim();
            if !org.is_empty() {
                return (Some(org.to_string()), None);
            }
        }
    }
    (None, None)
}

// ---- pass 2: column widths and shared lines --------------------------------

/// The wrap widths measured in this document.
#[derive(Clone, Copy, Debug)]
pub struct ColumnWidths {
    /// Where the task column wraps.
    pub content: f32,
    /// Where the status column wraps.
    pub status: f32,
    /// The widest a problems cell line may be.
    pub problems: f32,
}

/// The width of a column no line wrapped in.
const UNMEASURED: f32 = 1.0e6;

impl ColumnWidths {
    fn estimate(events: &[Event]) -> ColumnWidths {
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

    fn is_full(&self, w: f32) -> bool {
        (w >= self.content - 2.0 && w <= self.content + 1.0) || w >= self.status - 2.5
    }
}

fn split_gaps(events: Vec<Event>, widths: &ColumnWidths) -> Vec<Event> {
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

// ---- pass 3: paragraphs ----------------------------------------------------

/// A run of lines that belong to one cell.
#[derive(Clone, Debug, Default)]
struct Paragraph {
    lines: Vec<LineRef>,
    /// A dimension named just before this paragraph.
    dimension: Option<(String, u32)>,
    /// The paragraph is the first on a new page.
    after_page: bool,
    /// First and last item numbers, read once the paragraph is complete
    /// (the labeller asks for them many times).
    items: std::cell::OnceCell<(Option<u32>, Option<u32>)>,
}

impl Paragraph {
    fn max_width(&self) -> f32 {
        self.lines.iter().map(|l| l.width).fold(0.0, f32::max)
    }

    fn first_text(&self) -> &str {
        self.lines.first().map_or("", |l| l.text.as_str())
    }

    fn last_text(&self) -> &str {
        self.lines.last().map_or("", |l| l.text.as_str())
    }

    /// Widths of the lines that wrap (are followed by a continuation line).
    fn wrapped_widths(&self) -> Vec<f32> {
        self.lines
            .windows(2)
            .filter(|w| item_number(&w[1].text).is_none() && !ends_sentence(&w[0].text))
            .map(|w| w[0].width)
            .collect()
    }

    fn item_numbers(&self) -> (Option<u32>, Option<u32>) {
        *self.items.get_or_init(|| {
            (
                item_number(self.first_text()),
                self.lines.iter().rev().find_map(|l| item_number(&l.text)),
            )
        })
    }

    fn first_item(&self) -> Option<u32> {
        self.item_numbers().0
    }

    fn last_item(&self) -> Option<u32> {
        self.item_numbers().1
    }
}

fn paragraphs(
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

// ---- pass 4: labelling paragraphs as cells -----------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    Content,
    Status,
    Problems,
    /// A dimension named between rows.
    Dimension,
    /// The rest of a task cell, continued on the next page after the start
    /// of its status.
    ContentMore,
}

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
fn label(paras: &[Paragraph], w: &ColumnWidths) -> Vec<Label> {
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

fn build_rows(
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

// ---- shared signals ----------------------------------------------------------

fn ends_sentence(s: &str) -> bool {
    s.trim_end().chars().last().is_some_and(is_sentence_end)
}

/// The 存在问题及原因 cell saying there is none.
pub fn is_nothing(s: &str) -> bool {
    let t = s.trim();
    if t.len() > 16 {
        return false;
    }
    let t = t.trim_end_matches(['。', '.', '；']).trim();
    matches!(
        t,
        "无明显问题"
            | "未发现明显问题"
            | "暂未发现问题"
            | "无存在问题"
            | "没有问题"
            | "无"
            | "暂无"
            | "没有"
            | "无问题"
            | "暂无问题"
            | "无。"
            | "/"
            | "-"
            | "—"
            | "——"
            | "否"
            | "未发现问题"
    )
}

/// Words a status cell opens with.
pub fn is_opener(s: &str) -> bool {
    const OPENERS: &[&str] = &[
        "已",
        "圆满完成",
        "全面完成",
        "顺利完成",
        "按期完成",
        "按时完成",
        "如期完成",
        "基本完成",
        "部分完成",
        "超额完成",
        "未完成",
        "尚未",
        "正在",
        "全年未发生",
        "未发生",
        "截至",
        "截止",
        "完成。",
        "推进中",
        "进行中",
        "详见",
    ];
    let t = s.trim_start();
    OPENERS.iter().any(|o| t.starts_with(o))
}

/// The item number a line starts with (`1.`, `2、`, `（3）`, `(4)`), if any.
pub fn item_number(s: &str) -> Option<u32> {
    let t = s.trim_start();
    let t = t.strip_prefix(['（', '(']).map_or(t, |r| r);
    let n = t.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 2 {
        return None;
    }
    let digits = &t[..n];
    let rest = &t[n..];
    let mut it = rest.chars();
    let sep = it.next()?;
    let after = it.next();
    let ok = match sep {
        '.' | '、' | '．' => {
            !after.is_some_and(|c| c.is_ascii_digit())
                || crate::text::starts_with_date(&rest[sep.len_utf8()..])
        }
        ')' | '）' => true,
        _ => false,
    };
    if ok {
        digits.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
