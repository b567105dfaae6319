//! Word (.docx): the table whose header row names the columns, merged cells
//! followed (a dimension merged down its tasks is inherited; `gridSpan`
//! keeps columns aligned), the title from the paragraph above the table.

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::grid::{self, Column, GridRow};
use crate::ImportError;

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

/// The body's paragraphs and top-level tables, in order.
fn blocks(xml: &str) -> Result<Vec<Block>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut depth = 0usize; // table nesting
    let mut rows: Vec<Vec<TableCell>> = Vec::new();
    let mut cell: Option<TableCell> = None;
    let mut para: Option<String> = None;
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().into_inner() == "w:tbl" => {
                let _ = e;
                depth += 1;
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
            Event::Start(e) if e.name().into_inner() == "w:tr" && depth == 1 => {
                let _ = e;
                rows.push(Vec::new());
            }
            Event::Start(e) if e.name().into_inner() == "w:tc" && depth == 1 => {
                let _ = e;
                cell = Some(TableCell {
                    span: 1,
                    ..TableCell::default()
                });
            }
            Event::End(e) if e.name().into_inner() == "w:tc" && depth == 1 => {
                let _ = e;
                if let (Some(c), Some(row)) = (cell.take(), rows.last_mut()) {
                    row.push(c);
                }
            }
            Event::Empty(e) | Event::Start(e) if e.name().into_inner() == "w:gridSpan" => {
                if let (Some(c), Some(v)) = (cell.as_mut(), attr(&e, "w:val")) {
                    c.span = v.parse().unwrap_or(1).max(1);
                }
            }
            Event::Empty(e) | Event::Start(e) if e.name().into_inner() == "w:vMerge" => {
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
                    Some(c) if depth >= 1 => c.paragraphs.push(text),
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

/// Reads a .docx.
pub fn read(bytes: &[u8]) -> Result<grid::Parsed, ImportError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ImportError::Unreadable("Word（DOCX）", e.to_string()))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|_| ImportError::Unreadable("Word（DOCX）", "缺少 word/document.xml".into()))?
        .read_to_string(&mut xml)
        .map_err(|e| ImportError::Unreadable("Word（DOCX）", e.to_string()))?;
    let blocks = blocks(&xml).map_err(|e| ImportError::Unreadable("Word（DOCX）", e))?;
    let mut title: Option<String> = None;
    let mut tables_seen = 0;
    for block in &blocks {
        match block {
            Block::Paragraph(p) => {
                if !p.trim().is_empty() {
                    title = Some(p.trim().to_string());
                }
            }
            Block::Table(rows) => {
                tables_seen += 1;
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
                return Ok(grid::Parsed {
                    title,
                    columns,
                    rows: body,
                });
            }
        }
    }
    Err(ImportError::NoTable(
        "Word（DOCX）",
        if tables_seen == 0 {
            "文件里没有表格".into()
        } else {
            format!("{tables_seen} 个表格都没有“自查内容（年度任务）”和“落实情况”两栏的表头")
        },
    ))
}
