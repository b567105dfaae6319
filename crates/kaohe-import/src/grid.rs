//! What the Word, Excel and Markdown readers share: finding the header row
//! by its column names, and building the same `table::Table` the text
//! reader produces, with a plain-text rendering of the table as its source
//! (one line per paragraph, blank lines between cells) so that every cell
//! still points at original line numbers.

use kaohe_core::layout::organization_and_year;
use kaohe_core::table::{Cell, Piece, Row, Table};
use kaohe_core::Diagnostic;

/// Which column a header names.
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

/// The column map of a header row: for each cell, its role.
pub fn header_roles(cells: &[String]) -> Option<Vec<Option<Column>>> {
    let roles: Vec<Option<Column>> = cells.iter().map(|c| column_of(c)).collect();
    let has = |c: Column| roles.contains(&Some(c));
    (has(Column::Content) && has(Column::Status)).then_some(roles)
}

/// One body row, by role; `dimension: None` inherits the row above (a
/// merged cell).
#[derive(Clone, Debug, Default)]
pub struct GridRow {
    pub dimension: Option<Vec<String>>,
    pub content: Vec<String>,
    pub status: Vec<String>,
    pub problems: Vec<String>,
}

impl GridRow {
    fn is_empty(&self) -> bool {
        self.content
            .iter()
            .chain(&self.status)
            .chain(&self.problems)
            .all(|s| s.trim().is_empty())
    }
}

/// The text rendering, line by line.
#[derive(Default)]
struct Lines {
    source: String,
    line: u32,
}

impl Lines {
    fn push(&mut self, text: &str) -> u32 {
        self.line += 1;
        self.source.push_str(text);
        self.source.push('\n');
        self.line
    }

    /// A cell: one line per paragraph, then a blank line.
    fn cell(&mut self, paragraphs: &[String]) -> Cell {
        let mut c = Cell::default();
        for p in paragraphs
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
        {
            let line = self.push(p);
            c.pieces.push(Piece {
                offset: c.text.len(),
                line,
            });
            c.text.push_str(p);
        }
        self.push("");
        c
    }
}

/// Builds the table and its text rendering.
pub fn build(
    title: Option<String>,
    columns: Vec<String>,
    rows: Vec<GridRow>,
) -> (Table, Vec<Diagnostic>, String) {
    let mut out = Lines::default();
    let mut table = Table::default();
    if let Some(t) = title.as_deref().filter(|t| !t.trim().is_empty()) {
        out.push(t.trim());
        out.push("");
        let (organization, year) = organization_and_year(t);
        table.title = Some(t.trim().to_string());
        table.organization = organization;
        table.year = year;
    }
    out.push(&columns.join("\t"));
    out.push("");
    table.columns = columns;
    let mut warnings = Vec::new();
    let mut dimension = String::new();
    for (i, r) in rows.into_iter().enumerate() {
        if let Some(d) = &r.dimension {
            let d = d.iter().map(|s| s.trim()).collect::<Vec<_>>().join("");
            if !d.is_empty() {
                dimension = d;
            }
        }
        if r.is_empty() {
            continue;
        }
        if r.content.iter().all(|s| s.trim().is_empty()) {
            warnings.push(Diagnostic::general(format!(
                "表格第 {} 行没有自查内容",
                i + 1
            )));
        }
        if !dimension.is_empty() && !table.dimensions.contains(&dimension) {
            table.dimensions.push(dimension.clone());
            out.push(&dimension);
            out.push("");
        }
        let content = out.cell(&r.content);
        let status = out.cell(&r.status);
        let problems = out.cell(&r.problems);
        table.tasks.push(Row {
            dimension: dimension.clone(),
            content,
            status,
            problems,
        });
    }
    table.source = out.source.clone();
    (table, warnings, out.source)
}

/// What a structured reader found, before it becomes a table.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub title: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<GridRow>,
}

/// What a structured reader returns: the self-check table it found, or,
/// when no table names the self-check columns, the rendering of the whole
/// document (`crate::render`) for the family readers.
#[derive(Clone, Debug)]
pub enum Read {
    Table(Parsed),
    Text(String),
}
