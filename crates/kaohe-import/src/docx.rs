//! Word (.docx): the table whose header row names the columns, merged cells
//! followed (a dimension merged down its tasks is inherited; `gridSpan`
//! keeps columns aligned), the title from the paragraph above the table.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::grid::{self, Column, GridRow};
use crate::numbering::Numbering;
use crate::render::{self, Rendering};
use crate::{Budget, ImportError};
use kaohe_core::Diagnostic;

const FORMAT: &str = "Word（DOCX）";

/// How many XML events pass between two looks at the clock.
const EVENTS_PER_CLOCK_CHECK: u32 = 4096;

#[derive(Clone, Debug, Default)]
struct TableCell {
    paragraphs: Vec<String>,
    span: usize,
    /// `Some(true)` restarts a vertical merge, `Some(false)` continues one.
    vmerge: Option<bool>,
}

enum Block {
    Paragraph(String),
    Table(Vec<Vec<TableCell>>),
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .map(|a| a.value.to_string())
}

/// The body's paragraphs and top-level tables, in order. Table nesting,
/// rows, cells and paragraphs are counted against the budget.
fn blocks(
    xml: &str,
    numbering: &mut Numbering,
    budget: &mut Budget,
) -> Result<Vec<Block>, ImportError> {
    let mut reader = Reader::from_str(xml);
    // A paragraph's list number: its style, its list and its level, from
    // its properties (not those a tracked change replaced).
    let mut in_numpr = false;
    let mut in_change = 0usize;
    let mut style: Option<String> = None;
    let mut num_id: Option<String> = None;
    let mut ilvl: Option<usize> = None;
    let mut out = Vec::new();
    let mut events = 0u32;
    let mut depth = 0usize; // table nesting
    let mut rows: Vec<Vec<TableCell>> = Vec::new();
    let mut cell: Option<TableCell> = None;
    let mut para: Option<String> = None;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ImportError::Unreadable(FORMAT, e.to_string()))?;
        events += 1;
        if events.is_multiple_of(EVENTS_PER_CLOCK_CHECK) {
            budget.time()?;
        }
        match event {
            Event::Start(e) if e.name().into_inner() == "w:tbl" => {
                let _ = e;
                depth += 1;
                budget.depth(depth)?;
                if depth == 1 {
                    rows.clear();
                }
            }
            Event::End(e) if e.name().into_inner() == "w:tbl" => {
                if depth == 1 {
                    out.push(Block::Table(std::mem::take(&mut rows)));
                }
                depth = depth.saturating_sub(1);
            }
            Event::Start(e) | Event::Empty(e) if e.name().into_inner() == "w:tr" && depth == 1 => {
                let _ = e;
                budget.rows(1)?;
                rows.push(Vec::new());
            }
            Event::Start(e) if e.name().into_inner() == "w:tc" && depth == 1 => {
                let _ = e;
                budget.cells(1)?;
                cell = Some(TableCell {
                    span: 1,
                    ..TableCell::default()
                });
            }
            Event::Empty(e) if e.name().into_inner() == "w:tc" && depth == 1 => {
                let _ = e;
                budget.cells(1)?;
                if let Some(row) = rows.last_mut() {
                    row.push(TableCell {
                        span: 1,
                        ..TableCell::default()
                    });
                }
            }
            Event::End(e) if e.name().into_inner() == "w:tc" && depth == 1 => {
                let _ = e;
                if let (Some(c), Some(row)) = (cell.take(), rows.last_mut()) {
                    row.push(c);
                }
            }
            Event::Empty(e) | Event::Start(e)
                if e.name().into_inner() == "w:gridSpan" && depth == 1 =>
            {
                if let (Some(c), Some(v)) = (cell.as_mut(), attr(&e, "w:val")) {
                    c.span = v.parse().unwrap_or(1).max(1);
                    // Each spanned column becomes a cell of the grid.
                    budget.cells(c.span - 1)?;
                }
            }
            // Grid columns a row leaves out before its first cell: empty
            // cells, continuing whatever is above them, so that the row's
            // cells stay under their columns.
            Event::Empty(e) | Event::Start(e)
                if e.name().into_inner() == "w:gridBefore" && depth == 1 && cell.is_none() =>
            {
                let skipped: usize = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0);
                budget.cells(skipped)?;
                if let Some(row) = rows.last_mut().filter(|r| r.is_empty()) {
                    row.extend((0..skipped).map(|_| TableCell {
                        span: 1,
                        vmerge: Some(false),
                        ..TableCell::default()
                    }));
                }
            }
            Event::Empty(e) | Event::Start(e)
                if e.name().into_inner() == "w:vMerge" && depth == 1 =>
            {
                if let Some(c) = cell.as_mut() {
                    c.vmerge = Some(attr(&e, "w:val").as_deref() == Some("restart"));
                }
            }
            Event::Start(e) if e.name().into_inner() == "w:p" => {
                let _ = e;
                para = Some(String::new());
                (style, num_id, ilvl) = (None, None, None);
            }
            // The properties a tracked change replaced are not shown.
            Event::Start(e) if e.name().into_inner() == "w:pPrChange" => {
                let _ = e;
                in_change += 1;
            }
            Event::End(e) if e.name().into_inner() == "w:pPrChange" => {
                let _ = e;
                in_change = in_change.saturating_sub(1);
            }
            Event::Start(e) if e.name().into_inner() == "w:numPr" => {
                let _ = e;
                in_numpr = in_change == 0;
            }
            Event::End(e) if e.name().into_inner() == "w:numPr" => {
                let _ = e;
                in_numpr = false;
            }
            Event::Empty(e) if in_numpr && e.name().into_inner() == "w:ilvl" => {
                ilvl = attr(&e, "w:val").and_then(|v| v.parse().ok());
            }
            Event::Empty(e) if in_numpr && e.name().into_inner() == "w:numId" => {
                num_id = attr(&e, "w:val");
            }
            Event::Empty(e)
                if in_change == 0 && para.is_some() && e.name().into_inner() == "w:pStyle" =>
            {
                style = attr(&e, "w:val");
            }
            // Word's list number, written as the text it shows, before the
            // paragraph's text: the paragraph's own list, else its style's.
            Event::End(e) if in_change == 0 && e.name().into_inner() == "w:pPr" => {
                let _ = e;
                if let Some(p) = para.as_mut().filter(|p| p.is_empty()) {
                    let list = match num_id.take() {
                        Some(id) => {
                            let by_style = style.as_deref().and_then(|s| numbering.style(s));
                            let level = ilvl.or(by_style.and_then(|(_, l)| l)).unwrap_or(0);
                            Some((id, level))
                        }
                        None => style
                            .as_deref()
                            .and_then(|s| numbering.style(s))
                            .map(|(id, l)| (id, l.or(ilvl).unwrap_or(0))),
                    };
                    if let Some((id, level)) = list.filter(|(id, _)| id != "0") {
                        if let Some(label) = numbering.label(&id, level) {
                            p.push_str(&label);
                        }
                    }
                }
            }
            Event::Empty(e) if e.name().into_inner() == "w:p" => {
                let _ = e;
                if depth == 0 {
                    out.push(Block::Paragraph(String::new()));
                }
            }
            Event::End(e) if e.name().into_inner() == "w:p" => {
                let _ = e;
                let text = para.take().unwrap_or_default();
                match cell.as_mut() {
                    Some(c) if depth >= 1 => {
                        budget.cells(1)?;
                        c.paragraphs.push(text)
                    }
                    _ if depth == 0 => out.push(Block::Paragraph(text)),
                    _ => {}
                }
            }
            Event::Start(e) if e.name().into_inner() == "w:t" => {
                let _ = e;
                in_text = true;
            }
            Event::End(e) if e.name().into_inner() == "w:t" => {
                let _ = e;
                in_text = false;
            }
            Event::Empty(e) if matches!(e.name().into_inner(), "w:tab") => {
                if let Some(p) = para.as_mut() {
                    p.push(' ');
                }
            }
            Event::Empty(e) if matches!(e.name().into_inner(), "w:br" | "w:cr") => {
                // A line break inside a paragraph starts a new line of the cell.
                if let (Some(p), Some(c)) = (para.as_mut(), cell.as_mut()) {
                    budget.cells(1)?;
                    c.paragraphs.push(std::mem::take(p));
                }
            }
            Event::Text(t) if in_text => {
                if let Some(p) = para.as_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            // Entities arrive as their own events.
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = para.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        p.push(c);
                    } else {
                        let name: &str = r.as_ref();
                        p.push_str(match name {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        });
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Spreads a row's cells over grid columns.
fn gridded(row: &[TableCell]) -> Vec<TableCell> {
    let mut out = Vec::new();
    for c in row {
        out.push(c.clone());
        for _ in 1..c.span {
            out.push(TableCell {
                vmerge: Some(false),
                ..TableCell::default()
            });
        }
    }
    out
}

fn joined(c: &TableCell) -> String {
    c.paragraphs.join("")
}

/// The whole document rendered for the family readers: paragraphs one a
/// line, table rows one a line (`crate::render`). A table nested in a cell
/// is already part of that cell's paragraphs, its rows' text joined by
/// spaces.
fn rendering(blocks: &[Block]) -> String {
    let mut out = Rendering::default();
    for block in blocks {
        match block {
            Block::Paragraph(p) => out.paragraph(p),
            Block::Table(rows) => {
                let rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        gridded(r)
                            .iter()
                            .map(|c| match c.vmerge {
                                Some(false) => String::new(),
                                _ => render::cell_text(&c.paragraphs),
                            })
                            .collect()
                    })
                    .collect();
                out.table(&rows);
            }
        }
    }
    out.finish()
}

/// A part of the archive inflated within the budget, as text; `None` when
/// the archive has no such part.
fn part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<String>, ImportError> {
    let Ok(entry) = zip.by_name(name) else {
        return Ok(None);
    };
    let stored = entry.compressed_size();
    let xml = budget.inflate(entry, stored)?;
    String::from_utf8(xml)
        .map(Some)
        .map_err(|_| ImportError::Unreadable(FORMAT, format!("{name} 不是 UTF-8")))
}

/// Rows of a table laid on its grid, and each cell's text.
fn laid(rows: &[Vec<TableCell>]) -> (Vec<Vec<TableCell>>, Vec<Vec<String>>) {
    let rows: Vec<Vec<TableCell>> = rows.iter().map(|r| gridded(r)).collect();
    let names = rows
        .iter()
        .map(|r| r.iter().map(joined).collect())
        .collect();
    (rows, names)
}

/// How many rows of a table the header may sit under (a title row, a
/// 填报单位 row inside the table).
const HEADER_WITHIN: usize = 5;

/// The self-check table of a document: every table whose header names the
/// columns, joined in order; a table without a header that follows one
/// with as many columns continues it (Word, or the clerk, split it).
fn self_check(blocks: &[Block]) -> Option<grid::Parsed> {
    let mut parsed: Option<grid::Parsed> = None;
    let mut warnings = Vec::new();
    // Tables before the first self-check table, left out.
    let mut before = Vec::new();
    let mut above: Vec<String> = Vec::new();
    // The last header read: its roles and how many columns it has.
    let mut last: Option<(grid::Header, usize)> = None;
    let mut number = 0usize;
    for block in blocks {
        let rows = match block {
            Block::Paragraph(p) => {
                above.push(p.clone());
                continue;
            }
            Block::Table(rows) => rows,
        };
        number += 1;
        let (rows, names) = laid(rows);
        if names.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
            above.clear();
            continue;
        }
        let found = grid::find_header(&names, HEADER_WITHIN);
        let (header, body) = match (found, &last) {
            (Some(h), _) => {
                let body = h.body;
                let unknown = grid::unknown_columns(&h);
                if !unknown.is_empty() {
                    warnings.push(Diagnostic::general(format!(
                        "第 {number} 个表格的列「{}」不是自查表的列，没有读取",
                        unknown.join("」「")
                    )));
                }
                if parsed.is_none() {
                    // Rows above the header inside the table (a title
                    // row) count as lines above it.
                    above.extend(names[..h.at].iter().map(|r| {
                        r.iter()
                            .filter(|c| !c.trim().is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("  ")
                    }));
                    let (title, organization) = grid::title_above(&above);
                    parsed = Some(grid::Parsed {
                        title,
                        organization,
                        columns: h.names.iter().filter(|n| !n.is_empty()).cloned().collect(),
                        ..Default::default()
                    });
                } else {
                    for (k, r) in names[..h.at].iter().enumerate() {
                        if r.iter().any(|c| !c.trim().is_empty()) {
                            warnings.push(Diagnostic::general(format!(
                                "第 {number} 个表格第 {} 行在表头之上，没有读取",
                                k + 1
                            )));
                        }
                    }
                }
                let width = names.iter().map(Vec::len).max().unwrap_or(0);
                last = Some((h.clone(), width));
                (h, body)
            }
            (None, Some((h, width)))
                if parsed.is_some() && names.iter().map(Vec::len).max() == Some(*width) =>
            {
                warnings.push(Diagnostic::general(format!(
                    "第 {number} 个表格没有表头，按上一个表格的列读取"
                )));
                (h.clone(), 0)
            }
            (None, _) => {
                let note = Diagnostic::general(format!(
                    "第 {number} 个表格没有自查表的表头（{}），没有读取",
                    names
                        .iter()
                        .find(|r| r.iter().any(|c| !c.trim().is_empty()))
                        .map(|r| render::cell_text(
                            &r.iter()
                                .filter(|c| !c.trim().is_empty())
                                .cloned()
                                .collect::<Vec<_>>()
                        ))
                        .map(|t| t.chars().take(30).collect::<String>())
                        .unwrap_or_default()
                ));
                if parsed.is_some() {
                    warnings.push(note);
                    above.clear();
                } else {
                    // The title may stand above a table of contacts.
                    before.push(note);
                }
                continue;
            }
        };
        above.clear();
        let Some(p) = parsed.as_mut() else { continue };
        for (k, (r, n)) in rows.iter().zip(&names).enumerate().skip(body) {
            if grid::names_columns(n) || grid::header_roles(n).is_some() {
                continue; // a repeated header row
            }
            let place = format!("第 {number} 个表格第 {} 行", k + 1);
            // A row of one cell spanning the table to its end
            // (`一、党的建设`) heads the tasks under it: a dimension.
            let texts: Vec<usize> = (0..r.len())
                .filter(|&i| !joined(&r[i]).trim().is_empty())
                .collect();
            if let [i] = texts[..] {
                if r.len() >= 3 && r[i].span >= 2 && i + r[i].span >= r.len() {
                    p.rows.push(GridRow {
                        dimension: Some(r[i].paragraphs.clone()),
                        ..GridRow::default()
                    });
                    p.places.push(place);
                    continue;
                }
            }
            let mut g = GridRow::default();
            let mut elsewhere = false;
            for (i, c) in r.iter().enumerate() {
                match header.roles.get(i).copied().flatten() {
                    Some(Column::Dimension) => {
                        g.dimension = match c.vmerge {
                            Some(false) => None,
                            _ => Some(c.paragraphs.clone()),
                        }
                    }
                    Some(Column::Content) => g.content.extend(c.paragraphs.iter().cloned()),
                    Some(Column::Status) => g.status.extend(c.paragraphs.iter().cloned()),
                    Some(Column::Problems) => g.problems.extend(c.paragraphs.iter().cloned()),
                    None => {
                        elsewhere |= grid::tells(&header, i)
                            && !joined(c).trim().is_empty()
                            && c.vmerge != Some(false)
                    }
                }
            }
            let read = g
                .content
                .iter()
                .chain(&g.status)
                .chain(&g.problems)
                .any(|s| !s.trim().is_empty());
            let dimension = g
                .dimension
                .as_ref()
                .is_some_and(|d| d.iter().any(|s| !s.trim().is_empty()));
            if !read && elsewhere && !dimension {
                warnings.push(Diagnostic::general(format!(
                    "{place}的文字不在自查表的列里，没有读取"
                )));
            }
            p.rows.push(g);
            p.places.push(place);
        }
    }
    let mut p = parsed?;
    before.extend(warnings);
    p.warnings = before;
    Some(p)
}

/// Reads a .docx within the budget: the document part, and the numbering
/// part when there is one, inflated no further than the limits allow.
/// Every table whose header names the self-check columns is read, in
/// order, as one table; without one, the whole document is rendered as
/// text.
pub fn read(bytes: &[u8], budget: &mut Budget) -> Result<grid::Read, ImportError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ImportError::Unreadable(FORMAT, e.to_string()))?;
    let xml = part(&mut zip, "word/document.xml", budget)?
        .ok_or_else(|| ImportError::Unreadable(FORMAT, "缺少 word/document.xml".into()))?;
    // Paragraph styles matter only for their list numbers.
    let mut numbering = Numbering::default();
    if let Some(xml) = part(&mut zip, "word/numbering.xml", budget)? {
        numbering = Numbering::parse(&xml, budget)?;
        if let Some(xml) = part(&mut zip, "word/styles.xml", budget)? {
            numbering.parse_styles(&xml, budget)?;
        }
    }
    let blocks = blocks(&xml, &mut numbering, budget)?;
    budget.time()?;
    if let Some(parsed) = self_check(&blocks) {
        return Ok(grid::Read::Table(parsed));
    }
    Ok(grid::Read::Text(rendering(&blocks)))
}

#[cfg(test)]
mod tests {
    use crate::hostile::docx_of;
    use crate::{read_document_with, ImportError, Limit, Limits};

    const HEADER: &str = "<w:tr><w:tc><w:p><w:r><w:t>考评维度</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>自查内容（年度任务）</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>落实情况</w:t></w:r></w:p></w:tc></w:tr>";
    const ROW: &str = "<w:tr><w:tc><w:p><w:r><w:t>履职</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>新增基站10个</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>已新增12个</w:t></w:r></w:p></w:tc></w:tr>";

    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
    }

    fn table(rows: &str) -> String {
        document(&format!("<w:tbl>{HEADER}{rows}</w:tbl>"))
    }

    /// Limits that let the walker's own counts be reached first.
    fn loose() -> Limits {
        Limits {
            max_ratio: u64::MAX,
            ..Limits::default()
        }
    }

    fn row(cells: &[&str]) -> String {
        let cells: String = cells
            .iter()
            .map(|c| format!("<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>"))
            .collect();
        format!("<w:tr>{cells}</w:tr>")
    }

    #[test]
    fn nothing_left_out_goes_unsaid() {
        let xml = document(&format!(
            "<w:tbl>{}{}{}{}{}</w:tbl><w:tbl>{}</w:tbl>",
            row(&["考评维度", "自查内容（年度任务）", "落实情况", "备注"]),
            row(&["履职", "新增基站10个", "已新增12个", ""]),
            row(&["", "", "", "此行只有备注"]),
            row(&["", "", "", ""]),
            row(&["考评维度", "自查内容（年度任务）", "落实情况", "备注"]),
            row(&["审核人", "李四"]),
        ));
        let read = crate::read_document(&docx_of(&xml)).unwrap();
        assert_eq!(read.table.tasks.len(), 1);
        let warnings: Vec<&str> = read.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            warnings,
            [
                "第 1 个表格的列「备注」不是自查表的列，没有读取",
                "第 1 个表格第 3 行的文字不在自查表的列里，没有读取",
                "第 2 个表格没有自查表的表头（审核人 李四），没有读取",
            ]
        );
        // A row of one cell across the table heads the tasks under it.
        let heading = r#"<w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>一、党的建设</w:t></w:r></w:p></w:tc></w:tr>"#;
        let xml = document(&format!(
            "<w:tbl>{}{heading}{}</w:tbl>",
            row(&["序号", "自查内容（年度任务）", "落实情况"]),
            row(&["1", "新增基站10个", "已新增12个"]),
        ));
        let read = crate::read_document(&docx_of(&xml)).unwrap();
        assert_eq!(read.table.tasks.len(), 1);
        assert_eq!(read.table.tasks[0].dimension, "一、党的建设");
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        // A form's empty rows, numbered in its 序号 column, are no loss.
        let xml = document(&format!(
            "<w:tbl>{}{}{}</w:tbl>",
            row(&["序号", "自查内容（年度任务）", "落实情况"]),
            row(&["1", "新增基站10个", "已新增12个"]),
            row(&["2", "", ""]),
        ));
        let read = crate::read_document(&docx_of(&xml)).unwrap();
        assert_eq!(read.table.tasks.len(), 1);
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    }

    #[test]
    fn each_bound_of_the_word_reader_holds() {
        let nested = document(&format!(
            "{}{}",
            "<w:tbl><w:tr><w:tc>".repeat(100),
            "</w:tc></w:tr></w:tbl>".repeat(100)
        ));
        let span = table(
            r#"<w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p/></w:tc></w:tr>"#,
        );
        // (what, document.xml, limits, the limit it passes or None when read)
        let cases: Vec<(&str, String, Limits, Option<Limit>)> = vec![
            ("a plain table", table(ROW), Limits::default(), None),
            ("100 nested tables", nested, loose(), Some(Limit::Depth(64))),
            (
                "more rows than allowed",
                table(&ROW.repeat(30)),
                Limits {
                    max_rows: 20,
                    ..loose()
                },
                Some(Limit::Rows(20)),
            ),
            (
                "tiny empty rows",
                table(&"<w:tr><w:tc/></w:tr>".repeat(30_000)),
                loose(),
                Some(Limit::Rows(20_000)),
            ),
            (
                "a cell spanning a billion columns",
                span,
                loose(),
                Some(Limit::Cells(200_000)),
            ),
            (
                "a row leaving out a billion columns",
                table(r#"<w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr></w:tr>"#),
                loose(),
                Some(Limit::Cells(200_000)),
            ),
            (
                "many paragraphs in one cell",
                table(&format!(
                    "<w:tr><w:tc>{}</w:tc></w:tr>",
                    "<w:p><w:r><w:t>x</w:t><w:br/></w:r></w:p>".repeat(2_000)
                )),
                Limits {
                    max_cells: 1_000,
                    ..loose()
                },
                Some(Limit::Cells(1_000)),
            ),
            (
                "a document part past the part limit",
                table(&ROW.repeat(2_000)),
                Limits {
                    max_part_bytes: 100_000,
                    ..loose()
                },
                Some(Limit::PartBytes(100_000)),
            ),
        ];
        for (what, xml, limits, want) in cases {
            let got = read_document_with(&docx_of(&xml), limits);
            match want {
                None => assert_eq!(got.unwrap().table.tasks.len(), 1, "{what}"),
                Some(limit) => {
                    assert_eq!(got.unwrap_err(), ImportError::TooLarge(limit), "{what}")
                }
            }
        }
    }
}
