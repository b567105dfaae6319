//! What the Word, Excel and Markdown readers share: finding the header row
//! by its column names, and building the same `table::Table` the text
//! reader produces, with a plain-text rendering of the table as its source
//! (one line per paragraph, blank lines between cells) so that every cell
//! still points at original line numbers.

use kaohe_core::layout::organization_and_year;
use kaohe_core::table::{Cell, Piece, Row, Table};
use kaohe_core::Diagnostic;

/// Which column a header names, and the rule that tells it: the core's,
/// shared with the text reader.
pub use kaohe_core::layout::{column_of, Column};

/// The column map of a header row: for each cell, its role.
pub fn header_roles(cells: &[String]) -> Option<Vec<Option<Column>>> {
    let roles: Vec<Option<Column>> = cells.iter().map(|c| column_of(c)).collect();
    let has = |c: Column| roles.contains(&Some(c));
    (has(Column::Content) && has(Column::Status)).then_some(roles)
}

/// The longest text a header cell holds, in characters; a longer cell is
/// a body cell.
const HEADER_CELL_CHARS: usize = 16;

/// Whether a row reads as a row of column names: every cell with text is
/// short and names a column, and at least one does. Such a row under a
/// header completes it (a header of two rows) and, further down, is a
/// repeated header, not a task.
pub fn names_columns(cells: &[String]) -> bool {
    let mut any = false;
    for c in cells {
        let c = c.trim();
        if c.is_empty() {
            continue;
        }
        if c.chars().count() > HEADER_CELL_CHARS || column_of(c).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// A header found in a table's rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The header's first row.
    pub at: usize,
    /// The first body row: after the header's one or two rows.
    pub body: usize,
    /// Each column's role.
    pub roles: Vec<Option<Column>>,
    /// Each column's name: a second header row's name under a first row's
    /// (`完成情况` over `落实情况 | 存在问题及原因`) completes it.
    pub names: Vec<String>,
}

/// The header among the first `within` rows of a table laid on its grid
/// (a cell spanning columns followed by empty cells): one row naming the
/// columns, or two, where the second names the columns a cell of the
/// first spans or merges down over (`完成情况` spanning `落实情况 |
/// 存在问题及原因`).
pub fn find_header(rows: &[Vec<String>], within: usize) -> Option<Header> {
    for (i, r) in rows.iter().enumerate().take(within) {
        // A header of two rows: this row names a column or more, the next
        // names only columns.
        // (A title row is not: `某局2022年度…完成情况自查表` holds a column's
        // name in a long line.)
        let names_some = r
            .iter()
            .any(|c| column_of(c).is_some() && c.trim().chars().count() <= HEADER_CELL_CHARS);
        let next = rows.get(i + 1).filter(|n| names_some && names_columns(n));
        if let Some(n) = next {
            let names: Vec<String> = (0..r.len().max(n.len()))
                .map(|c| {
                    let below = n.get(c).map(|s| s.trim()).unwrap_or("");
                    let above = r.get(c).map(|s| s.trim()).unwrap_or("");
                    if below.is_empty() { above } else { below }.to_string()
                })
                .collect();
            if let Some(roles) = header_roles(&names) {
                return Some(Header {
                    at: i,
                    body: i + 2,
                    roles,
                    names,
                });
            }
        }
        if let Some(roles) = header_roles(r) {
            return Some(Header {
                at: i,
                body: i + 1,
                roles,
                names: r.iter().map(|s| s.trim().to_string()).collect(),
            });
        }
    }
    None
}

/// Whether text in column `i` that no role reads is worth a word when its
/// row is left out: not a 序号 (a form's empty rows are numbered).
pub fn tells(header: &Header, i: usize) -> bool {
    !matches!(
        header.names.get(i).map(String::as_str),
        Some("序号" | "编号")
    )
}

/// Header cells that name no column of a self-check table and are worth a
/// word when their column is left out (not `序号`, nor the verification
/// column kaohe writes itself, `核对结论（kaohe）`, which a check computes
/// again).
pub fn unknown_columns(header: &Header) -> Vec<&str> {
    header
        .names
        .iter()
        .zip(&header.roles)
        .filter(|(n, r)| {
            r.is_none()
                && !n.is_empty()
                && !matches!(n.as_str(), "序号" | "编号")
                && !n.ends_with("（kaohe）")
        })
        .map(|(n, _)| n.as_str())
        .collect()
}

/// The title of a table from the paragraphs above it (nearest last):
/// the form's stamp and date lines left out, a title set over two short
/// lines joined (`某某局` / `2023年度自查表`); and the 填报单位 the lines
/// name, if any.
pub fn title_above(lines: &[String]) -> (Option<String>, Option<String>) {
    let mut organization = None;
    let mut kept: Vec<&str> = Vec::new();
    for l in lines {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        match kaohe_core::layout::form_line(t) {
            Some(org) => {
                if organization.is_none() {
                    organization = org;
                }
            }
            None => kept.push(t),
        }
    }
    let Some(last) = kept.last().copied() else {
        return (None, organization);
    };
    let short = |s: &str| s.chars().count() <= 40 && !s.ends_with(['。', '：', ':', '；', '，']);
    let mut title = last.to_string();
    if kept.len() >= 2 && short(last) {
        let before = kept[kept.len() - 2];
        // A title whose agency (`某某市应急管理局` / `2023年度日常履职自查表`),
        // or agency and year (`北京市通信管理局2022年度` /
        // `日常履职考核事项完成情况自查表`), stand on the line above.
        let (org_alone, year_alone) = organization_and_year(last);
        let (_, year_above) = organization_and_year(before);
        let joins = org_alone.is_none() || year_alone.is_none() && year_above.is_some();
        if short(before) && joins {
            title = format!("{before}{last}");
        }
    }
    (Some(title), organization)
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
pub fn build(parsed: Parsed) -> (Table, Vec<Diagnostic>, String) {
    let Parsed {
        title,
        organization: filled_in,
        columns,
        rows,
        warnings: noticed,
        places,
    } = parsed;
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
    if table.organization.is_none() {
        if let Some(o) = filled_in.filter(|o| !o.trim().is_empty()) {
            out.push(&format!("填报单位：{}", o.trim()));
            out.push("");
            table.organization = Some(o.trim().to_string());
        }
    }
    out.push(&columns.join("\t"));
    out.push("");
    table.columns = columns;
    let mut warnings = noticed;
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
            let place = places
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("表格第 {} 行", i + 1));
            warnings.push(Diagnostic::general(format!("{place}没有自查内容")));
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
    /// The organization a form's 填报单位 line names, taken when the title
    /// names none.
    pub organization: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<GridRow>,
    /// What the reader noticed: tables, rows and columns left out.
    pub warnings: Vec<Diagnostic>,
    /// Where each row stands in the file, for warnings (`第 2 个表格第 5
    /// 行`), when the reader says; else a row is named by its place among
    /// the rows.
    pub places: Vec<String>,
}

/// What a structured reader returns: the self-check table it found, or,
/// when no table names the self-check columns, the rendering of the whole
/// document (`crate::render`) for the family readers.
#[derive(Clone, Debug)]
pub enum Read {
    Table(Parsed),
    Text(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn a_header_takes_one_row_or_two() {
        use Column::*;
        // (rows, the header's first row, the body's first row, roles)
        type Want = Option<(usize, usize, Vec<Option<Column>>)>;
        let cases: Vec<(Vec<Vec<String>>, Want)> = vec![
            (
                rows(&[&[
                    "考评维度",
                    "自查内容（年度任务）",
                    "落实情况",
                    "存在问题及原因",
                ]]),
                Some((
                    0,
                    1,
                    vec![Some(Dimension), Some(Content), Some(Status), Some(Problems)],
                )),
            ),
            (
                rows(&[
                    &["某局2023年度自查表", "", "", ""],
                    &["考评维度", "自查内容", "完成情况", ""],
                    &["", "", "落实情况", "存在问题及原因"],
                    &["履职", "新增基站10个", "已新增12个", "无"],
                ]),
                Some((
                    1,
                    3,
                    vec![Some(Dimension), Some(Content), Some(Status), Some(Problems)],
                )),
            ),
            // A title holding 完成情况 is not a header's first row.
            (
                rows(&[
                    &["某局2022年度日常履职考核事项完成情况自查表", "", ""],
                    &["自查内容", "落实情况", "存在问题"],
                ]),
                Some((1, 2, vec![Some(Content), Some(Status), Some(Problems)])),
            ),
            // A body row that names a column in a sentence is a body row.
            (
                rows(&[
                    &["自查内容", "落实情况"],
                    &["落实情况通报制度建立", "已建立"],
                ]),
                Some((0, 1, vec![Some(Content), Some(Status)])),
            ),
            (rows(&[&["序号", "项目", "金额"]]), None),
        ];
        for (rows, want) in cases {
            let got = find_header(&rows, 5).map(|h| (h.at, h.body, h.roles));
            assert_eq!(got, want, "{rows:?}");
        }
    }

    #[test]
    fn the_title_leaves_out_the_forms_lines() {
        let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // (lines above the table, title, organization from 填报单位)
        let cases: Vec<(Vec<String>, Option<&str>, Option<&str>)> = vec![
            (
                lines(&[
                    "某某局2023年度自查表",
                    "填报单位（盖章）：某某局  填报日期：2024年1月5日",
                ]),
                Some("某某局2023年度自查表"),
                Some("某某局"),
            ),
            (
                lines(&[
                    "附件1",
                    "某某市应急管理局",
                    "",
                    "2023年度日常履职自查表",
                    "（盖章）",
                ]),
                Some("某某市应急管理局2023年度日常履职自查表"),
                None,
            ),
            (
                lines(&[
                    "2023年度自查表",
                    "填报单位：某某县财政局",
                    "填报日期：2024年1月",
                ]),
                Some("2023年度自查表"),
                Some("某某县财政局"),
            ),
            (
                lines(&["根据通知要求，现将自查情况报告如下：", "2023年度自查表"]),
                Some("2023年度自查表"),
                None,
            ),
            (lines(&["填报单位（盖章）：", "单位：万元"]), None, None),
            (
                lines(&["北京市通信管理局2022年度", "日常履职考核事项完成情况自查表"]),
                Some("北京市通信管理局2022年度日常履职考核事项完成情况自查表"),
                None,
            ),
            (
                lines(&[
                    "2023年度自查表",
                    "填报单位：某某县水利局（盖章） 联系人：王五",
                ]),
                Some("2023年度自查表"),
                Some("某某县水利局"),
            ),
        ];
        for (lines, title, organization) in cases {
            let (t, o) = title_above(&lines);
            assert_eq!(
                (t.as_deref(), o.as_deref()),
                (title, organization),
                "{lines:?}"
            );
        }
    }
}
