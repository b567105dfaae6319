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
    Err(ImportError::NoTable(
        format,
        format!(
            "{} 个工作表都没有“自查内容（年度任务）”和“落实情况”两栏的表头",
            names.len()
        ),
    ))
}
