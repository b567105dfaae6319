//! Markdown: a GFM table whose header names the columns; `<br>` separates
//! lines within a cell; a `# ` line above is the title.

use crate::grid::{self, Column, GridRow};
use crate::render::{self, Rendering};
use crate::{Budget, ImportError};

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// A line of Markdown text as kaohe's exporter writes it: backslash escapes
/// (`\[`, `\|`, `\\`) and the entities `&lt;` `&gt;` `&quot;` `&amp;` undone.
fn unescape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    unescape(&out)
}

/// Splits a table line on pipes that are not escaped.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '|' => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

fn lines(cell: &str) -> Vec<String> {
    cell.split("<br>")
        .flat_map(|p| p.split("<br/>"))
        .map(unescape)
        .collect()
}

/// Whether line `i` starts a GFM table: a row, then the delimiter row.
fn starts_table(all: &[&str], i: usize) -> bool {
    let l = all[i].trim();
    let Some(next) = all.get(i + 1).map(|n| n.trim()) else {
        return false;
    };
    l.starts_with('|') && next.starts_with('|') && next.contains("---")
}

/// The whole text rendered for the family readers (`crate::render`): a
/// line outside tables is a paragraph (heading marks and escapes undone),
/// a table row one line with tabs between its cells, the delimiter row
/// left out.
fn rendering(all: &[&str], budget: &mut Budget) -> Result<String, ImportError> {
    let mut out = Rendering::default();
    let mut i = 0;
    while i < all.len() {
        if !starts_table(all, i) {
            out.paragraph(&unescape_inline(all[i].trim().trim_start_matches('#')));
            i += 1;
            continue;
        }
        let mut rows = vec![cells(all[i])];
        i += 2;
        while let Some(l) = all.get(i).map(|l| l.trim()).filter(|l| l.starts_with('|')) {
            rows.push(cells(l));
            i += 1;
        }
        budget.rows(rows.len())?;
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|r| r.iter().map(|c| render::cell_text(&lines(c))).collect())
            .collect();
        budget.cells(rows.iter().map(Vec::len).sum())?;
        out.table(&rows);
    }
    Ok(out.finish())
}

/// Reads a Markdown table, if the text holds one, counting its rows and
/// cells against the budget: the self-check table when a table's header
/// names its columns, else the rendering of the whole text; `None` for a
/// text without a GFM table.
pub fn read(text: &str, budget: &mut Budget) -> Result<Option<grid::Read>, ImportError> {
    let all: Vec<&str> = text.lines().collect();
    let Some((h, roles)) = (0..all.len()).find_map(|i| {
        if !starts_table(&all, i) {
            return None;
        }
        grid::header_roles(&cells(all[i])).map(|r| (i, r))
    }) else {
        if (0..all.len()).any(|i| starts_table(&all, i)) {
            return rendering(&all, budget).map(|r| Some(grid::Read::Text(r)));
        }
        return Ok(None);
    };
    let title = all[..h]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .map(|l| unescape_inline(l.trim_start_matches('#').trim()));
    let columns = cells(all[h]);
    let mut rows = Vec::new();
    for l in &all[h + 2..] {
        let l = l.trim();
        if !l.starts_with('|') {
            break;
        }
        budget.rows(1)?;
        let cells = cells(l);
        budget.cells(cells.len())?;
        let mut g = GridRow::default();
        for (c, role) in cells.iter().zip(&roles) {
            match role {
                Some(Column::Dimension) => g.dimension = (!c.is_empty()).then(|| vec![unescape(c)]),
                Some(Column::Content) => g.content = lines(c),
                Some(Column::Status) => g.status = lines(c),
                Some(Column::Problems) => g.problems = lines(c),
                None => {}
            }
        }
        rows.push(g);
    }
    Ok(Some(grid::Read::Table(grid::Parsed {
        title,
        columns,
        rows,
        ..Default::default()
    })))
}

#[cfg(test)]
mod tests {
    use crate::{read_document_with, ImportError, Limit, Limits};

    fn markdown(rows: usize, cells_per_row: usize) -> String {
        let row = format!(
            "|维度|新增基站10个|已新增12个|无{}\n",
            "|x".repeat(cells_per_row)
        );
        format!(
            "# 自查表\n\n| 考评维度 | 自查内容（年度任务） | 落实情况 | 存在问题及原因 |\n|---|---|---|---|\n{}",
            row.repeat(rows)
        )
    }

    #[test]
    fn rows_and_cells_of_a_markdown_table_are_counted() {
        // (rows, extra cells per row, limits, the limit passed or None)
        let cases: Vec<(usize, usize, Limits, Option<Limit>)> = vec![
            (3, 0, Limits::default(), None),
            (20_001, 0, Limits::default(), Some(Limit::Rows(20_000))),
            (
                10,
                200,
                Limits {
                    max_cells: 1_000,
                    ..Limits::default()
                },
                Some(Limit::Cells(1_000)),
            ),
        ];
        for (rows, extra, limits, want) in cases {
            let got = read_document_with(markdown(rows, extra).as_bytes(), limits);
            match want {
                None => assert_eq!(got.unwrap().table.tasks.len(), rows),
                Some(limit) => assert_eq!(got.unwrap_err(), ImportError::TooLarge(limit)),
            }
        }
    }

    /// Regression: the exporter escapes a title so that it can never be
    /// markup; reading it back gives the title as it was.
    #[test]
    fn an_escaped_title_reads_back_as_written() {
        let cases = [
            (
                "# &lt;script&gt;alert(1)&lt;/script&gt;",
                "<script>alert(1)</script>",
            ),
            ("# \\[x\\](javascript:y)", "[x](javascript:y)"),
            ("# 北京市 \\| 2022 &amp;lt;", "北京市 | 2022 &lt;"),
            ("# 某某局2023年度自查表", "某某局2023年度自查表"),
        ];
        for (line, want) in cases {
            let text = format!(
                "{line}\n\n| 考评维度 | 自查内容（年度任务） | 落实情况 | 存在问题及原因 |\n|---|---|---|---|\n|维度|新增基站10个|已新增12个|无|\n"
            );
            let read = read_document_with(text.as_bytes(), Limits::default()).unwrap();
            assert_eq!(read.table.title.as_deref(), Some(want), "{line}");
        }
    }
}
