//! Reading the layout of a self-check table from text extracted out of a PDF.
//!
//! The four columns (考评维度 / 自查内容 / 落实情况 / 存在问题及原因) arrive as
//! a stream of wrapped lines: each row's task cell, then its status cell, then
//! its problems cell, with page headers repeated in between. [`read`] turns
//! that stream back into rows in four passes:
//!
//! 1. **Lines** (`lines.rs`): normalize full-width digits, drop page
//!    headers (the title line, the column header line, page numbers) and
//!    note the dimension that follows each header.
//! 2. **Columns** (`columns.rs`): estimate the wrap width of the task and
//!    status columns from the lines that wrap, and split lines where two
//!    cells share one line (`……工作方案。 已完成。…`, `……试商用。 无`).
//! 3. **Paragraphs** (`paragraphs.rs`): join wrapped lines, across the blank
//!    lines and page breaks that PDF extraction puts inside a wrapped
//!    sentence, and attach a stray `。` to the line before.
//! 4. **Cells** (`cells.rs`): label every paragraph task / status / problems
//!    with a small Viterbi search over a row grammar (task+, status+,
//!    problems*), scoring width, numbering, openers such as 已完成 and the 无
//!    cell. A new row starts at every task paragraph that follows a status or
//!    problems cell.
//!
//! Nothing here depends on the reference document's exact widths or
//! positions: every threshold is relative to the widths measured in the
//! document at hand.
//!
//! This file holds [`read`] and [`explain`], the types one pass hands to the
//! next (line events, [`ColumnWidths`], paragraphs, labels) and the signals
//! every pass asks about (a full stop, the 无 cell, a status opener, an item
//! number, a dimension label).

mod cells;
mod columns;
mod foreign;
mod lines;
mod paragraphs;

pub use foreign::{
    column_of, is_pdftotext_default, is_refusal, Column, LAYOUT_UNSOUND, PDFTOTEXT_DEFAULT,
};
use lines::is_page_number as is_page_number_line;
pub use lines::{form_line, organization_and_year};

use cells::{build_rows, label};
use columns::split_gaps;
use lines::strip_headers;
use paragraphs::paragraphs;

use kaohe_numerals::normalize_str;

use crate::diagnostic::Diagnostic;
use crate::table::Table;
use crate::text::{is_sentence_end, width};

/// Reads a self-check table out of text. Never fails: a text that is not a
/// table yields a table with no rows and a diagnostic saying why.
pub fn read(text: &str) -> (Table, Vec<Diagnostic>) {
    let normalized = normalize_str(text);
    let lines: Vec<&str> = normalized
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .collect();
    let mut table = Table::default();
    let mut diags = Vec::new();
    if foreign::read(&lines, &mut table, &mut diags).is_some() {
        table.source = normalized.to_string();
        if table.tasks.is_empty() && !diags.iter().any(|d| is_refusal(&d.message)) {
            diags.push(Diagnostic::general(
                "没有找到任何任务行：文件不像一张自查表",
            ));
        }
        return (table, diags);
    }
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
    // A foreign form (tab-separated, pdftotext): the rows it gave.
    let (table, diags) = read(text);
    let normalized = normalize_str(text);
    let lines: Vec<&str> = normalized
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .collect();
    if foreign::read(&lines, &mut Table::default(), &mut Vec::new()).is_some() {
        let mut out =
            String::from("读作其他软件给出的表格文字（制表符分隔，或 pdftotext 的输出）\n");
        for d in &diags {
            let _ = writeln!(out, "提示：{}", d.message);
        }
        for (i, row) in table.tasks.iter().enumerate() {
            let lines = |c: &crate::table::Cell| {
                c.line_range()
                    .map_or(String::new(), |(a, b)| format!("（第{a}–{b}行）"))
            };
            let _ = writeln!(
                out,
                "\n{}. 【{}】\n  自查内容{}：{}\n  落实情况{}：{}\n  存在问题{}：{}",
                i + 1,
                row.dimension,
                lines(&row.content),
                row.content.text,
                lines(&row.status),
                row.status.text,
                lines(&row.problems),
                row.problems.text
            );
        }
        return out;
    }
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

// ---- what the passes hand on ----------------------------------------------

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

/// A line of text, or the part of one split off at a column gap, with its
/// original line number and its width.
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

/// Which cell a paragraph is, as pass 4 labels it.
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

// ---- shared signals ----------------------------------------------------------

fn ends_sentence(s: &str) -> bool {
    s.trim_end().chars().last().is_some_and(is_sentence_end)
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
