//! Word (.docx): the table whose header row names the columns, merged cells
//! followed (a dimension merged down its tasks is inherited; `gridSpan`
//! keeps columns aligned), the title from the paragraph above the table.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::grid::{self, Column, GridRow};
use crate::render::{self, Rendering};
use crate::{Budget, ImportError};

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
fn blocks(xml: &str, budget: &mut Budget) -> Result<Vec<Block>, ImportError> {
    let mut reader = Reader::from_str(xml);
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

/// Reads a .docx within the budget: the document part is inflated no
/// further than the limits allow. The first table whose header names the
/// self-check columns is the table; without one, the whole document is
/// rendered as text.
pub fn read(bytes: &[u8], budget: &mut Budget) -> Result<grid::Read, ImportError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ImportError::Unreadable(FORMAT, e.to_string()))?;
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|_| ImportError::Unreadable(FORMAT, "缺少 word/document.xml".into()))?;
    let stored = entry.compressed_size();
    let xml = budget.inflate(entry, stored)?;
    let xml = String::from_utf8(xml)
        .map_err(|_| ImportError::Unreadable(FORMAT, "word/document.xml 不是 UTF-8".into()))?;
    let blocks = blocks(&xml, budget)?;
    let mut title: Option<String> = None;
    for block in &blocks {
        match block {
            Block::Paragraph(p) => {
                if !p.trim().is_empty() {
                    title = Some(p.trim().to_string());
                }
            }
            Block::Table(rows) => {
                let rows: Vec<Vec<TableCell>> = rows.iter().map(|r| gridded(r)).collect();
                let Some((h, roles)) = rows.iter().enumerate().take(5).find_map(|(i, r)| {
                    let names: Vec<String> = r.iter().map(joined).collect();
                    grid::header_roles(&names).map(|roles| (i, roles))
                }) else {
                    continue;
                };
                let columns: Vec<String> = rows[h]
                    .iter()
                    .map(joined)
                    .filter(|s| !s.is_empty())
                    .collect();
                let mut body = Vec::new();
                for r in &rows[h + 1..] {
                    let names: Vec<String> = r.iter().map(joined).collect();
                    if grid::header_roles(&names).is_some() {
                        continue; // a repeated header row
                    }
                    let mut g = GridRow::default();
                    for (c, role) in r.iter().zip(&roles) {
                        match role {
                            Some(Column::Dimension) => {
                                g.dimension = match c.vmerge {
                                    Some(false) => None,
                                    _ => Some(c.paragraphs.clone()),
                                }
                            }
                            Some(Column::Content) => g.content.extend(c.paragraphs.iter().cloned()),
                            Some(Column::Status) => g.status.extend(c.paragraphs.iter().cloned()),
                            Some(Column::Problems) => {
                                g.problems.extend(c.paragraphs.iter().cloned())
                            }
                            None => {}
                        }
                    }
                    body.push(g);
                }
                return Ok(grid::Read::Table(grid::Parsed {
                    title,
                    columns,
                    rows: body,
                }));
            }
        }
    }
    budget.time()?;
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
