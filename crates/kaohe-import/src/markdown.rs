//! Markdown: a GFM table whose header names the columns; `<br>` separates
//! lines within a cell; a `# ` line above is the title.

use crate::grid::{self, Column, GridRow};

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
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

/// Reads a Markdown table, if the text holds one.
pub fn read(text: &str) -> Option<grid::Parsed> {
    let all: Vec<&str> = text.lines().collect();
    let (h, roles) = all.iter().enumerate().find_map(|(i, l)| {
        let l = l.trim();
        if !l.starts_with('|') {
            return None;
        }
        let next = all.get(i + 1)?.trim();
        if !next.starts_with('|') || !next.contains("---") {
            return None;
        }
        grid::header_roles(&cells(l)).map(|r| (i, r))
    })?;
    let title = all[..h]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .map(|l| l.trim_start_matches('#').trim().to_string());
    let columns = cells(all[h]);
    let mut rows = Vec::new();
    for l in &all[h + 2..] {
        let l = l.trim();
        if !l.starts_with('|') {
            break;
        }
        let mut g = GridRow::default();
        for (c, role) in cells(l).iter().zip(&roles) {
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
    Some(grid::Parsed {
        title,
        columns,
        rows,
    })
}
