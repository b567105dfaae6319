//! Excel (.xlsx, and the .xls that calamine reads): on any sheet, the first
//! row within the first rows that names the columns; a dimension cell left
//! empty under a merge inherits the one above; the title from the rows above
//! the header.

use std::io::Cursor;

use calamine::{Data, Reader, Xls, Xlsx};

use crate::grid::{self, Column, GridRow};
use crate::render::Rendering;
use crate::{Budget, ImportError, Limit};
use kaohe_core::Diagnostic;

/// How many cells pass between two looks at the clock.
const CELLS_PER_CLOCK_CHECK: usize = 4096;

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // A date cell holds a serial number; show the date, as Excel does.
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, day, h, mi, _, _) = dt.to_ymd_hms_milli();
            if (h, mi) == (0, 0) {
                format!("{y}年{mo}月{day}日")
            } else {
                format!("{y}年{mo}月{day}日 {h:02}:{mi:02}")
            }
        }
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Lines of a cell: Excel keeps items on their own lines with Alt+Enter.
fn lines(s: &str) -> Vec<String> {
    s.split('\n')
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

/// A sheet's cell texts, row by row.
type Rows = Vec<Vec<String>>;

/// The rows of the area from the first to the last non-empty cell, as
/// calamine's `Range` would hold them; refused when that area is larger
/// than the cell limit, before it is allocated.
fn dense(cells: Vec<(u32, u32, String)>, budget: &Budget) -> Result<Rows, ImportError> {
    let Some(first) = cells.first() else {
        return Ok(Vec::new());
    };
    let (mut top, mut bottom, mut left, mut right) = (first.0, first.0, first.1, first.1);
    for (row, col, _) in &cells {
        top = top.min(*row);
        bottom = bottom.max(*row);
        left = left.min(*col);
        right = right.max(*col);
    }
    let height = (bottom - top) as usize + 1;
    let width = (right - left) as usize + 1;
    let limits = budget.limits();
    if height > limits.max_rows {
        return Err(ImportError::TooLarge(Limit::Rows(limits.max_rows)));
    }
    if height.saturating_mul(width) > limits.max_cells {
        return Err(ImportError::TooLarge(Limit::Cells(limits.max_cells)));
    }
    let mut rows = vec![vec![String::new(); width]; height];
    for (row, col, value) in cells {
        rows[(row - top) as usize][(col - left) as usize] = value;
    }
    Ok(rows)
}

/// Inflates every part of the archive within the budget, counting the
/// bytes that really come out rather than the sizes the archive claims, so
/// that calamine, which inflates the parts again on its own, only ever
/// meets parts known to fit.
fn check_parts(bytes: &[u8], format: &'static str, budget: &mut Budget) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Unreadable(format, e.to_string()))?;
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| ImportError::Unreadable(format, e.to_string()))?;
        let stored = entry.compressed_size();
        budget.inflate(entry, stored)?;
    }
    Ok(())
}

/// The sheets of an .xlsx, cell by cell: calamine's cell reader, so that a
/// cell far away (XFD1048576) costs one cell, not the area up to it.
fn xlsx_sheets(
    bytes: &[u8],
    format: &'static str,
    budget: &mut Budget,
) -> Result<Vec<(String, Option<Rows>)>, ImportError> {
    check_parts(bytes, format, budget)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ImportError::Unreadable(format, e.to_string()))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let Ok(mut reader) = book.worksheet_cells_reader(&name) else {
            sheets.push((name, None));
            continue;
        };
        let mut cells = Vec::new();
        let mut seen = 0usize;
        let mut broken = false;
        loop {
            match reader.next_cell() {
                Ok(Some(cell)) => {
                    seen += 1;
                    if seen.is_multiple_of(CELLS_PER_CLOCK_CHECK) {
                        budget.time()?;
                    }
                    let (row, col) = cell.get_position();
                    let value = Data::from(cell.get_value().clone());
                    if value != Data::Empty {
                        budget.cells(1)?;
                        cells.push((row, col, text(&value)));
                    }
                }
                Ok(None) => break,
                Err(_) => {
                    broken = true;
                    break;
                }
            }
        }
        drop(reader);
        let rows = if broken {
            None
        } else {
            Some(dense(cells, budget)?)
        };
        sheets.push((name, rows));
    }
    Ok(sheets)
}

/// BIFF records: type, then the record's data.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let kind = u16::from_le_bytes([rest[0], rest[1]]);
        let len = u16::from_le_bytes([rest[2], rest[3]]) as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((kind, data))
    })
}

fn u16_of(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes([
        *data.get(at)?,
        *data.get(at + 1)?,
    ])))
}

/// What calamine lays out for each sheet of an .xls, counted from the
/// workbook stream before calamine reads it: calamine reserves room for a
/// sheet's stated dimensions and allocates the whole area from its first
/// to its last cell, so a sheet claiming 65,536 × 256 cells, or holding one
/// cell at A1 and one at IV65536, would take hundreds of MB at once.
fn check_biff(stream: &[u8], budget: &mut Budget) -> Result<(), ImportError> {
    const EOF: u16 = 0x000A;
    const BOF: u16 = 0x0809;
    const BOUND_SHEET: u16 = 0x0085;
    const DIMENSIONS: u16 = 0x0200;
    const MUL_RK: u16 = 0x00BD;
    // Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
    const CELLS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];
    let damaged = |what: &str| ImportError::Unreadable("Excel（XLS）", what.to_string());
    let max_cells = budget.limits().max_cells;
    let too_many = || ImportError::TooLarge(Limit::Cells(max_cells));
    let mut positions = Vec::new();
    let mut laid_out = 0usize;
    for (kind, data) in records(stream) {
        match kind {
            BOUND_SHEET if data.len() >= 4 => {
                positions.push(u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize)
            }
            EOF => break,
            _ => {}
        }
    }
    for pos in positions {
        let sheet = stream
            .get(pos..)
            .ok_or_else(|| damaged("工作表的位置超出了文件"))?;
        let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0u32, u32::MAX, 0u32);
        let mut cells = 0usize;
        let mut depth = 0usize;
        let mut seen_bof = false;
        for (kind, data) in records(sheet) {
            if depth > 0 {
                match kind {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let mut place = |row: u32, col: u32| {
                top = top.min(row);
                bottom = bottom.max(row);
                left = left.min(col);
                right = right.max(col);
            };
            match kind {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF => break,
                DIMENSIONS => {
                    // As calamine reads it: first and one-past-last row and column.
                    let (first_row, last_row, first_col, last_col) = match data.len() {
                        10 => (
                            u16_of(data, 0),
                            u16_of(data, 2),
                            u16_of(data, 4),
                            u16_of(data, 6),
                        ),
                        14 | 16 => (
                            Some(u32::from_le_bytes([data[0], data[1], data[2], data[3]])),
                            Some(u32::from_le_bytes([data[4], data[5], data[6], data[7]])),
                            u16_of(data, 8),
                            u16_of(data, 10),
                        ),
                        _ => continue,
                    };
                    let (Some(rf), Some(rl), Some(mut cf), Some(cl)) =
                        (first_row, last_row, first_col, last_col)
                    else {
                        continue;
                    };
                    if cf > 0xFF || cl < cf {
                        cf = 0;
                    }
                    if rl >= 1 && cl >= 1 {
                        if rl - 1 < rf || cl - 1 < cf {
                            return Err(damaged("工作表的范围首尾颠倒"));
                        }
                        let area = u64::from(rl - rf) * u64::from(cl - cf);
                        if area > max_cells as u64 {
                            return Err(too_many());
                        }
                    }
                }
                MUL_RK if data.len() >= 6 => {
                    let row = u16_of(data, 0).unwrap_or(0);
                    place(row, u16_of(data, 2).unwrap_or(0));
                    place(row, u16_of(data, data.len() - 2).unwrap_or(0));
                    cells += (data.len() - 6) / 6;
                }
                kind if CELLS.contains(&kind) && data.len() >= 4 => {
                    place(u16_of(data, 0).unwrap_or(0), u16_of(data, 2).unwrap_or(0));
                    cells += 1;
                }
                _ => {}
            }
            if cells > max_cells {
                return Err(too_many());
            }
        }
        if top <= bottom && left <= right {
            // Sheets may share one position: their areas add up.
            laid_out += (bottom - top + 1) as usize * (right - left + 1) as usize;
            if laid_out > max_cells {
                return Err(too_many());
            }
        }
        budget.time()?;
    }
    Ok(())
}

/// The sheets of an old .xls. calamine builds each sheet's area itself;
/// the file limit bounds it (an .xls sheet is at most 65,536 × 256), and the
/// area is checked before its cells are turned into text.
fn xls_sheets(
    bytes: &[u8],
    format: &'static str,
    budget: &mut Budget,
) -> Result<Vec<(String, Option<Rows>)>, ImportError> {
    match crate::ole::stream(bytes, &["Workbook", "Book"]) {
        Err(e) => return Err(ImportError::Unreadable(crate::ole::FORMAT, e)),
        Ok(Some(stream)) => check_biff(&stream, budget)?,
        Ok(None) => {}
    }
    let mut book: Xls<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsError| ImportError::Unreadable(format, e.to_string()))?;
    budget.time()?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            sheets.push((name, None));
            continue;
        };
        budget.time()?;
        let (height, width) = range.get_size();
        let limits = budget.limits();
        if height > limits.max_rows {
            return Err(ImportError::TooLarge(Limit::Rows(limits.max_rows)));
        }
        if height.saturating_mul(width) > limits.max_cells {
            return Err(ImportError::TooLarge(Limit::Cells(limits.max_cells)));
        }
        budget.cells(height * width)?;
        let rows = range.rows().map(|r| r.iter().map(text).collect()).collect();
        sheets.push((name, Some(rows)));
    }
    Ok(sheets)
}

/// Reads a workbook (.xlsx when it is a ZIP archive, .xls otherwise) within
/// the budget. A sheet that cannot be read (a chart sheet, a broken part)
/// is passed over. The first sheet with the self-check header within its
/// first 10 rows is the table; without one, every sheet is rendered as text.
pub fn read(
    bytes: &[u8],
    format: &'static str,
    budget: &mut Budget,
) -> Result<grid::Read, ImportError> {
    // calamine is not ours: a malformed record it does not expect can make it
    // panic. That is a damaged file, not a crash.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if bytes.starts_with(b"PK\x03\x04") {
            xlsx_sheets(bytes, format, budget)
        } else {
            xls_sheets(bytes, format, budget)
        }
    }));
    let sheets =
        read.map_err(|_| ImportError::Unreadable(format, "文件结构不完整或已损坏".into()))??;
    // Sheets passed over, said when the self-check table is found; not the
    // verification sheet kaohe writes itself (核对结果), which a check
    // computes again.
    let passed_over = |name: &str, rows: &Option<Rows>| -> Option<Diagnostic> {
        let Some(rows) = rows else {
            return Some(Diagnostic::general(format!(
                "工作表「{name}」无法读取，没有读取"
            )));
        };
        if name == "核对结果" || rows.iter().flatten().all(|c| c.trim().is_empty()) {
            return None;
        }
        Some(Diagnostic::general(
            if grid::find_header(rows, 10).is_some() {
                format!("工作表「{name}」也有自查表的表头，没有读取：只读取第一个有表头的工作表")
            } else {
                format!("工作表「{name}」没有自查表的表头，没有读取")
            },
        ))
    };
    for (k, (name, rows)) in sheets.iter().enumerate() {
        let Some(header) = rows.as_ref().and_then(|rows| grid::find_header(rows, 10)) else {
            continue;
        };
        let Some(rows) = rows else { continue };
        let mut passed: Vec<Diagnostic> = sheets
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .filter_map(|(_, (name, rows))| passed_over(name, rows))
            .collect();
        let h = header.at;
        let (title, organization) = grid::title_above(
            &rows[..h]
                .iter()
                .map(|r| {
                    r.iter()
                        .filter(|c| !c.trim().is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("  ")
                })
                .collect::<Vec<_>>(),
        );
        let columns = header
            .names
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect();
        let mut warnings = std::mem::take(&mut passed);
        let unknown = grid::unknown_columns(&header);
        if !unknown.is_empty() {
            warnings.push(Diagnostic::general(format!(
                "工作表「{name}」的列「{}」不是自查表的列，没有读取",
                unknown.join("」「")
            )));
        }
        let mut body = Vec::new();
        let mut places = Vec::new();
        for (k, r) in rows.iter().enumerate().skip(header.body) {
            if grid::names_columns(r) || grid::header_roles(r).is_some() {
                continue;
            }
            let place = format!("工作表「{name}」第 {} 行", k + 1);
            let mut g = GridRow::default();
            let mut elsewhere = false;
            for (i, c) in r.iter().enumerate() {
                match header.roles.get(i).copied().flatten() {
                    Some(Column::Dimension) => {
                        g.dimension = (!c.trim().is_empty()).then(|| vec![c.clone()]);
                    }
                    Some(Column::Content) => g.content.extend(lines(c)),
                    Some(Column::Status) => g.status.extend(lines(c)),
                    Some(Column::Problems) => g.problems.extend(lines(c)),
                    None => elsewhere |= grid::tells(&header, i) && !c.trim().is_empty(),
                }
            }
            let read = g
                .content
                .iter()
                .chain(&g.status)
                .chain(&g.problems)
                .any(|s| !s.trim().is_empty());
            if !read && elsewhere && g.dimension.is_none() {
                warnings.push(Diagnostic::general(format!(
                    "{place}的文字不在自查表的列里，没有读取"
                )));
            }
            body.push(g);
            places.push(place);
        }
        return Ok(grid::Read::Table(grid::Parsed {
            title,
            organization,
            columns,
            rows: body,
            warnings,
            places,
        }));
    }
    budget.time()?;
    Ok(grid::Read::Text(rendering(&sheets)))
}

/// Every sheet rendered for the family readers (`crate::render`): one line
/// a row, tabs between cells, the lines of a cell joined by a space. A run
/// of empty rows ends a table, so blocks of one sheet, and the sheets
/// themselves, are separated by a blank line. A cell of a merged area other
/// than its first is empty in the file, and so in the rendering.
fn rendering(sheets: &[(String, Option<Rows>)]) -> String {
    let mut out = Rendering::default();
    for rows in sheets.iter().filter_map(|(_, rows)| rows.as_ref()) {
        for block in rows.split(|r| r.iter().all(|c| c.trim().is_empty())) {
            out.table(block);
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    /// A one-sheet workbook whose first row is `cells`.
    fn workbook(sheet: &str, cells: &[&str]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        let row: String = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    "<c r=\"{}1\" t=\"inlineStr\"><is><t>{c}</t></is></c>",
                    (b'A' + i as u8) as char
                )
            })
            .collect();
        for (name, body) in [
            ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
            ("xl/workbook.xml", format!(r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
            ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{row}</row></sheetData></worksheet>"#)),
        ] {
            zip.start_file(name, opts).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn each_bound_of_the_excel_reader_holds() {
        use crate::hostile::{xlsx_bomb, xlsx_of};
        use crate::{read_document_with, ImportError, Limit, Limits};
        let sheet = |dimension: &str, extra: &str| {
            let cell =
                |at: &str, t: &str| format!(r#"<c r="{at}" t="inlineStr"><is><t>{t}</t></is></c>"#);
            format!(
                r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData><row r="1">{}{}</row><row r="2">{}{}</row>{extra}</sheetData></worksheet>"#,
                cell("A1", "自查内容（年度任务）"),
                cell("B1", "落实情况"),
                cell("A2", "新增基站10个"),
                cell("B2", "已新增12个")
            )
        };
        let far = |at: &str, row: u32| {
            format!(r#"<row r="{row}"><c r="{at}" t="inlineStr"><is><t>x</t></is></c></row>"#)
        };
        let many: String = (3..=600)
            .map(|r| {
                format!(r#"<row r="{r}"><c r="A{r}"><v>1</v></c><c r="B{r}"><v>2</v></c></row>"#)
            })
            .collect();
        // (what, file, limits, the limit passed or None when read)
        let cases: Vec<(&str, Vec<u8>, Limits, Option<Limit>)> = vec![
            (
                "a plain sheet",
                xlsx_of(&sheet("A1:B2", "")),
                Limits::default(),
                None,
            ),
            (
                "a huge dimension alone",
                xlsx_of(&sheet("A1:XFD1048576", "")),
                Limits::default(),
                None,
            ),
            (
                "cells at A1 and XFD1048576",
                xlsx_of(&sheet("A1:XFD1048576", &far("XFD1048576", 1048576))),
                Limits::default(),
                Some(Limit::Rows(20_000)),
            ),
            (
                "cells at A1 and XFD3: 3 × 16384",
                xlsx_of(&sheet("A1:B2", &far("XFD3", 3))),
                Limits {
                    max_cells: 10_000,
                    ..Limits::default()
                },
                Some(Limit::Cells(10_000)),
            ),
            (
                "more cells than allowed",
                xlsx_of(&sheet("A1:B600", &many)),
                Limits {
                    max_cells: 1_000,
                    ..Limits::default()
                },
                Some(Limit::Cells(1_000)),
            ),
            (
                "shared strings past the part limit",
                xlsx_bomb(8 << 20),
                Limits {
                    max_part_bytes: 4 << 20,
                    ..Limits::default()
                },
                Some(Limit::PartBytes(4 << 20)),
            ),
            (
                "shared strings past the ratio",
                xlsx_bomb(8 << 20),
                Limits::default(),
                Some(Limit::Ratio(200)),
            ),
        ];
        for (what, bytes, limits, want) in cases {
            let got = read_document_with(&bytes, limits);
            match want {
                None => assert_eq!(got.unwrap().table.tasks.len(), 1, "{what}"),
                Some(limit) => {
                    assert_eq!(got.unwrap_err(), ImportError::TooLarge(limit), "{what}")
                }
            }
        }
    }

    #[test]
    fn malformed_old_excel_files_are_refused_not_followed() {
        use crate::hostile::ole_with_fat;
        const END: u32 = 0xFFFF_FFFE;
        const FAT: u32 = 0xFFFF_FFFD;
        // (what, FAT entries from sector 0, extra sectors, refused by our check)
        let cases: Vec<(&str, Vec<u32>, usize, bool)> = vec![
            ("the directory points at itself", vec![0, FAT], 0, true),
            ("a loop of two sectors", vec![2, FAT, 0], 2, true),
            ("a chain past the FAT", vec![200, FAT], 300, true),
            ("a chain past the file", vec![5000, FAT], 0, false),
            ("a proper end", vec![END, FAT], 0, false),
        ];
        for (what, fat, extra, refused_here) in cases {
            let bytes = ole_with_fat(&fat, extra);
            assert_eq!(crate::ole::check(&bytes).is_err(), refused_here, "{what}");
            // Whoever refuses it, the read ends, quickly, with an error.
            assert!(crate::read_document(&bytes).is_err(), "{what}");
        }
    }

    #[test]
    fn an_old_excel_sheet_is_read_and_its_area_bounded() {
        use crate::hostile::{xls_hostile, xls_of};
        use crate::{ImportError, Limit};
        let plain = xls_of(&[
            &["自查内容（年度任务）", "落实情况"],
            &["新增基站10个", "已新增12个"],
        ]);
        let read = crate::read_document(&plain).unwrap();
        assert_eq!(read.format, "XLS");
        assert_eq!(read.table.tasks.len(), 1);
        for bytes in xls_hostile() {
            assert_eq!(
                crate::read_document(&bytes).unwrap_err(),
                ImportError::TooLarge(Limit::Cells(200_000))
            );
        }
    }

    #[test]
    fn a_sheet_without_the_columns_is_rendered_and_an_empty_header_refused() {
        let bytes = workbook("二〇二三年汇总", &["序号", "项目", "金额"]);
        let read = crate::read_document(&bytes).unwrap();
        assert!(read.table.tasks.is_empty());
        assert_eq!(read.source, "序号\t项目\t金额\n");
        assert_eq!(read.format, "XLSX");
        let empty = workbook("空表", &[]);
        let err = crate::read_document(&empty).unwrap_err().to_string();
        assert!(
            err.contains("Excel（XLSX）") && err.contains("没有文字"),
            "{err}"
        );
        let ok = workbook("自查", &["考评维度", "工作任务", "完成情况", "存在问题"]);
        let err = crate::read_document(&ok).unwrap_err().to_string();
        assert!(
            err.contains("没有任务行"),
            "a header with no rows under it: {err}"
        );
    }
}
