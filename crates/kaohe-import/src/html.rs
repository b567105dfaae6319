//! HTML (a saved web page, `.html`/`.htm`): every `<table>`, `rowspan` and
//! `colspan` followed; the self-check table when one names its columns (built
//! as the Word reader builds it), else the rendering of the whole page
//! (`crate::render`) for the family readers.
//!
//! The page is tokenized by `html5gum` (a WHATWG tokenizer without
//! dependencies) and walked token by token, keeping only text and the open
//! tables: there is no tree, so nothing recurses over the page and nothing
//! grows with its nesting but the stack of open tables, which the depth
//! limit bounds. `<script>`, `<style>`, `<noscript>`, `<template>` and
//! comments are dropped. Every token counts against the node limit, every
//! row and cell (spanned columns and rows included) against the row and
//! cell limits; spans are clamped (`colspan` to 1,000 and `rowspan` to
//! 65,534, as browsers do) and each spanned cell is counted, so a hostile
//! span cannot allocate more than the cell limit.
//!
//! A table holding another table of two rows or more is taken for a page
//! layout: its cells' text and tables are read in order as if it were not
//! there. A smaller table inside a cell becomes that cell's text, its rows
//! joined by spaces.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::grid::{self, Column, GridRow};
use crate::render::{self, Rendering};
use crate::{Budget, ImportError};

/// Widest `colspan` followed (the HTML standard's own clamp).
const MAX_COLSPAN: usize = 1000;
/// Tallest `rowspan` followed (the HTML standard's own clamp).
const MAX_ROWSPAN: usize = 65_534;
/// How many tokens pass between two looks at the clock.
const TOKENS_PER_CLOCK_CHECK: usize = 4096;
/// How far into the file the markup that makes it a page may start.
const SNIFF_BYTES: usize = 4096;

/// Tags that start or end a line of text.
const BLOCKS: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"body",
    b"caption",
    b"center",
    b"dd",
    b"div",
    b"dl",
    b"dt",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"header",
    b"hr",
    b"html",
    b"li",
    b"main",
    b"nav",
    b"ol",
    b"p",
    b"pre",
    b"section",
    b"ul",
];

/// Tags whose content is dropped.
const DROPPED: &[&[u8]] = &[b"script", b"style", b"noscript", b"template"];

fn is_heading(name: &[u8]) -> bool {
    matches!(name, b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6")
}

/// Whether the bytes are a web page: after a byte-order mark, white space,
/// comments and an XML declaration, `<!DOCTYPE html`, `<html`, `<head`,
/// `<meta`, `<body` or `<table`, in any case.
pub fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let mut rest = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        let skip_to = |rest: &[u8], end: &[u8]| {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|i| i + end.len())
        };
        if starts_ci(rest, b"<!--") {
            match skip_to(rest, b"-->") {
                Some(i) => rest = &rest[i..],
                None => return false,
            }
        } else if starts_ci(rest, b"<?xml") {
            match skip_to(rest, b"?>") {
                Some(i) => rest = &rest[i..],
                None => return false,
            }
        } else {
            break;
        }
    }
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<meta",
        b"<body",
        b"<table",
    ]
    .iter()
    .any(|m| starts_ci(rest, m))
}

fn starts_ci(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The charset a page declares in its first bytes (`<meta charset=…>` or
/// `content="text/html; charset=…"`), lower case.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes[..bytes.len().min(SNIFF_BYTES)].to_ascii_lowercase();
    let at = head.windows(8).position(|w| w == b"charset=")? + 8;
    let name: String = head[at..]
        .iter()
        .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        .map(|b| char::from(*b))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The page's text: a declared GBK, GB2312 or GB18030 page is read as
/// GB18030 (a stray bad byte becomes U+FFFD, as a browser shows it); any
/// other page as `crate::decode` reads text (UTF-8, UTF-16, GB18030).
fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    let bytes_after_bom = bytes.strip_prefix(b"\xef\xbb\xbf");
    if bytes_after_bom.is_none()
        && declared_charset(bytes).is_some_and(|c| {
            matches!(
                c.as_str(),
                "gbk" | "gb2312" | "gb18030" | "x-gbk" | "cp936" | "gb_2312-80"
            )
        })
    {
        let (text, _, _) = encoding_rs::GB18030.decode(bytes);
        return Ok(text.into_owned());
    }
    crate::decode(bytes).map(|(text, _)| text)
}

/// One piece of what a cell or the page holds, in order.
#[derive(Debug)]
enum Item {
    Text(String),
    Table(TableData),
}

/// A cell laid on the table's grid.
#[derive(Debug, Default)]
struct GridCell {
    items: Vec<Item>,
    /// A column or row covered by a span from another cell: written empty.
    covered: bool,
    /// Covered by a `rowspan` from above (the dimension is inherited).
    below: bool,
}

impl GridCell {
    fn lines(&self) -> Vec<String> {
        self.items
            .iter()
            .map(|i| match i {
                Item::Text(t) => t.clone(),
                Item::Table(t) => t.as_text(),
            })
            .collect()
    }
}

/// A table once read: its rows on the grid, and the text found inside it
/// but outside any cell (a caption), which goes before it.
#[derive(Debug, Default)]
struct TableData {
    loose: Vec<String>,
    rows: Vec<Vec<GridCell>>,
}

impl TableData {
    /// Whether a table of two rows or more sits in one of its cells.
    fn is_layout(&self) -> bool {
        self.rows.iter().flatten().any(|c| {
            c.items
                .iter()
                .any(|i| matches!(i, Item::Table(t) if t.rows.len() >= 2))
        })
    }

    /// The table as one text: its rows' cells joined by spaces.
    fn as_text(&self) -> String {
        let mut lines: Vec<String> = self.loose.clone();
        for row in &self.rows {
            lines.extend(row.iter().map(|c| render::cell_text(&c.lines())));
        }
        render::cell_text(&lines)
    }

    fn rendered_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| {
                        if c.covered {
                            String::new()
                        } else {
                            render::cell_text(&c.lines())
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// A table being read.
#[derive(Debug, Default)]
struct OpenTable {
    data: TableData,
    row_open: bool,
    /// The cell text goes to: an index into the last row.
    cell: Option<usize>,
    /// For each column, how many more rows a `rowspan` from above covers.
    pending: Vec<usize>,
}

impl OpenTable {
    fn finish_cell(&mut self) {
        self.cell = None;
    }

    fn finish_row(&mut self, budget: &mut Budget) -> Result<(), ImportError> {
        self.finish_cell();
        if !self.row_open {
            return Ok(());
        }
        self.row_open = false;
        if let Some(last) = self.pending.iter().rposition(|p| *p > 0) {
            let row = self.data.rows.last_mut().expect("an open row");
            while row.len() <= last {
                let c = row.len();
                budget.cells(1)?;
                if self.pending[c] > 0 {
                    self.pending[c] -= 1;
                    row.push(GridCell {
                        covered: true,
                        below: true,
                        ..GridCell::default()
                    });
                } else {
                    row.push(GridCell::default());
                }
            }
        }
        Ok(())
    }

    fn start_row(&mut self, budget: &mut Budget) -> Result<(), ImportError> {
        self.finish_row(budget)?;
        budget.rows(1)?;
        self.data.rows.push(Vec::new());
        self.row_open = true;
        Ok(())
    }

    fn start_cell(
        &mut self,
        colspan: usize,
        rowspan: usize,
        budget: &mut Budget,
    ) -> Result<(), ImportError> {
        self.finish_cell();
        if !self.row_open {
            self.start_row(budget)?;
        }
        let row = self.data.rows.last_mut().expect("an open row");
        while self.pending.get(row.len()).is_some_and(|p| *p > 0) {
            budget.cells(1)?;
            self.pending[row.len()] -= 1;
            row.push(GridCell {
                covered: true,
                below: true,
                ..GridCell::default()
            });
        }
        budget.cells(colspan)?;
        let at = row.len();
        row.push(GridCell::default());
        for _ in 1..colspan {
            row.push(GridCell {
                covered: true,
                ..GridCell::default()
            });
        }
        if self.pending.len() < at + colspan {
            self.pending.resize(at + colspan, 0);
        }
        for p in &mut self.pending[at..at + colspan] {
            *p = rowspan - 1;
        }
        self.cell = Some(at);
        Ok(())
    }

    fn finish(mut self, budget: &mut Budget) -> Result<TableData, ImportError> {
        self.finish_row(budget)?;
        Ok(self.data)
    }
}

/// What the walk over the page found.
#[derive(Debug, Default)]
struct Page {
    title: Option<String>,
    blocks: Vec<Item>,
    /// The text of the first headings (`<h1>`…`<h6>`), wherever they are.
    headings: Vec<String>,
}

/// Headings kept to find a table's title among.
const MAX_HEADINGS: usize = 64;

/// The walk's state.
struct Walker<'b> {
    budget: &'b mut Budget,
    page: Page,
    tables: Vec<OpenTable>,
    /// The text of the line being read, white space collapsed.
    inline: String,
    in_heading: bool,
    in_title: bool,
    title: String,
    /// The dropped element being skipped, and how deep in it.
    dropping: Option<(Vec<u8>, usize)>,
}

fn span(tag: &html5gum::StartTag<()>, name: &[u8], max: usize) -> usize {
    tag.attributes
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| {
            let digits: String = String::from_utf8_lossy(v)
                .trim()
                .chars()
                .take_while(char::is_ascii_digit)
                .take(9)
                .collect();
            digits.parse::<usize>().ok()
        })
        .map_or(1, |n| if n == 0 { max } else { n.min(max) })
}

impl Walker<'_> {
    fn text(&mut self, s: &str) {
        let target = if self.in_title {
            &mut self.title
        } else {
            &mut self.inline
        };
        for c in s.chars() {
            if c.is_whitespace() {
                if !target.ends_with(' ') && !target.is_empty() {
                    target.push(' ');
                }
            } else {
                target.push(c);
            }
        }
    }

    /// Ends the line being read, putting it where it belongs: the open
    /// cell, the open table (outside its cells), or the page.
    fn flush(&mut self) {
        let line = std::mem::take(&mut self.inline).trim().to_string();
        if line.is_empty() {
            return;
        }
        if self.in_heading && self.page.headings.len() < MAX_HEADINGS {
            self.page.headings.push(line.clone());
        }
        match self.tables.last_mut() {
            Some(t) => match (t.cell, t.data.rows.last_mut()) {
                (Some(i), Some(row)) => row[i].items.push(Item::Text(line)),
                _ => t.data.loose.push(line),
            },
            None => self.page.blocks.push(Item::Text(line)),
        }
    }

    fn open_table(&mut self) -> Result<(), ImportError> {
        self.flush();
        self.budget.depth(self.tables.len() + 1)?;
        self.tables.push(OpenTable::default());
        Ok(())
    }

    fn close_table(&mut self) -> Result<(), ImportError> {
        self.flush();
        let Some(t) = self.tables.pop() else {
            return Ok(());
        };
        let data = t.finish(self.budget)?;
        match self.tables.last_mut() {
            Some(parent) => {
                if parent.cell.is_none() {
                    // A table in a table but in no cell: a cell of its own.
                    parent.start_cell(1, 1, self.budget)?;
                }
                let (Some(i), Some(row)) = (parent.cell, parent.data.rows.last_mut()) else {
                    return Ok(());
                };
                row[i].items.push(Item::Table(data));
            }
            None => self.page.blocks.push(Item::Table(data)),
        }
        Ok(())
    }

    fn start(&mut self, tag: &html5gum::StartTag<()>) -> Result<(), ImportError> {
        let name = tag.name.to_ascii_lowercase();
        let name = name.as_slice();
        if let Some((dropped, depth)) = self.dropping.as_mut() {
            if dropped.as_slice() == name && !tag.self_closing {
                *depth += 1;
            }
            return Ok(());
        }
        if DROPPED.contains(&name) {
            if !tag.self_closing {
                self.dropping = Some((name.to_vec(), 1));
            }
            return Ok(());
        }
        match name {
            b"title" => {
                self.in_title = !tag.self_closing;
            }
            b"table" => self.open_table()?,
            b"tr" => {
                self.flush();
                if let Some(t) = self.tables.last_mut() {
                    t.start_row(self.budget)?;
                }
            }
            b"td" | b"th" => {
                self.flush();
                let colspan = span(tag, b"colspan", MAX_COLSPAN);
                let rowspan = span(tag, b"rowspan", MAX_ROWSPAN);
                if let Some(t) = self.tables.last_mut() {
                    t.start_cell(colspan, rowspan, self.budget)?;
                }
            }
            b"br" => self.flush(),
            name if BLOCKS.contains(&name) => {
                self.flush();
                if is_heading(name) {
                    self.in_heading = true;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &[u8]) -> Result<(), ImportError> {
        let name = name.to_ascii_lowercase();
        let name = name.as_slice();
        if let Some((dropped, depth)) = self.dropping.as_mut() {
            if dropped.as_slice() == name {
                *depth -= 1;
                if *depth == 0 {
                    self.dropping = None;
                }
            }
            return Ok(());
        }
        match name {
            b"title" => self.in_title = false,
            b"table" => self.close_table()?,
            b"tr" => {
                self.flush();
                if let Some(t) = self.tables.last_mut() {
                    t.finish_row(self.budget)?;
                }
            }
            b"td" | b"th" => {
                self.flush();
                if let Some(t) = self.tables.last_mut() {
                    t.finish_cell();
                }
            }
            b"br" => self.flush(),
            name if BLOCKS.contains(&name) => {
                self.flush();
                if is_heading(name) {
                    self.in_heading = false;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Walks the page's tokens.
fn walk(text: &str, budget: &mut Budget) -> Result<Page, ImportError> {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut w = Walker {
        budget,
        page: Page::default(),
        tables: Vec::new(),
        inline: String::new(),
        in_heading: false,
        in_title: false,
        title: String::new(),
        dropping: None,
    };
    for (n, token) in Tokenizer::new_with_emitter(text, emitter).enumerate() {
        w.budget.nodes(1)?;
        if n % TOKENS_PER_CLOCK_CHECK == 0 {
            w.budget.time()?;
        }
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => w.start(&tag)?,
            Token::EndTag(tag) => w.end(&tag.name)?,
            Token::String(s) if w.dropping.is_none() => w.text(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    w.flush();
    while !w.tables.is_empty() {
        w.close_table()?;
    }
    let title = w.title.trim().to_string();
    w.page.title = (!title.is_empty()).then_some(title);
    Ok(w.page)
}

/// A block of the page once layout tables are taken apart.
enum Flat<'a> {
    Text(std::borrow::Cow<'a, str>),
    Table(&'a TableData),
}

/// The page's blocks in order, layout tables taken apart. It recurses once
/// per level of tables in tables, which the depth limit bounded while the
/// page was walked.
/// In a layout table's cell, a table of one row is text, as in any cell.
fn flatten<'a>(items: &'a [Item], out: &mut Vec<Flat<'a>>, in_cell: bool) {
    for item in items {
        match item {
            Item::Text(t) => out.push(Flat::Text(t.into())),
            Item::Table(t) if in_cell && t.rows.len() < 2 => {
                out.push(Flat::Text(t.as_text().into()));
            }
            Item::Table(t) => {
                for l in &t.loose {
                    out.push(Flat::Text(l.into()));
                }
                if t.is_layout() {
                    for cell in t.rows.iter().flatten() {
                        flatten(&cell.items, out, true);
                    }
                } else {
                    out.push(Flat::Table(t));
                }
            }
        }
    }
}

/// The self-check table of `t`, if its header names the columns.
fn self_check(t: &TableData, title: Option<String>) -> Option<grid::Parsed> {
    let names = |r: &Vec<GridCell>| -> Vec<String> {
        r.iter()
            .map(|c| {
                if c.covered {
                    String::new()
                } else {
                    c.lines().join("")
                }
            })
            .collect()
    };
    let all: Vec<Vec<String>> = t.rows.iter().map(names).collect();
    // A header of one row or two (完成情况 over 落实情况 | 存在问题及原因).
    let header = grid::find_header(&all, 5)?;
    let columns: Vec<String> = header
        .names
        .iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect();
    let roles = header.roles;
    let mut body = Vec::new();
    for (r, n) in t.rows.iter().zip(&all).skip(header.body) {
        if grid::names_columns(n) || grid::header_roles(n).is_some() {
            continue; // a repeated header row
        }
        let mut g = GridRow::default();
        for (c, role) in r.iter().zip(&roles) {
            let lines = if c.covered { Vec::new() } else { c.lines() };
            match role {
                Some(Column::Dimension) => g.dimension = (!c.below).then_some(lines),
                Some(Column::Content) => g.content.extend(lines),
                Some(Column::Status) => g.status.extend(lines),
                Some(Column::Problems) => g.problems.extend(lines),
                None => {}
            }
        }
        body.push(g);
    }
    Some(grid::Parsed {
        title,
        columns,
        rows: body,
        ..Default::default()
    })
}

/// Reads a web page within the budget.
pub fn read(bytes: &[u8], budget: &mut Budget) -> Result<grid::Read, ImportError> {
    let text = decode(bytes)?;
    let page = walk(&text, budget)?;
    budget.time()?;
    let mut flat = Vec::new();
    flatten(&page.blocks, &mut flat, false);
    for (k, block) in flat.iter().enumerate() {
        let Flat::Table(t) = block else {
            continue;
        };
        // The title: the first heading above the table, else the page's
        // title, else the text right above the table.
        let texts_above = || {
            flat[..k].iter().filter_map(|b| match b {
                Flat::Text(t) => Some(t.as_ref()),
                Flat::Table(_) => None,
            })
        };
        let heading = texts_above().find(|t| page.headings.iter().any(|h| h == t));
        let title = heading
            .map(str::to_string)
            .or_else(|| page.title.clone())
            .or_else(|| texts_above().next_back().map(str::to_string));
        if let Some(parsed) = self_check(t, title) {
            return Ok(grid::Read::Table(parsed));
        }
    }
    let mut out = Rendering::default();
    let first_text = flat.iter().find_map(|b| match b {
        Flat::Text(t) => Some(t.as_ref()),
        Flat::Table(_) => None,
    });
    if let Some(title) = page.title.as_deref().filter(|t| Some(*t) != first_text) {
        out.paragraph(title);
    }
    for block in &flat {
        match block {
            Flat::Text(t) => out.paragraph(t),
            Flat::Table(t) => out.table(&t.rendered_rows()),
        }
    }
    Ok(grid::Read::Text(out.finish()))
}
