//! The bounds every reader keeps, so that a small hostile file (a ZIP or
//! Flate bomb, thousands of nested brackets, millions of cells) is refused
//! within seconds and a few hundred MB instead of exhausting the machine.
//!
//! A reader gets one [`Budget`] per file. It asks the budget before it
//! inflates a part, descends a level, or adds a row, cell or glyph; the
//! first limit passed ends the read with [`ImportError::TooLarge`] naming
//! the limit. The limits are documented in `docs/security.md`.

use std::fmt;
use std::io::Read;
use std::time::{Duration, Instant};

use crate::ImportError;

/// The bounds of one read. [`Limits::default`] is what kaohe uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: usize,
    /// Largest single part once inflated (a ZIP entry, a PDF stream), in bytes.
    pub max_part_bytes: u64,
    /// All parts of one file together, once inflated, in bytes.
    pub max_inflated_bytes: u64,
    /// Largest inflation ratio of a part bigger than [`Limits::RATIO_FLOOR`].
    pub max_ratio: u64,
    /// Deepest nesting of brackets, dictionaries or elements.
    pub max_depth: usize,
    /// Most table rows.
    pub max_rows: usize,
    /// Most table cells (rows × columns, and paragraphs within them).
    pub max_cells: usize,
    /// Most text runs or glyphs placed on PDF pages.
    pub max_glyphs: usize,
    /// Most tags, text pieces and comments of a markup page (HTML).
    pub max_nodes: usize,
    /// Longest time a read may take.
    pub max_time: Duration,
}

impl Limits {
    /// Parts smaller than this are never refused for their ratio: a short
    /// run of repeated bytes compresses very well and harms nobody.
    pub const RATIO_FLOOR: u64 = 1 << 20;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 << 20,
            max_part_bytes: 32 << 20,
            max_inflated_bytes: 64 << 20,
            max_ratio: 200,
            max_depth: 64,
            max_rows: 20_000,
            max_cells: 200_000,
            max_glyphs: 2_000_000,
            max_nodes: 2_000_000,
            max_time: Duration::from_secs(10),
        }
    }
}

/// Which limit a file went past.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The file itself is larger than [`Limits::max_file_bytes`].
    FileBytes(usize),
    /// A part inflates past [`Limits::max_part_bytes`].
    PartBytes(u64),
    /// All parts together inflate past [`Limits::max_inflated_bytes`].
    InflatedBytes(u64),
    /// A part inflates more than [`Limits::max_ratio`] times its stored size.
    Ratio(u64),
    /// Nesting deeper than [`Limits::max_depth`].
    Depth(usize),
    /// More rows than [`Limits::max_rows`].
    Rows(usize),
    /// More cells than [`Limits::max_cells`].
    Cells(usize),
    /// More glyphs than [`Limits::max_glyphs`].
    Glyphs(usize),
    /// More markup nodes than [`Limits::max_nodes`].
    Nodes(usize),
    /// Reading took longer than [`Limits::max_time`].
    Time(Duration),
}

fn megabytes(bytes: u64) -> u64 {
    bytes >> 20
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::FileBytes(n) => write!(f, "文件大于 {} MB", megabytes(*n as u64)),
            Limit::PartBytes(n) => write!(f, "其中一部分解压后大于 {} MB", megabytes(*n)),
            Limit::InflatedBytes(n) => write!(f, "解压后的内容合计大于 {} MB", megabytes(*n)),
            Limit::Ratio(n) => write!(f, "压缩比超过 {n} 倍，像是压缩炸弹"),
            Limit::Depth(n) => write!(f, "嵌套超过 {n} 层"),
            Limit::Rows(n) => write!(f, "表格超过 {n} 行"),
            Limit::Cells(n) => write!(f, "单元格超过 {n} 个"),
            Limit::Glyphs(n) => write!(f, "页面上的文字片段超过 {n} 个"),
            Limit::Nodes(n) => write!(f, "网页的标签和文字片段超过 {n} 个"),
            Limit::Time(d) => write!(f, "读取超过 {} 秒", d.as_secs()),
        }
    }
}

/// What one read has used of its [`Limits`].
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    started: Instant,
    inflated: u64,
    rows: usize,
    cells: usize,
    glyphs: usize,
    nodes: usize,
}

impl Budget {
    /// A fresh budget; the clock starts now.
    pub fn new(limits: Limits) -> Self {
        Budget {
            limits,
            started: Instant::now(),
            inflated: 0,
            rows: 0,
            cells: 0,
            glyphs: 0,
            nodes: 0,
        }
    }

    /// The limits this budget enforces.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Refuses a file larger than allowed, before anything is parsed.
    pub fn file(&self, len: usize) -> Result<(), ImportError> {
        if len > self.limits.max_file_bytes {
            return Err(ImportError::TooLarge(Limit::FileBytes(
                self.limits.max_file_bytes,
            )));
        }
        Ok(())
    }

    /// Reads an inflating `reader` to its end, counting what it yields
    /// against the part, total and ratio limits; `stored` is the part's
    /// compressed size. Stops reading as soon as a limit is passed, so a
    /// bomb never inflates further than the limit.
    pub fn inflate(&mut self, reader: impl Read, stored: u64) -> Result<Vec<u8>, ImportError> {
        let remaining = self.limits.max_inflated_bytes.saturating_sub(self.inflated);
        let cap = self.limits.max_part_bytes.min(remaining);
        let mut out = Vec::new();
        let mut limited = reader.take(cap.saturating_add(1));
        // A corrupt stream yields what it could before the error, as a
        // lenient reader should; the limits hold either way.
        let _ = limited.read_to_end(&mut out);
        let got = out.len() as u64;
        if got > cap {
            return Err(ImportError::TooLarge(
                if cap == self.limits.max_part_bytes {
                    Limit::PartBytes(self.limits.max_part_bytes)
                } else {
                    Limit::InflatedBytes(self.limits.max_inflated_bytes)
                },
            ));
        }
        if got > Limits::RATIO_FLOOR && got > stored.max(1).saturating_mul(self.limits.max_ratio) {
            return Err(ImportError::TooLarge(Limit::Ratio(self.limits.max_ratio)));
        }
        self.inflated += got;
        self.time()?;
        Ok(out)
    }

    /// Refuses nesting deeper than allowed.
    pub fn depth(&self, depth: usize) -> Result<(), ImportError> {
        if depth > self.limits.max_depth {
            return Err(ImportError::TooLarge(Limit::Depth(self.limits.max_depth)));
        }
        Ok(())
    }

    /// Counts `n` more rows.
    pub fn rows(&mut self, n: usize) -> Result<(), ImportError> {
        self.rows = self.rows.saturating_add(n);
        if self.rows > self.limits.max_rows {
            return Err(ImportError::TooLarge(Limit::Rows(self.limits.max_rows)));
        }
        Ok(())
    }

    /// Counts `n` more cells (or paragraphs within cells).
    pub fn cells(&mut self, n: usize) -> Result<(), ImportError> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > self.limits.max_cells {
            return Err(ImportError::TooLarge(Limit::Cells(self.limits.max_cells)));
        }
        Ok(())
    }

    /// Counts `n` more glyphs or text runs.
    pub fn glyphs(&mut self, n: usize) -> Result<(), ImportError> {
        self.glyphs = self.glyphs.saturating_add(n);
        if self.glyphs > self.limits.max_glyphs {
            return Err(ImportError::TooLarge(Limit::Glyphs(self.limits.max_glyphs)));
        }
        Ok(())
    }

    /// Counts `n` more markup nodes (tags, text pieces, comments).
    pub fn nodes(&mut self, n: usize) -> Result<(), ImportError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(ImportError::TooLarge(Limit::Nodes(self.limits.max_nodes)));
        }
        Ok(())
    }

    /// Refuses to go on once the time is up. Readers call it between pages,
    /// parts and every few thousand events.
    pub fn time(&self) -> Result<(), ImportError> {
        if self.started.elapsed() > self.limits.max_time {
            return Err(ImportError::TooLarge(Limit::Time(self.limits.max_time)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Limits {
        Limits {
            max_part_bytes: 4 << 20,
            max_inflated_bytes: 6 << 20,
            ..Limits::default()
        }
    }

    #[test]
    fn inflate_stops_at_each_limit() {
        let zeros = |n: usize| std::io::repeat(0).take(n as u64);
        // (what is read, stored size, the limit it passes)
        let cases: Vec<(usize, u64, Option<Limit>)> = vec![
            (1000, 10, None),
            (2 << 20, 1 << 20, None),
            (5 << 20, 1 << 20, Some(Limit::PartBytes(4 << 20))),
            (2 << 20, 1000, Some(Limit::Ratio(200))),
        ];
        for (len, stored, want) in cases {
            let mut budget = Budget::new(small());
            let got = budget.inflate(zeros(len), stored);
            match want {
                None => assert_eq!(got.unwrap().len(), len),
                Some(limit) => assert_eq!(got.unwrap_err(), ImportError::TooLarge(limit)),
            }
        }
        let mut budget = Budget::new(small());
        budget.inflate(zeros(3 << 20), 1 << 20).unwrap();
        assert_eq!(
            budget.inflate(zeros(4 << 20), 1 << 20).unwrap_err(),
            ImportError::TooLarge(Limit::InflatedBytes(6 << 20))
        );
    }

    #[test]
    fn counters_refuse_past_their_limit() {
        let mut budget = Budget::new(Limits {
            max_rows: 2,
            max_depth: 3,
            ..Limits::default()
        });
        assert!(budget.rows(2).is_ok());
        assert_eq!(
            budget.rows(1).unwrap_err(),
            ImportError::TooLarge(Limit::Rows(2))
        );
        assert!(budget.depth(3).is_ok());
        assert_eq!(
            budget.depth(4).unwrap_err(),
            ImportError::TooLarge(Limit::Depth(3))
        );
    }
}
