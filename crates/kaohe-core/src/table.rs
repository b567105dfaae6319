//! The table model: a self-check table as rows of cells, each cell tied to
//! the original lines it came from.
//!
//! This is the data model every reader ends in: the text reader
//! ([`crate::layout::read`]) and the Word, Excel, PDF and Markdown readers of
//! kaohe-import all build a [`Table`], so verification never depends on where
//! a table came from.

/// A self-check table as read from a document.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The title line (`北京市通信管理局2022年度日常履职考核事项完成情况自查表`).
    pub title: Option<String>,
    /// The agency, read from the title.
    pub organization: Option<String>,
    /// The year assessed.
    pub year: Option<i32>,
    /// The column names as the header line writes them.
    pub columns: Vec<String>,
    /// The evaluation dimensions in order of appearance.
    pub dimensions: Vec<String>,
    /// The rows.
    pub tasks: Vec<Row>,
    /// The whole input as read (after decoding and full-width folding), for
    /// provenance: line `n` is `source.split('\n').nth(n - 1)`.
    pub source: String,
}

/// One row of the table.
#[derive(Clone, Debug, Default)]
pub struct Row {
    /// The dimension the row sits under.
    pub dimension: String,
    /// 自查内容（年度任务）.
    pub content: Cell,
    /// 落实情况.
    pub status: Cell,
    /// 存在问题及原因.
    pub problems: Cell,
}

/// A cell: its text with wrapped lines joined, and where each piece came from.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    /// The text, lines joined without separators (Chinese wraps mid-word).
    pub text: String,
    /// Where each original line starts in `text`, with its 1-based line number.
    pub pieces: Vec<Piece>,
}

/// One original line's part of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset in the cell text.
    pub offset: usize,
    /// 1-based line number in the original text.
    pub line: u32,
}

impl Cell {
    /// A cell of one text on one original line.
    pub fn from_text(text: &str, line: u32) -> Cell {
        let mut cell = Cell::default();
        cell.push_line(text, line);
        cell
    }

    /// The original line that holds byte `offset` of the cell text.
    pub fn line_at(&self, offset: usize) -> Option<u32> {
        let idx = self.pieces.partition_point(|p| p.offset <= offset);
        self.pieces.get(idx.checked_sub(1)?).map(|p| p.line)
    }

    /// The first and last original lines of the cell.
    pub fn line_range(&self) -> Option<(u32, u32)> {
        let first = self.pieces.first()?.line;
        let last = self.pieces.iter().map(|p| p.line).max()?;
        Some((first, last))
    }

    /// True when the cell holds no text.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Appends one original line to the cell.
    pub(crate) fn push_line(&mut self, text: &str, line: u32) {
        self.pieces.push(Piece {
            offset: self.text.len(),
            line,
        });
        self.text.push_str(text);
    }

    /// True when `offset` starts one of the cell's original lines.
    pub fn starts_line(&self, offset: usize) -> bool {
        self.pieces.iter().any(|p| p.offset == offset)
    }
}
