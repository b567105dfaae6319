//! The text rendering of a document that holds no self-check table: what
//! the family readers of `kaohe_core::family` read (a 绩效自评表, a
//! progress table, a prose report).
//!
//! - a paragraph outside tables is one line, in document order (empty
//!   paragraphs are left out);
//! - a table row is one line, its cells in column order joined by a TAB;
//!   a cell's own line breaks (and tabs) become a single space; a cell
//!   spanning several columns is written once, followed by an empty cell
//!   for each other column it spans; a cell continuing a vertical merge is
//!   written empty; empty cells at the end of a row are left out, and a row
//!   with no text at all is left out;
//! - a blank line between two tables with nothing but empty paragraphs
//!   between them; nothing else is added.

/// A cell's text on one line: its lines (and tabs) joined by one space,
/// runs of white space inside a line kept as they are, ends trimmed.
pub fn cell_text<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for line in lines {
        for part in line.as_ref().split(['\n', '\r', '\t']) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    out
}

/// The rendering, built block by block.
#[derive(Debug, Default)]
pub struct Rendering {
    text: String,
    /// Whether the last thing written was a table.
    after_table: bool,
}

impl Rendering {
    /// A paragraph outside tables; an empty one is left out.
    pub fn paragraph(&mut self, text: &str) {
        let line = cell_text(&[text]);
        if line.is_empty() {
            return;
        }
        self.text.push_str(&line);
        self.text.push('\n');
        self.after_table = false;
    }

    /// A table: rows of cells already laid on the grid (spans and merges
    /// written as empty cells). A table with no text is left out.
    pub fn table<S: AsRef<str>>(&mut self, rows: &[Vec<S>]) {
        let mut first = true;
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| cell_text(&[c.as_ref()])).collect();
            let Some(last) = cells.iter().rposition(|c| !c.is_empty()) else {
                continue;
            };
            if first && self.after_table {
                self.text.push('\n');
            }
            first = false;
            self.text.push_str(&cells[..=last].join("\t"));
            self.text.push('\n');
        }
        if !first {
            self.after_table = true;
        }
    }

    /// A line of text outside ruled tables whose parts stand in columns
    /// (a PDF line with wide gaps): the parts joined by a TAB, each on one
    /// line. An empty line is left out.
    pub fn line<S: AsRef<str>>(&mut self, cells: &[S]) {
        let cells: Vec<String> = cells.iter().map(|c| cell_text(&[c.as_ref()])).collect();
        let Some(last) = cells.iter().rposition(|c| !c.is_empty()) else {
            return;
        };
        self.text.push_str(&cells[..=last].join("\t"));
        self.text.push('\n');
        self.after_table = false;
    }

    /// A table that continues the one written last (the same table on the
    /// next page of a PDF): no blank line between them.
    pub fn table_continued<S: AsRef<str>>(&mut self, rows: &[Vec<S>]) {
        self.after_table = false;
        self.table(rows);
    }

    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// The rendering.
    pub fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_tables_render_as_lines() {
        let mut r = Rendering::default();
        r.paragraph("  某某局2023年度绩效自评表 ");
        r.paragraph("");
        r.table(&[
            vec!["一级指标", "二级指标", "指标值"],
            vec!["产出指标", "数量\n指标", "10个\t"],
            vec!["", "", ""],
            vec!["", "质量指标", ""],
        ]);
        r.paragraph("   ");
        r.table(&[vec!["a", "b"]]);
        r.paragraph("注：\r\n以上数据截至12月底");
        r.table(&[vec!["c"]]);
        assert_eq!(
            r.finish(),
            "某某局2023年度绩效自评表\n一级指标\t二级指标\t指标值\n产出指标\t数量 指标\t10个\n\t质量指标\n\na\tb\n注： 以上数据截至12月底\nc\n"
        );
    }
}
