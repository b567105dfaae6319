//! A page without the self-check header, rendered for the family readers
//! (`crate::render`): tables from their ruling lines, one row a line and a
//! TAB between the cells the rules draw, the lines of a wrapped cell joined
//! into that cell; text outside tables one line per paragraph, in reading
//! order; where a line has no rules, a TAB where the gap between two runs is
//! wider than [`CELL_GAP`] font sizes, measured with the glyphs' widths.

use super::{cluster, is_page_number, Frag, Rule};
use crate::render::Rendering;

/// How far apart two baselines may be, in font sizes, and still be one line.
const SAME_LINE: f32 = 0.5;

/// A gap between two runs wider than this many font sizes separates cells
/// (where no ruling line does).
const CELL_GAP: f32 = 1.5;

/// A gap between two runs of letters or digits wider than this many font
/// sizes is a space.
pub(super) const WORD_GAP: f32 = 0.2;

/// Most horizontal and vertical rules a page's tables are built from; a page
/// with more is read by its gaps (a real table has a few hundred).
const MAX_TABLE_RULES: usize = 4000;

/// Most cells (rows × columns of the rules' grid) of the tables of one
/// page; tables past it are read as text.
const MAX_SLOTS: usize = 100_000;

/// How close (points) rules must be to count as one column or row line.
const X_TOL: f32 = 2.0;
const Y_TOL: f32 = 1.5;

pub(super) fn is_vertical(r: &Rule) -> bool {
    (r.x1 - r.x2).abs() < 1.0 && (r.y1 - r.y2).abs() >= 2.0
}

pub(super) fn is_horizontal(r: &Rule) -> bool {
    (r.y1 - r.y2).abs() < 1.0 && (r.x1 - r.x2).abs() >= 2.0
}

/// The x of the vertical rules crossing the height `y`, clustered: the
/// column boundaries of a table at that line.
pub(super) fn columns_at(rules: &[Rule], y: f32) -> Vec<f32> {
    cluster(
        rules
            .iter()
            .filter(|r| is_vertical(r) && r.y1.min(r.y2) <= y + 1.0 && r.y1.max(r.y2) >= y - 1.0)
            .map(|r| r.x1)
            .collect(),
        X_TOL,
    )
}

/// Where a run sits for the grid: a little into its text, at mid-height.
fn anchor(f: &Frag) -> (f32, f32) {
    let w = f.x2 - f.x;
    (f.x + (f.size * 0.5).min(w / 2.0), f.y + f.size * 0.3)
}

/// Intervals merged, for lookups of whether a point is covered.
fn merged(mut v: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (lo, hi) in v {
        match out.last_mut() {
            Some(last) if lo <= last.1 + 1.0 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

fn covers(intervals: &[(f32, f32)], at: f32) -> bool {
    let i = intervals.partition_point(|iv| iv.0 - 1.0 <= at);
    i > 0 && intervals[i - 1].1 + 1.0 >= at
}

/// The index of the nearest of sorted `values` within `tol` of `v`.
fn nearest(values: &[f32], v: f32, tol: f32) -> Option<usize> {
    let i = values.partition_point(|x| *x < v);
    [i.checked_sub(1), Some(i)]
        .into_iter()
        .flatten()
        .filter(|k| *k < values.len())
        .min_by(|a, b| (values[*a] - v).abs().total_cmp(&(values[*b] - v).abs()))
        .filter(|k| (values[*k] - v).abs() <= tol)
}

/// A ruled table: its column lines (left to right), row lines (top
/// first), and for each slot (row band, column) the slot whose cell it
/// belongs to (a merged cell's top left).
struct Table {
    xs: Vec<f32>,
    ys: Vec<f32>,
    root: Vec<usize>,
}

impl Table {
    fn columns(&self) -> usize {
        self.xs.len() - 1
    }

    fn contains(&self, (x, y): (f32, f32)) -> bool {
        x >= self.xs[0] - 1.0
            && x <= self.xs[self.xs.len() - 1] + 1.0
            && y <= self.ys[0] + 1.0
            && y >= self.ys[self.ys.len() - 1] - 1.0
    }

    /// The slot a point falls in.
    fn slot(&self, (x, y): (f32, f32)) -> usize {
        let j = self
            .xs
            .partition_point(|v| *v <= x)
            .saturating_sub(1)
            .min(self.columns() - 1);
        let i = self
            .ys
            .partition_point(|v| *v >= y)
            .saturating_sub(1)
            .min(self.ys.len() - 2);
        i * self.columns() + j
    }

    /// Builds the table of one group of rules, if they draw cells.
    fn of(verticals: &[Rule], horizontals: &[Rule]) -> Option<Table> {
        if verticals.is_empty() || horizontals.is_empty() {
            return None;
        }
        let left = horizontals
            .iter()
            .map(|r| r.x1.min(r.x2))
            .fold(f32::MAX, f32::min);
        let right = horizontals
            .iter()
            .map(|r| r.x1.max(r.x2))
            .fold(f32::MIN, f32::max);
        let top = verticals
            .iter()
            .map(|r| r.y1.max(r.y2))
            .fold(f32::MIN, f32::max);
        let bottom = verticals
            .iter()
            .map(|r| r.y1.min(r.y2))
            .fold(f32::MAX, f32::min);
        let mut xs: Vec<f32> = verticals.iter().map(|r| r.x1).collect();
        xs.extend([left, right]);
        let xs = cluster(xs, X_TOL);
        let mut ys: Vec<f32> = horizontals.iter().map(|r| r.y1).collect();
        ys.extend([top, bottom]);
        let mut ys = cluster(ys, Y_TOL);
        ys.reverse();
        let (cols, bands) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
        if cols * bands < 2 || cols * bands > MAX_SLOTS {
            return None;
        }
        // The walls on each line: y spans of the vertical rules at each
        // column line, x spans of the horizontal rules at each row line.
        let mut vwalls: Vec<Vec<(f32, f32)>> = vec![Vec::new(); xs.len()];
        for r in verticals {
            if let Some(j) = nearest(&xs, r.x1, X_TOL) {
                vwalls[j].push((r.y1.min(r.y2), r.y1.max(r.y2)));
            }
        }
        let mut hwalls: Vec<Vec<(f32, f32)>> = vec![Vec::new(); ys.len()];
        let descending: Vec<f32> = ys.iter().rev().copied().collect();
        for r in horizontals {
            if let Some(k) = nearest(&descending, r.y1, Y_TOL) {
                hwalls[ys.len() - 1 - k].push((r.x1.min(r.x2), r.x1.max(r.x2)));
            }
        }
        let vwalls: Vec<_> = vwalls.into_iter().map(merged).collect();
        let hwalls: Vec<_> = hwalls.into_iter().map(merged).collect();
        let mut root = vec![0usize; cols * bands];
        for i in 0..bands {
            let mid_y = (ys[i] + ys[i + 1]) / 2.0;
            for j in 0..cols {
                let mid_x = (xs[j] + xs[j + 1]) / 2.0;
                let k = i * cols + j;
                root[k] = if j > 0 && !covers(&vwalls[j], mid_y) {
                    root[k - 1]
                } else if i > 0 && !covers(&hwalls[i], mid_x) {
                    root[k - cols]
                } else {
                    k
                };
            }
        }
        // Cells, not a frame: at least two.
        if root.iter().enumerate().filter(|(k, r)| *k == **r).count() < 2 {
            return None;
        }
        Some(Table { xs, ys, root })
    }
}

/// The ruled tables of a page: its horizontal and vertical rules grouped by
/// the heights they cover (rules that overlap in height are one table).
/// The tables do not overlap in height, and come bottom first.
fn tables(rules: &[Rule]) -> Vec<Table> {
    let mut lines: Vec<Rule> = rules
        .iter()
        .filter(|r| is_vertical(r) || is_horizontal(r))
        .copied()
        .collect();
    if lines.len() > MAX_TABLE_RULES {
        return Vec::new();
    }
    lines.sort_by(|a, b| a.y1.min(a.y2).total_cmp(&b.y1.min(b.y2)));
    let mut out: Vec<Table> = Vec::new();
    let mut group: Vec<Rule> = Vec::new();
    let mut high = f32::MIN;
    let mut slots = 0usize;
    let mut finish = |group: &mut Vec<Rule>| {
        let (v, h): (Vec<Rule>, Vec<Rule>) = group.drain(..).partition(is_vertical);
        if let Some(t) = Table::of(&v, &h).filter(|t| slots + t.root.len() <= MAX_SLOTS) {
            slots += t.root.len();
            out.push(t);
        }
    };
    for r in lines {
        let (lo, hi) = (r.y1.min(r.y2), r.y1.max(r.y2));
        if !group.is_empty() && lo > high + Y_TOL {
            finish(&mut group);
            high = f32::MIN;
        }
        high = high.max(hi);
        group.push(r);
    }
    finish(&mut group);
    out
}

/// Runs on one baseline, in x order, one list each, top line first.
pub(super) fn lines<'f>(frags: &[&'f Frag]) -> Vec<Vec<&'f Frag>> {
    let mut order: Vec<&Frag> = frags.to_vec();
    order.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<Vec<&Frag>> = Vec::new();
    for f in order {
        match out.last_mut() {
            Some(line) if (line[0].y - f.y).abs() <= line[0].size.max(f.size) * SAME_LINE => {
                line.push(f)
            }
            _ => out.push(vec![f]),
        }
    }
    for line in &mut out {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    out
}

/// Two pieces of text joined: a space between letters or digits, nothing
/// between Chinese characters.
fn join(text: &mut String, next: &str) {
    if text.ends_with(|c: char| c.is_ascii_alphanumeric())
        && next.starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        text.push(' ');
    }
    text.push_str(next);
}

/// A cell's next line joined to its text: as [`join`], but a number
/// wrapped between its digits stays whole.
fn join_wrapped(text: &mut String, next: &str) {
    if text.ends_with(|c: char| c.is_ascii_digit())
        && next.starts_with(|c: char| c.is_ascii_digit() || c == '%' || c == '.')
    {
        text.push_str(next);
    } else {
        join(text, next);
    }
}

/// One line of runs as cells: a new cell where the gap between two runs
/// is wider than [`CELL_GAP`] font sizes (when `cells`), a space where two
/// runs of letters or digits stand apart.
fn line_cells(line: &[&Frag], cells: bool) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    let mut end: Option<f32> = None;
    for f in line {
        let run: String = f
            .text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let run = run.trim();
        if run.is_empty() {
            continue;
        }
        let text = out.last_mut().expect("one cell");
        if let Some(end) = end {
            let gap = f.x - end;
            let em = f.size.max(0.01);
            if cells && gap > em * CELL_GAP {
                out.push(run.to_string());
            } else if gap > em * WORD_GAP {
                join(text, run);
            } else {
                text.push_str(run);
            }
        } else {
            text.push_str(run);
        }
        end = Some(end.map_or(f.x2, |e: f32| e.max(f.x2)));
    }
    out
}

/// One block of a page, in reading order.
enum Block {
    /// A line outside tables: its cells, where it starts and ends, its
    /// baseline and font size.
    Line {
        cells: Vec<String>,
        x: f32,
        x2: f32,
        y: f32,
        size: f32,
    },
    /// A table's rows of cells.
    Table(Vec<Vec<String>>),
}

/// A paragraph being joined: its text, where its last line ends, that
/// line's baseline and font size, and, once its page is done, whether
/// that line reached the page's right margin.
struct Paragraph {
    text: String,
    end: f32,
    base: f32,
    size: f32,
    wraps: Option<bool>,
}

/// What one page hands the next: whether the rendering ends in a table
/// (which a table at the top of the next page continues, with no blank
/// line between them) or in a paragraph that may go on.
#[derive(Default)]
pub(super) struct Flow {
    table_open: bool,
    paragraph: Option<Paragraph>,
}

impl Flow {
    /// Writes the paragraph still open.
    pub(super) fn finish(&mut self, out: &mut Rendering) {
        if let Some(p) = self.paragraph.take() {
            out.line(&[p.text]);
        }
    }
}

/// Renders one page into `out`, going on from `flow`.
pub(super) fn render(frags: &[Frag], rules: &[Rule], out: &mut Rendering, flow: &mut Flow) {
    let tables = tables(rules);
    let mut cells: Vec<Vec<Vec<&Frag>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.root.len()])
        .collect();
    let mut free: Vec<&Frag> = Vec::new();
    for f in frags {
        let at = anchor(f);
        // Bottom first and apart in height: the table the point may be in
        // is the last one starting below it (or the one before, within
        // the tolerance).
        let below = tables.partition_point(|t| t.ys[t.ys.len() - 1] - 1.0 <= at.1);
        let found = [below.checked_sub(1), below.checked_sub(2)]
            .into_iter()
            .flatten()
            .find(|k| tables[*k].contains(at));
        match found {
            Some(k) => {
                let t = &tables[k];
                cells[k][t.root[t.slot(at)]].push(f);
            }
            None => free.push(f),
        }
    }
    let mut blocks: Vec<(f32, Block)> = Vec::new();
    for (t, slots) in tables.iter().zip(&cells) {
        let rows: Vec<Vec<String>> = slots
            .chunks(t.columns())
            .map(|row| {
                row.iter()
                    .map(|frags| {
                        let mut text = String::new();
                        for line in lines(frags) {
                            join_wrapped(&mut text, &line_cells(&line, false).concat());
                        }
                        text
                    })
                    .collect()
            })
            .collect();
        blocks.push((t.ys[0], Block::Table(rows)));
    }
    for line in lines(&free) {
        let cells = line_cells(&line, true);
        let text = cells.concat();
        if text.is_empty() || is_page_number(&text) {
            continue;
        }
        blocks.push((
            line[0].y,
            Block::Line {
                cells,
                x: line[0].x,
                x2: line.iter().map(|f| f.x2).fold(f32::MIN, f32::max),
                y: line[0].y,
                size: line[0].size,
            },
        ));
    }
    blocks.sort_by(|a, b| b.0.total_cmp(&a.0));
    // The margins of the text outside tables: a line that reaches the
    // right one and is followed by a line at the left one wraps.
    let lines = blocks.iter().filter_map(|(_, b)| match b {
        Block::Line { x, x2, .. } => Some((*x, *x2)),
        Block::Table(_) => None,
    });
    let (left, right) = lines.fold((f32::MAX, f32::MIN), |(l, r), (x, x2)| {
        (l.min(x), r.max(x2))
    });
    let mut first = true;
    for (_, block) in blocks {
        let was_first = std::mem::replace(&mut first, false);
        match block {
            Block::Table(rows) => {
                flow.finish(out);
                if was_first && flow.table_open {
                    out.table_continued(&rows);
                } else {
                    out.table(&rows);
                }
                flow.table_open = true;
            }
            Block::Line {
                cells,
                x,
                x2,
                y,
                size,
            } => {
                flow.table_open = false;
                if cells.len() > 1 {
                    flow.finish(out);
                    out.line(&cells);
                    continue;
                }
                let text = cells.concat();
                // A line that continues the paragraph before it: that one
                // did not end a sentence and its last line reached the right
                // margin (of its own page, if it was on the page before);
                // this one starts at the left margin, in the same size.
                let continues = flow.paragraph.as_ref().is_some_and(|p| {
                    let wraps = p.wraps.unwrap_or(
                        p.end >= right - 1.5 * p.size && p.base - y <= 2.5 * size.max(p.size),
                    );
                    wraps
                        && !ends_sentence(&p.text)
                        && (x - left).abs() <= 0.5 * size
                        && (p.size - size).abs() <= 0.5
                });
                match &mut flow.paragraph {
                    Some(p) if continues => {
                        join_wrapped(&mut p.text, &text);
                        p.end = x2;
                        p.base = y;
                        p.wraps = None;
                    }
                    _ => {
                        flow.finish(out);
                        flow.paragraph = Some(Paragraph {
                            text,
                            end: x2,
                            base: y,
                            size,
                            wraps: None,
                        });
                    }
                }
            }
        }
    }
    // The page's last paragraph may go on on the next page.
    if let Some(p) = &mut flow.paragraph {
        if p.wraps.is_none() {
            p.wraps = Some(p.end >= right - 1.5 * p.size);
        }
    }
}

/// Whether a line ends a sentence (or a heading that asks for what
/// follows: `完成情况：`).
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .chars()
        .last()
        .is_none_or(|c| "。；！？.;!?：:".contains(c))
}
