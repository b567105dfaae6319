//! Text as other software gives it: rows of tab-separated cells (a table
//! copied out of Word, WPS or Excel), `pdftotext -layout` (the columns side
//! by side, split at the gutters that stay blank down the page), and
//! `pdftotext` in its default mode (each column's block after the other),
//! which cannot be put back into rows and is refused with a message.
//!
//! Both readable forms end as rows of cells under the header row that names
//! them, then as the same [`Table`] the layout reader builds, every cell tied
//! to its original lines.

use super::lines::fill_title;
use super::{is_page_number_line, looks_like_dimension};
use crate::diagnostic::Diagnostic;
use crate::table::{Cell, Row, Table};
use crate::text::is_han;

/// What a text of `pdftotext`'s default mode is told.
pub const PDFTOTEXT_DEFAULT: &str = "这像是 pdftotext 默认模式提取的文字：表格各列的文字一列接一列排下来，无法还原成行。请直接导入 PDF 文件，或用 pdftotext -layout 重新提取后再导入";

/// What a `pdftotext -layout` text is told when its columns do not come
/// apart into sound rows.
pub const LAYOUT_UNSOUND: &str = "这像是 pdftotext -layout 提取的文字，但各列没能可靠地分开（合并的单元格使列错位，或多数行缺少落实情况）。请直接导入 PDF 文件，或从 Word/Excel 复制表格（制表符分隔）后再导入";

/// Whether a note is one of the refusals above: the text is of a form
/// this reader knows and cannot read well, and no other reader should try.
pub fn is_refusal(message: &str) -> bool {
    message == PDFTOTEXT_DEFAULT || message == LAYOUT_UNSOUND
}

/// Which column of the self-check table a header names. The one rule for
/// every reader: kaohe-import's structured readers use it too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Dimension,
    Content,
    Status,
    Problems,
}

/// The role of a header cell, in any of the usual spellings.
pub fn column_of(header: &str) -> Option<Column> {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    if h.contains("存在问题") || h == "问题" || h.contains("问题及原因") {
        Some(Column::Problems)
    } else if h.contains("落实情况")
        || h.contains("完成情况")
        || h.contains("进展情况")
        || h.contains("执行情况")
    {
        Some(Column::Status)
    } else if h.contains("自查内容")
        || h.contains("年度任务")
        || h.contains("工作任务")
        || h.contains("考核内容")
        || h.contains("任务内容")
        || h == "任务"
    {
        Some(Column::Content)
    } else if h.contains("维度")
        || h.contains("考评类别")
        || h.contains("指标类别")
        || h == "类别"
        || h.contains("考核项目")
    {
        Some(Column::Dimension)
    } else {
        None
    }
}

/// The roles of a header row's cells, when it is a self-check header: the
/// task and status columns named, and nothing but 序号 / 备注 besides.
fn header_roles<'a>(cells: impl Iterator<Item = &'a str>) -> Option<Vec<Option<Column>>> {
    let mut roles = Vec::new();
    for c in cells {
        let t = c.trim();
        let role = column_of(t);
        if role.is_none() && !(t.is_empty() || t == "序号" || t == "备注") {
            return None;
        }
        roles.push(role);
    }
    (roles.contains(&Some(Column::Content)) && roles.contains(&Some(Column::Status)))
        .then_some(roles)
}

/// Reads the text when it is in one of the foreign forms. `None`: it is not,
/// and the layout reader reads it.
pub(super) fn read(lines: &[&str], table: &mut Table, diags: &mut Vec<Diagnostic>) -> Option<()> {
    if let Some(h) = lines
        .iter()
        .take(200)
        .position(|l| l.contains('\t') && header_roles(l.split('\t')).is_some())
    {
        read_tabs(lines, h, table, diags);
        return Some(());
    }
    if let Some((h, starts, roles)) = layout_header(lines) {
        if read_layout(lines, h, &starts, &roles, table, diags) {
            return Some(());
        }
    }
    if is_pdftotext_default(lines) {
        fill_title(lines, lines.len().min(10), table);
        diags.push(Diagnostic::general(PDFTOTEXT_DEFAULT));
        return Some(());
    }
    None
}

/// Whether a text is `pdftotext`'s default output of a self-check table: no
/// line holds two column names, but the names stand on lines of their own.
pub fn is_pdftotext_default(lines: &[&str]) -> bool {
    // A header line the layout reader knows: its form, not this one.
    if lines
        .iter()
        .take(400)
        .any(|l| super::lines::is_header_line(l.trim()))
    {
        return false;
    }
    let mut seen = Vec::new();
    for l in lines.iter().take(400) {
        let t = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}');
        if t.chars().count() > 10 {
            continue;
        }
        if let Some(r) = column_of(t) {
            if !seen.contains(&r) {
                seen.push(r);
            }
        }
    }
    seen.len() >= 3 && seen.contains(&Column::Content) && seen.contains(&Column::Status)
}

/// Removes the spaces `pdftotext` puts between Chinese and Latin text
/// (`2022 年度`, `学习 12`).
pub(super) fn squash_spaces(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let next = chars.get(i + 1).copied();
            let wide = |x: Option<char>| x.is_some_and(|x| is_han(x) || !x.is_ascii());
            if wide(prev) || wide(next) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// One cell as read: its lines, each with its original line number.
type Pieces = Vec<(String, u32)>;

/// Rows of cells into the table, by the header's roles.
fn build(
    rows: Vec<(Vec<Pieces>, u32)>,
    roles: &[Option<Column>],
    table: &mut Table,
    diags: &mut Vec<Diagnostic>,
) {
    let at = |r: Column| roles.iter().position(|x| *x == Some(r));
    let (dim, content, status, problems) = (
        at(Column::Dimension),
        at(Column::Content),
        at(Column::Status),
        at(Column::Problems),
    );
    let mut dimension = String::new();
    let cell = |cells: &[Pieces], i: Option<usize>| -> Cell {
        let mut c = Cell::default();
        if let Some(p) = i.and_then(|i| cells.get(i)) {
            for (text, line) in p {
                let t = text.trim();
                if !t.is_empty() {
                    c.push_line(t, *line);
                }
            }
        }
        c
    };
    for (cells, line) in rows {
        // A repeated header is no row.
        if header_roles(cells.iter().map(|c| c.first().map_or("", |p| p.0.as_str()))).is_some()
            && cells.iter().all(|c| c.len() <= 2)
        {
            continue;
        }
        let d = cell(&cells, dim);
        if !d.is_empty() {
            dimension = d.text.trim().to_string();
            if !table.dimensions.contains(&dimension) {
                table.dimensions.push(dimension.clone());
            }
        }
        let (c, s, p) = (
            cell(&cells, content),
            cell(&cells, status),
            cell(&cells, problems),
        );
        if c.is_empty() && s.is_empty() && p.is_empty() {
            continue;
        }
        if c.is_empty() {
            // The rest of the row above (a task cell merged down).
            if let Some(prev) = table.tasks.last_mut() {
                for (from, to) in [(&s, &mut prev.status), (&p, &mut prev.problems)] {
                    for (k, piece) in from.pieces.iter().enumerate() {
                        let end = from.pieces.get(k + 1).map_or(from.text.len(), |n| n.offset);
                        to.push_line(&from.text[piece.offset..end], piece.line);
                    }
                }
                continue;
            }
            diags.push(Diagnostic::at(line, "这一行没有自查内容"));
        }
        table.tasks.push(Row {
            dimension: dimension.clone(),
            content: c,
            status: s,
            problems: p,
        });
    }
}

// ---- tab-separated -----------------------------------------------------------

/// The longest a quoted cell may run before its closing quote, in bytes.
const MAX_QUOTED: usize = 64 * 1024;

fn read_tabs(lines: &[&str], header: usize, table: &mut Table, diags: &mut Vec<Diagnostic>) {
    fill_title(lines, header, table);
    let roles = header_roles(lines[header].split('\t')).unwrap_or_default();
    table.columns = lines[header]
        .split('\t')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let mut line_starts = Vec::with_capacity(lines.len() + 1);
    let mut at = 0;
    for l in lines {
        line_starts.push(at);
        at += l.len() + 1;
    }
    // For each line, the first line from it where a quoted cell may close.
    let mut next_close = vec![lines.len(); lines.len() + 1];
    for k in (0..lines.len()).rev() {
        next_close[k] = if has_close(lines[k]) {
            k
        } else {
            next_close[k + 1]
        };
    }
    let mut rows: Vec<(Vec<Pieces>, u32)> = Vec::new();
    let mut i = header + 1;
    while i < lines.len() {
        let line_no = i as u32 + 1;
        let raw = lines[i].trim_matches('\u{c}');
        if raw.trim().is_empty() || is_page_number_line(raw.trim()) {
            i += 1;
            continue;
        }
        if !raw.contains('\t') && !raw.trim_start().starts_with('"') {
            let t = raw.trim();
            if looks_like_dimension(t) {
                let mut cells = vec![Vec::new(); roles.len()];
                if let Some(d) = roles.iter().position(|r| *r == Some(Column::Dimension)) {
                    cells[d].push((t.to_string(), line_no));
                }
                rows.push((cells, line_no));
            } else if let Some((cells, _)) = rows.last_mut().filter(|(_, l)| *l + 1 >= line_no) {
                // A line break inside a cell, unquoted: the last cell goes on.
                if let Some(c) = cells.iter_mut().rev().find(|c| !c.is_empty()) {
                    c.push((t.to_string(), line_no));
                }
            } else {
                diags.push(Diagnostic::at(line_no, "表格外的一行，没有读入"));
            }
            i += 1;
            continue;
        }
        // One row: cells between tabs, a cell starting with `"` running
        // to its closing quote across lines.
        let mut cells: Vec<Pieces> = Vec::new();
        let mut cur: Pieces = Vec::new();
        let mut text = String::new();
        let mut line = i;
        let mut rest: &str = raw;
        let mut last_line = line_no;
        loop {
            if text.is_empty()
                && cur.is_empty()
                && rest.starts_with('"')
                && closes(&line_starts, &next_close, line, rest)
            {
                // Quoted: to the `"` not doubled.
                rest = &rest[1..];
                loop {
                    match rest.find('"') {
                        Some(q) if rest[q + 1..].starts_with('"') => {
                            text.push_str(&rest[..q + 1]);
                            rest = &rest[q + 2..];
                        }
                        Some(q) => {
                            text.push_str(&rest[..q]);
                            rest = &rest[q + 1..];
                            break;
                        }
                        None => {
                            text.push_str(rest);
                            cur.push((std::mem::take(&mut text), line as u32 + 1));
                            line += 1;
                            if line >= lines.len() {
                                rest = "";
                                break;
                            }
                            rest = lines[line].trim_end_matches('\r');
                            last_line = line as u32 + 1;
                        }
                    }
                }
            }
            match rest.find('\t') {
                Some(t) => {
                    text.push_str(&rest[..t]);
                    cur.push((std::mem::take(&mut text), line as u32 + 1));
                    cells.push(std::mem::take(&mut cur));
                    rest = &rest[t + 1..];
                }
                None => {
                    text.push_str(rest);
                    cur.push((std::mem::take(&mut text), line as u32 + 1));
                    cells.push(std::mem::take(&mut cur));
                    break;
                }
            }
        }
        rows.push((cells, last_line));
        i = line + 1;
    }
    build(rows, &roles, table, diags);
}

/// Whether a line holds a `"` followed by a tab or the line's end: where a
/// quoted cell may close.
fn has_close(l: &str) -> bool {
    let b = l.trim_end_matches('\r').as_bytes();
    b.iter()
        .enumerate()
        .any(|(k, &c)| c == b'"' && (k + 1 == b.len() || b[k + 1] == b'\t'))
}

/// Whether a quote opening a cell on line `line` closes within reach: on
/// its own line after it, or on a later line at most [`MAX_QUOTED`] bytes
/// on (`next_close`: for each line, the first line from it that may close).
fn closes(starts: &[usize], next_close: &[usize], line: usize, rest: &str) -> bool {
    if has_close(&rest[1..]) {
        return true;
    }
    let Some(&m) = next_close.get(line + 1) else {
        return false;
    };
    // `starts`: each line's byte offset in the text.
    match (starts.get(m), starts.get(line + 1)) {
        (Some(end), Some(begin)) => end - begin <= MAX_QUOTED,
        _ => false,
    }
}

// ---- pdftotext -layout ---------------------------------------------------------

/// A line's runs of text between gaps of two spaces or more, each with the
/// character column it starts at.
fn chunks(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut spaces = 0;
    for (col, c) in line.chars().enumerate() {
        if c == ' ' || c == '\u{3000}' || c == '\t' {
            spaces += 1;
            continue;
        }
        if spaces >= 2 && !cur.is_empty() {
            out.push((start, std::mem::take(&mut cur)));
        } else if spaces == 1 && !cur.is_empty() {
            cur.push(' ');
        }
        if cur.is_empty() {
            start = col;
        }
        spaces = 0;
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push((start, cur));
    }
    out
}

/// Display width: a wide glyph takes two columns.
fn display(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// A line's words (runs without white space), each with its column and
/// whether a gutter (two spaces or more, or the line's start) is before it.
fn words(line: &str) -> Vec<(usize, String, bool)> {
    let mut out: Vec<(usize, String, bool)> = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut spaces = 2;
    let mut gutter = true;
    for (col, c) in line.chars().enumerate() {
        if c == ' ' || c == '\u{3000}' || c == '\t' {
            if !cur.is_empty() {
                out.push((start, std::mem::take(&mut cur), gutter));
                spaces = 0;
            }
            spaces += 1;
            continue;
        }
        if cur.is_empty() {
            start = col;
            gutter = spaces >= 2;
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push((start, cur, gutter));
    }
    out
}

type LayoutHeader = (usize, Vec<usize>, Vec<Option<Column>>);

/// The header line of `pdftotext -layout` text: column names side by side.
fn layout_header(lines: &[&str]) -> Option<LayoutHeader> {
    for (i, l) in lines.iter().enumerate().take(200) {
        let l = l.trim_start_matches('\u{c}');
        let cs = chunks(l);
        if cs.len() < 2 {
            continue;
        }
        if let Some(roles) = header_roles(cs.iter().map(|c| c.1.as_str())) {
            return Some((i, cs.iter().map(|c| c.0).collect(), roles));
        }
    }
    None
}

fn read_layout(
    lines: &[&str],
    header: usize,
    starts: &[usize],
    roles: &[Option<Column>],
    table: &mut Table,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let title_lines: Vec<String> = lines[..header]
        .iter()
        .map(|l| squash_spaces(l.trim()))
        .collect();
    let title_refs: Vec<&str> = title_lines.iter().map(String::as_str).collect();
    fill_title(&title_refs, header, table);
    table.columns = chunks(lines[header]).into_iter().map(|c| c.1).collect();
    let header_key: String = lines[header]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let content = roles.iter().position(|r| *r == Some(Column::Content));
    let status = roles.iter().position(|r| *r == Some(Column::Status));
    let problems = roles.iter().position(|r| *r == Some(Column::Problems));
    // pdftotext lays out each page on its own: the columns' starts move a
    // little from page to page. On each page, a column starts where most
    // runs of text near the header's start begin.
    let mut page_of = vec![0usize; lines.len()];
    let mut page = 0;
    for (i, l) in lines.iter().enumerate() {
        if l.contains('\u{c}') && i > 0 {
            page += 1;
        }
        page_of[i] = page;
    }
    let mut page_starts: Vec<Vec<usize>> = vec![starts.to_vec(); page + 1];
    for (p, ps) in page_starts.iter_mut().enumerate() {
        let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for (i, l) in lines.iter().enumerate().skip(header + 1) {
            if page_of[i] != p {
                continue;
            }
            for (start, _) in chunks(l.trim_start_matches('\u{c}')) {
                *counts.entry(start).or_default() += 1;
            }
        }
        for (k, s) in ps.iter_mut().enumerate() {
            let lo = starts[k].saturating_sub(5);
            let hi = starts[k] + 5;
            if let Some((best, _)) = counts
                .iter()
                .filter(|(at, n)| (lo..=hi).contains(*at) && **n >= 2)
                .max_by_key(|(at, n)| (**n, std::cmp::Reverse(**at)))
            {
                *s = *best;
            }
        }
    }
    // Each column's wrap width: the width most of its cell lines reach,
    // measured on the lines where a gutter follows them.
    let mut measured: Vec<Vec<usize>> = vec![Vec::new(); starts.len()];
    for (i, l) in lines.iter().enumerate().skip(header + 1) {
        let ps = &page_starts[page_of[i]];
        let cs = chunks(l.trim_start_matches('\u{c}'));
        for (start, text) in cs.iter().take(cs.len().saturating_sub(1)) {
            let k = ps.iter().rposition(|s| *s <= start + 1).unwrap_or(0);
            measured[k].push(display(text));
        }
    }
    let widths: Vec<usize> = measured
        .into_iter()
        .map(|mut m| {
            m.sort_unstable();
            m.get(m.len() * 3 / 4).copied().unwrap_or(0)
        })
        .collect();
    let mut rows: Vec<(Vec<Pieces>, u32)> = Vec::new();
    let mut prev: Option<Vec<usize>> = None;
    let mut after_header = true;
    for (i, raw) in lines.iter().enumerate().skip(header + 1) {
        let line_no = i as u32 + 1;
        let l = raw.trim_start_matches('\u{c}').trim_end();
        let t = l.trim();
        if t.is_empty() || is_page_number_line(t) {
            continue;
        }
        let key: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if key == header_key {
            after_header = true;
            continue;
        }
        let ps = &page_starts[page_of[i]];
        let column_at = |start: usize| ps.iter().rposition(|s| *s <= start + 1).unwrap_or(0);
        // Every word in the column it starts in, words of one column
        // joined again: a gutter may be one space wide.
        let mut cs: Vec<(usize, String)> = Vec::new();
        let ws = words(l);
        let last = ws.len().saturating_sub(1);
        for (n, (start, word, gutter)) in ws.into_iter().enumerate() {
            // A column may start one place off (pdftotext rounds wide
            // glyphs), but a lone glyph after one space (`19 家`) starts
            // a column only exactly where it starts.
            let k = if gutter || word.chars().count() >= 3 {
                column_at(start)
            } else {
                ps.iter().rposition(|s| *s <= start).unwrap_or(0)
            };
            // A 无 cell that closing quotes pushed left, one space after
            // the status cell's line.
            let k = match problems {
                Some(p)
                    if n == last
                        && k < p
                        && super::is_nothing(&word)
                        && ps.get(p).is_some_and(|s| start + 3 >= *s) =>
                {
                    p
                }
                _ => k,
            };
            // A cell line as wide as its column runs up against the next
            // column, and pdftotext may leave one space before it and
            // place it two short of where the column starts.
            let k = match cs.last() {
                Some((c, w))
                    if k == *c
                        && !gutter
                        && word.chars().count() >= 2
                        && widths
                            .get(*c)
                            .is_some_and(|wd| *wd > 0 && display(w) + 2 >= *wd)
                        && ps.get(*c + 1).is_some_and(|s| start + 3 >= *s) =>
                {
                    *c + 1
                }
                _ => k,
            };
            match cs.last_mut() {
                Some((c, w)) if *c == k => {
                    w.push(' ');
                    w.push_str(&word);
                }
                _ => cs.push((k, word)),
            }
        }
        if after_header
            && cs.iter().all(|c| {
                c.1.chars().count() <= 6
                    && (c.1.contains('）') || c.1.contains(')') || c.1.contains("原因"))
            })
        {
            continue;
        }
        after_header = false;
        let mut cols: Vec<usize> = cs.iter().map(|c| c.0).collect();
        // A line pdftotext pushed to the left margin (a wide glyph first,
        // and the lines after it): no gutter in it, right after a line of
        // one column that goes on.
        if l.starts_with(|c: char| !c.is_whitespace()) && chunks(l).len() == 1 {
            if let Some(p) = &prev {
                if p.len() == 1 && p[0] > 0 {
                    cols = vec![p[0]];
                    cs = vec![(p[0], t.to_string())];
                }
            }
        }
        let has = |cols: &[usize], k: Option<usize>| k.is_some_and(|k| cols.contains(&k));
        let new_row = match &prev {
            None => true,
            Some(p) => {
                has(&cols, content) && (!has(p, content) || has(&cols, status) && !has(p, status))
            }
        };
        if new_row || rows.is_empty() {
            rows.push((vec![Vec::new(); starts.len()], line_no));
        }
        let row = rows.last_mut().map(|r| &mut r.0);
        if let Some(row) = row {
            for ((_, text), k) in cs.iter().zip(&cols) {
                if let Some(c) = row.get_mut(*k) {
                    c.push((squash_spaces(text), line_no));
                }
            }
        }
        prev = Some(cols);
    }
    // A header spaced out above text of one column a line (the layout
    // reader's form): no row has a task cell side by side; not this form.
    let content_k = content.unwrap_or(usize::MAX);
    if !rows
        .iter()
        .any(|(cells, _)| cells.get(content_k).is_some_and(|c| !c.is_empty()))
    {
        return false;
    }
    build(rows, roles, table, diags);
    // Never rows of garbage: when most rows have no status, the columns
    // did not come apart; nothing is read, and the text is refused.
    // A dimension that reads as a sentence is a task cell pdftotext moved
    // left (it closes up an empty column under a merged cell).
    let empty = table.tasks.iter().filter(|r| r.status.is_empty()).count();
    let moved = table
        .dimensions
        .iter()
        .any(|d| !looks_like_dimension(d) && crate::text::width(d) > 16.0);
    if !table.tasks.is_empty() && (empty * 2 > table.tasks.len() || moved) {
        table.tasks.clear();
        table.dimensions.clear();
        diags.push(Diagnostic::general(LAYOUT_UNSOUND));
    }
    true
}
