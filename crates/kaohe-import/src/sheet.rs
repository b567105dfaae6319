//! Excel (.xlsx, and the .xls that calamine reads): on any sheet, the first
//! row within the first rows that names the columns; a dimension cell left
//! empty under a merge inherits the one above; the title from the rows above
//! the header.

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use crate::grid::{self, Column, GridRow};
use crate::ImportError;

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
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

/// Reads a workbook.
pub fn read(bytes: &[u8], format: &'static str) -> Result<grid::Parsed, ImportError> {
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| ImportError::Unreadable(format, e.to_string()))?;
    let names = book.sheet_names();
    for name in &names {
        let Ok(range) = book.worksheet_range(name) else {
            continue;
        };
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
        let Some((h, roles)) = rows
            .iter()
            .enumerate()
            .take(10)
            .find_map(|(i, r)| grid::header_roles(r).map(|roles| (i, roles)))
        else {
            continue;
        };
        let title = rows[..h]
            .iter()
            .flat_map(|r| r.iter())
            .find(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string());
        let columns = rows[h].iter().filter(|s| !s.is_empty()).cloned().collect();
        let mut body = Vec::new();
        for r in &rows[h + 1..] {
            if grid::header_roles(r).is_some() {
                continue;
            }
            let mut g = GridRow::default();
            for (c, role) in r.iter().zip(&roles) {
                match role {
                    Some(Column::Dimension) => {
                        g.dimension = (!c.trim().is_empty()).then(|| vec![c.clone()]);
                    }
                    Some(Column::Content) => g.content.extend(lines(c)),
                    Some(Column::Status) => g.status.extend(lines(c)),
                    Some(Column::Problems) => g.problems.extend(lines(c)),
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
    let listed = names
        .iter()
        .map(|n| format!("“{n}”"))
        .collect::<Vec<_>>()
        .join("、");
    Err(ImportError::NoTable(
        format,
        format!("工作表{listed}的前 10 行都没有“自查内容（年度任务）”和“落实情况”两栏的表头"),
    ))
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
    fn a_sheet_without_the_columns_is_named_in_the_error() {
        let bytes = workbook("二〇二三年汇总", &["序号", "项目", "金额"]);
        let err = crate::read_document(&bytes).unwrap_err().to_string();
        assert!(
            err.contains("“二〇二三年汇总”") && err.contains("表头"),
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
