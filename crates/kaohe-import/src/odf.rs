//! OpenDocument text (.odt) and spreadsheet (.ods), as LibreOffice and WPS
//! write them: `content.xml` inflated through the budget, then walked once
//! as a stream of XML events. Both hold their tables in the same elements
//! (`table:table`, `table:table-row`, `table:table-cell`,
//! `table:covered-table-cell`), so one walker reads both.
//!
//! A spanned cell (`number-columns-spanned`, `number-rows-spanned`) is
//! followed in the file by the covered cells it hides, so the grid keeps
//! its columns without expanding anything; a covered cell is an empty cell
//! (a merged dimension is inherited from above, as in Word). Repeated cells
//! and rows (`number-columns-repeated`, `number-rows-repeated`) are how
//! OpenDocument says "the same again n times": every sheet ends with an
//! empty cell repeated to column 1024 and an empty row repeated to row
//! 1,048,576. Empty repetitions are kept only as a count, spent (against
//! the cell and row limits) only when something follows them; a repeated
//! cell or row with text counts every copy before it is made.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::grid::{self, Column, GridRow};
use crate::render::{self, Rendering};
use crate::{Budget, ImportError};

/// How many XML events pass between two looks at the clock.
const EVENTS_PER_CLOCK_CHECK: u32 = 4096;

/// The two OpenDocument kinds kaohe reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Spreadsheet,
}

impl Kind {
    /// How the format is named in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "OpenDocument 文字（ODT）",
            Kind::Spreadsheet => "OpenDocument 表格（ODS）",
        }
    }
}

/// The kind an OpenDocument archive declares in its `mimetype` entry (the
/// first entry, stored, by the standard; looked up by name here).
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let entry = zip.by_name("mimetype").ok()?;
    let mut mime = Vec::new();
    // A mimetype is a few dozen bytes; read no more than that.
    std::io::Read::read_to_end(&mut std::io::Read::take(entry, 128), &mut mime).ok()?;
    match mime.trim_ascii() {
        b"application/vnd.oasis.opendocument.text"
        | b"application/vnd.oasis.opendocument.text-template" => Some(Kind::Text),
        b"application/vnd.oasis.opendocument.spreadsheet"
        | b"application/vnd.oasis.opendocument.spreadsheet-template" => Some(Kind::Spreadsheet),
        _ => None,
    }
}

/// The kind a flat OpenDocument file (`.fodt`, `.fods`: the whole document
/// as one XML file, which LibreOffice also writes) declares on its root
/// element, within the file's first 16 KB.
pub fn sniff_flat(bytes: &[u8]) -> Option<Kind> {
    let head = &bytes[..bytes.len().min(16 << 10)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if !has(b"<office:document") {
        return None;
    }
    if has(b"office:mimetype=\"application/vnd.oasis.opendocument.text") {
        Some(Kind::Text)
    } else if has(b"office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet") {
        Some(Kind::Spreadsheet)
    } else {
        None
    }
}

/// Reads a flat OpenDocument file: the file is the XML, so there is
/// nothing to inflate; its list styles come before its body.
pub fn read_flat(bytes: &[u8], kind: Kind, budget: &mut Budget) -> Result<grid::Read, ImportError> {
    let format = kind.name();
    let xml = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|_| ImportError::Unreadable(format, "文件不是 UTF-8".into()))?;
    let blocks = blocks(xml, Lists::default(), budget).map_err(|e| match e {
        ImportError::Unreadable(_, detail) => ImportError::Unreadable(format, detail),
        other => other,
    })?;
    from_blocks(&blocks, kind, budget)
}

/// A cell: its paragraphs (a line break inside a paragraph starts a new one).
pub(crate) type Cell = Vec<String>;

pub(crate) enum Block {
    Paragraph(String),
    /// A top-level table (in a spreadsheet, a sheet): its rows, empty runs
    /// of rows collapsed to one empty row.
    Table(Vec<Vec<Cell>>),
}

fn is_empty(cell: &Cell) -> bool {
    cell.iter().all(|p| p.trim().is_empty())
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .map(|a| a.value.to_string())
}

/// A repetition count: at least 1; a number too large for `usize` is the
/// largest one (the budget refuses it before anything is made).
fn repeated(e: &BytesStart<'_>, name: &str) -> usize {
    attr(e, name).map_or(1, |v| {
        let v = v.trim();
        if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
            v.parse::<usize>().unwrap_or(usize::MAX).max(1)
        } else {
            1
        }
    })
}

/// The row being read.
#[derive(Default)]
struct RowState {
    cells: Vec<Cell>,
    /// Empty cells seen but not yet laid out.
    pending_empty: usize,
    repeat: usize,
}

/// The table being read.
#[derive(Default)]
struct TableState {
    rows: Vec<Vec<Cell>>,
    /// Empty rows seen but not yet laid out (only whether there were any
    /// matters: one empty row ends a block of a sheet).
    pending_empty: bool,
}

/// The cell being read: its paragraphs, its repetition, whether it is covered.
struct CellState {
    paragraphs: Cell,
    repeat: usize,
    covered: bool,
}

/// Walks `content.xml`: the body's paragraphs and top-level tables, in
/// order. Everything is counted against the budget as it is read.
fn blocks(xml: &str, mut lists: Lists, budget: &mut Budget) -> Result<Vec<Block>, ImportError> {
    let format = "OpenDocument";
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut events = 0u32;
    let mut depth = 0usize; // table nesting
    let mut xml_depth = 0usize;
    let mut table = TableState::default();
    let mut row: Option<RowState> = None;
    let mut cell: Option<CellState> = None;
    let mut para: Option<String> = None;
    let mut para_nesting = 0usize; // text:p inside text:p (text boxes)
    let mut skip = 0usize; // inside a note or an annotation
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ImportError::Unreadable(format, e.to_string()))?;
        events += 1;
        if events.is_multiple_of(EVENTS_PER_CLOCK_CHECK) {
            budget.time()?;
        }
        match &event {
            Event::Start(_) => {
                xml_depth += 1;
                budget.depth(xml_depth)?;
            }
            Event::End(_) => xml_depth = xml_depth.saturating_sub(1),
            _ => {}
        }
        if skip > 0 {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e)
                if matches!(
                    e.name().into_inner(),
                    "text:note"
                        | "office:annotation"
                        | "text:tracked-changes"
                        | "office:master-styles"
                ) =>
            {
                skip = 1;
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.name().into_inner(),
                    "text:list-style"
                        | "text:list-level-style-number"
                        | "text:list-level-style-bullet"
                        | "text:list-level-style-image"
                ) =>
            {
                lists.style(&e);
            }
            Event::Start(e) if e.name().into_inner() == "text:list" => lists.open(&e),
            Event::End(e) if e.name().into_inner() == "text:list" => {
                let _ = e;
                lists.close();
            }
            Event::Start(e) if e.name().into_inner() == "text:list-item" => lists.item(&e),
            Event::Start(e) if e.name().into_inner() == "table:table" => {
                depth += 1;
                budget.depth(depth)?;
                if depth == 1 {
                    table = TableState::default();
                }
            }
            Event::End(e) if e.name().into_inner() == "table:table" => {
                if depth == 1 {
                    out.push(Block::Table(std::mem::take(&mut table.rows)));
                }
                depth = depth.saturating_sub(1);
            }
            Event::Start(e) if e.name().into_inner() == "table:table-row" && depth == 1 => {
                row = Some(RowState {
                    repeat: repeated(&e, "table:number-rows-repeated"),
                    ..RowState::default()
                });
            }
            Event::Empty(e) if e.name().into_inner() == "table:table-row" && depth == 1 => {
                let _ = e;
                table.pending_empty = true;
            }
            Event::End(e) if e.name().into_inner() == "table:table-row" && depth == 1 => {
                let _ = e;
                if let Some(r) = row.take() {
                    end_row(&mut table, r, budget)?;
                }
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if depth == 1
                    && matches!(
                        e.name().into_inner(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
            {
                let state = CellState {
                    paragraphs: Vec::new(),
                    repeat: repeated(e, "table:number-columns-repeated"),
                    covered: e.name().into_inner() == "table:covered-table-cell",
                };
                if matches!(event, Event::Empty(_)) {
                    if let Some(r) = row.as_mut() {
                        add_cell(r, state, budget)?;
                    }
                } else {
                    cell = Some(state);
                }
            }
            Event::End(e)
                if depth == 1
                    && matches!(
                        e.name().into_inner(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
            {
                if let (Some(c), Some(r)) = (cell.take(), row.as_mut()) {
                    add_cell(r, c, budget)?;
                }
            }
            Event::Start(e) if matches!(e.name().into_inner(), "text:p" | "text:h") => {
                let _ = e;
                if para.is_some() {
                    para_nesting += 1;
                } else {
                    para = Some(lists.label.take().unwrap_or_default());
                }
            }
            Event::Empty(e) if matches!(e.name().into_inner(), "text:p" | "text:h") => {
                let _ = e;
                if depth == 0 && para.is_none() {
                    out.push(Block::Paragraph(String::new()));
                }
            }
            Event::End(e) if matches!(e.name().into_inner(), "text:p" | "text:h") => {
                if para_nesting > 0 {
                    para_nesting -= 1;
                    if let Some(p) = para.as_mut() {
                        p.push(' ');
                    }
                    continue;
                }
                let _ = e;
                let text = para.take().unwrap_or_default();
                match cell.as_mut() {
                    Some(c) if depth >= 1 => {
                        budget.cells(1)?;
                        c.paragraphs.push(text);
                    }
                    _ if depth == 0 => out.push(Block::Paragraph(text)),
                    _ => {}
                }
            }
            Event::Empty(e) if e.name().into_inner() == "text:s" => {
                if let Some(p) = para.as_mut() {
                    // Runs of spaces; a cell's text is trimmed and joined
                    // later, so a few are as good as many.
                    let n = repeated(&e, "text:c").min(8);
                    p.extend(std::iter::repeat_n(' ', n));
                }
            }
            Event::Empty(e) if e.name().into_inner() == "text:tab" => {
                if let Some(p) = para.as_mut() {
                    p.push(' ');
                }
            }
            Event::Empty(e) if e.name().into_inner() == "text:line-break" => {
                let _ = e;
                if let (Some(p), Some(c)) = (para.as_mut(), cell.as_mut()) {
                    budget.cells(1)?;
                    c.paragraphs.push(std::mem::take(p));
                } else if let Some(p) = para.as_mut() {
                    p.push(' ');
                }
            }
            Event::Text(t) => {
                if let Some(p) = para.as_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            // Entities arrive as their own events; only the predefined
            // ones and character references mean anything (a DTD's own
            // entities are never expanded).
            Event::GeneralRef(r) => {
                if let Some(p) = para.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        p.push(c);
                    } else {
                        let name: &str = r.as_ref();
                        p.push_str(match name {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        });
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// A list level's numbering: `num-format` (1, a, A, i, I, 一), prefix and
/// suffix; `None` for bullets and pictures, which have no text.
type Numbering = Option<(String, String, String)>;

/// Word-style numbered lists, written as their text (`1.`, `（一）`): the
/// list styles of `content.xml`, and a counter per level of each style.
#[derive(Default)]
struct Lists {
    /// The list style being defined, and its levels.
    defining: Option<String>,
    styles: std::collections::HashMap<String, Vec<Numbering>>,
    /// The open lists: each one's style.
    open: Vec<Option<String>>,
    /// Counters of each style, by level.
    counters: std::collections::HashMap<String, Vec<usize>>,
    /// The label the next paragraph starts with.
    label: Option<String>,
}

/// At most this many list levels are numbered (ODF has 10).
const LIST_LEVELS: usize = 10;

impl Lists {
    fn style(&mut self, e: &BytesStart<'_>) {
        let name = e.name();
        let name = name.into_inner();
        if !matches!(
            name,
            "text:list-style"
                | "text:list-level-style-number"
                | "text:list-level-style-bullet"
                | "text:list-level-style-image"
        ) {
            return;
        }
        if name == "text:list-style" {
            self.defining = attr(e, "style:name");
            return;
        }
        let Some(style) = self.defining.clone() else {
            return;
        };
        let level = attr(e, "text:level")
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, LIST_LEVELS);
        let numbering = (name == "text:list-level-style-number").then(|| {
            (
                attr(e, "style:num-format").unwrap_or_default(),
                attr(e, "style:num-prefix").unwrap_or_default(),
                attr(e, "style:num-suffix").unwrap_or_default(),
            )
        });
        if self.styles.len() > 1_000 {
            return;
        }
        let levels = self.styles.entry(style).or_default();
        if levels.len() < level {
            levels.resize(level, None);
        }
        levels[level - 1] = numbering;
    }

    fn open(&mut self, e: &BytesStart<'_>) {
        let style = attr(e, "text:style-name").or_else(|| self.open.last().cloned().flatten());
        if self.open.is_empty() {
            let continues = attr(e, "text:continue-numbering").as_deref() == Some("true")
                || attr(e, "text:continue-list").is_some();
            if let (false, Some(s)) = (continues, style.as_ref()) {
                self.counters.remove(s);
            }
        }
        if self.open.len() < 64 {
            self.open.push(style);
        }
    }

    fn close(&mut self) {
        self.open.pop();
        self.label = None;
    }

    fn item(&mut self, e: &BytesStart<'_>) {
        let level = self.open.len().clamp(1, LIST_LEVELS);
        let Some(style) = self.open.last().cloned().flatten() else {
            return;
        };
        let Some(Some((format, prefix, suffix))) = self
            .styles
            .get(&style)
            .and_then(|levels| levels.get(level - 1))
            .cloned()
        else {
            return;
        };
        if self.counters.len() > 1_000 {
            return;
        }
        let counters = self.counters.entry(style).or_default();
        counters.resize(level, 0);
        let start = attr(e, "text:start-value").and_then(|v| v.parse::<usize>().ok());
        counters[level - 1] = start.unwrap_or(counters[level - 1] + 1).min(1 << 20);
        let n = counters[level - 1];
        let text = match format.as_str() {
            "" => return,
            "a" | "A" | "i" | "I" if n > 26 => n.to_string(),
            "a" => char::from(b'a' + (n - 1) as u8).to_string(),
            "A" => char::from(b'A' + (n - 1) as u8).to_string(),
            f if f.starts_with('一') || f.starts_with('壹') => chinese(n),
            _ => n.to_string(),
        };
        self.label = Some(format!("{prefix}{text}{suffix}"));
    }
}

/// 1 to 99 in Chinese numerals (一, 十一, 二十); larger as digits.
pub(crate) fn chinese(n: usize) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", DIGITS[n / 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

/// The list styles of `styles.xml` (where the named ones live: Word's
/// numbering converted by LibreOffice is `WWNum1` …), read before the
/// content. A part that cannot be read has no styles.
fn list_styles(xml: &str, budget: &Budget) -> Result<Lists, ImportError> {
    let mut lists = Lists::default();
    let mut reader = Reader::from_str(xml);
    let mut events = 0u32;
    let mut depth = 0usize;
    while let Ok(event) = reader.read_event() {
        events += 1;
        if events.is_multiple_of(EVENTS_PER_CLOCK_CHECK) {
            budget.time()?;
        }
        match event {
            Event::Start(e) => {
                depth += 1;
                budget.depth(depth)?;
                lists.style(&e);
            }
            Event::Empty(e) => lists.style(&e),
            Event::End(e) => {
                if e.name().into_inner() == "text:list-style" {
                    lists.defining = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(lists)
}

/// Adds a cell (repeated as it says) to the row. Empty cells wait as a
/// count until a cell with text follows them.
fn add_cell(row: &mut RowState, cell: CellState, budget: &mut Budget) -> Result<(), ImportError> {
    let paragraphs = if cell.covered {
        Vec::new()
    } else {
        cell.paragraphs
    };
    if is_empty(&paragraphs) {
        row.pending_empty = row.pending_empty.saturating_add(cell.repeat);
        return Ok(());
    }
    let before = row.pending_empty;
    budget.cells(before.saturating_add(cell.repeat))?;
    row.cells.extend(std::iter::repeat_n(Vec::new(), before));
    row.pending_empty = 0;
    for _ in 1..cell.repeat {
        row.cells.push(paragraphs.clone());
    }
    row.cells.push(paragraphs);
    Ok(())
}

/// Ends a row: an empty one (however often repeated) is remembered as a
/// gap; one with text is laid out as often as it is repeated.
fn end_row(table: &mut TableState, row: RowState, budget: &mut Budget) -> Result<(), ImportError> {
    if row.cells.is_empty() {
        table.pending_empty = true;
        return Ok(());
    }
    if std::mem::take(&mut table.pending_empty) && !table.rows.is_empty() {
        budget.rows(1)?;
        table.rows.push(Vec::new());
    }
    budget.rows(row.repeat)?;
    budget.cells(row.cells.len().saturating_mul(row.repeat - 1))?;
    for _ in 1..row.repeat {
        table.rows.push(row.cells.clone());
    }
    table.rows.push(row.cells);
    Ok(())
}

fn joined(c: &Cell) -> String {
    c.join("")
}

/// The whole document rendered for the family readers (`crate::render`):
/// paragraphs one a line, table rows one a line; in a spreadsheet an empty
/// row ends a table.
fn rendering(blocks: &[Block], kind: Kind) -> String {
    let mut out = Rendering::default();
    for block in blocks {
        match block {
            Block::Paragraph(p) => out.paragraph(p),
            Block::Table(rows) => {
                let parts: Vec<&[Vec<Cell>]> = match kind {
                    Kind::Spreadsheet => rows.split(|r| r.iter().all(is_empty)).collect(),
                    Kind::Text => vec![rows],
                };
                for part in parts {
                    let part: Vec<Vec<String>> = part
                        .iter()
                        .map(|r| r.iter().map(|c| render::cell_text(c)).collect())
                        .collect();
                    out.table(&part);
                }
            }
        }
    }
    out.finish()
}

/// The self-check table of one table's rows, when a row among the first
/// `look` names the columns.
fn self_check(rows: &[Vec<Cell>], look: usize) -> Option<(usize, grid::Parsed)> {
    let (h, roles) = rows.iter().enumerate().take(look).find_map(|(i, r)| {
        let names: Vec<String> = r.iter().map(joined).collect();
        grid::header_roles(&names).map(|roles| (i, roles))
    })?;
    let columns: Vec<String> = rows[h]
        .iter()
        .map(joined)
        .filter(|s| !s.is_empty())
        .collect();
    let mut body = Vec::new();
    for r in &rows[h + 1..] {
        let names: Vec<String> = r.iter().map(joined).collect();
        if grid::header_roles(&names).is_some() {
            continue; // a repeated header row
        }
        let mut g = GridRow::default();
        for (c, role) in r.iter().zip(&roles) {
            match role {
                Some(Column::Dimension) => g.dimension = Some(c.clone()),
                Some(Column::Content) => g.content.extend(c.iter().cloned()),
                Some(Column::Status) => g.status.extend(c.iter().cloned()),
                Some(Column::Problems) => g.problems.extend(c.iter().cloned()),
                None => {}
            }
        }
        body.push(g);
    }
    Some((
        h,
        grid::Parsed {
            title: None,
            columns,
            rows: body,
            ..grid::Parsed::default()
        },
    ))
}

/// Reads an .odt or .ods within the budget. The first table whose header
/// names the self-check columns is the table (its title: the paragraph
/// above it, or in a spreadsheet the first text above the header);
/// without one, the whole document is rendered as text.
pub fn read(bytes: &[u8], kind: Kind, budget: &mut Budget) -> Result<grid::Read, ImportError> {
    let format = kind.name();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ImportError::Unreadable(format, e.to_string()))?;
    let entry = zip
        .by_name("content.xml")
        .map_err(|_| ImportError::Unreadable(format, "缺少 content.xml".into()))?;
    let stored = entry.compressed_size();
    let xml = budget.inflate(entry, stored)?;
    let xml = String::from_utf8(xml).map_err(|_| {
        ImportError::Unreadable(format, "content.xml 不是 UTF-8，文件可能设了密码".into())
    })?;
    drop(zip);
    let lists = match zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .ok()
        .as_mut()
        .and_then(|z| {
            let entry = z.by_name("styles.xml").ok()?;
            let stored = entry.compressed_size();
            Some(budget.inflate(entry, stored))
        }) {
        Some(styles) => {
            let styles = String::from_utf8(styles?).unwrap_or_default();
            list_styles(&styles, budget)?
        }
        None => Lists::default(),
    };
    let blocks = blocks(&xml, lists, budget).map_err(|e| match e {
        ImportError::Unreadable(_, detail) => ImportError::Unreadable(format, detail),
        other => other,
    })?;
    from_blocks(&blocks, kind, budget)
}

/// The self-check table of the first table that has its header, else the
/// rendering of the whole document. A `Kind::Text` document's title is the
/// paragraph above the table (also for an old Word file's blocks).
pub(crate) fn from_blocks(
    blocks: &[Block],
    kind: Kind,
    budget: &mut Budget,
) -> Result<grid::Read, ImportError> {
    let mut title: Option<String> = None;
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Paragraph(p) => {
                if !p.trim().is_empty() {
                    title = Some(p.trim().to_string());
                }
            }
            Block::Table(rows) => {
                let look = match kind {
                    Kind::Text => 5,
                    Kind::Spreadsheet => 10,
                };
                let Some((h, mut parsed)) = self_check(rows, look) else {
                    continue;
                };
                parsed.title = match kind {
                    Kind::Text => title.clone(),
                    Kind::Spreadsheet => rows[..h]
                        .iter()
                        .flat_map(|r| r.iter())
                        .map(joined)
                        .find(|s| !s.trim().is_empty())
                        .map(|s| s.trim().to_string()),
                };
                // A text's table split in two (by the clerk, or at a page
                // with the header repeated): every later table with the
                // header goes on the same table, its header not a row.
                if kind == Kind::Text {
                    for later in &blocks[i + 1..] {
                        if let Block::Table(rows) = later {
                            if let Some((_, more)) = self_check(rows, look) {
                                parsed.rows.extend(more.rows);
                            }
                        }
                    }
                }
                return Ok(grid::Read::Table(parsed));
            }
        }
    }
    budget.time()?;
    Ok(grid::Read::Text(rendering(blocks, kind)))
}

#[cfg(test)]
mod tests {
    use crate::hostile::ods_of;
    use crate::{read_document, read_document_with, ImportError, Limit, Limits};

    const ROW: &str = "<table:table-row><table:table-cell><text:p>履职</text:p></table:table-cell><table:table-cell><text:p>新增基站10个</text:p></table:table-cell><table:table-cell><text:p>已新增12个</text:p></table:table-cell></table:table-row>";

    fn repeated(columns: &str, rows: &str, text: &str) -> String {
        format!(
            r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{columns}"><text:p>{text}</text:p></table:table-cell></table:table-row>"#
        )
    }

    #[test]
    fn each_bound_of_the_opendocument_reader_holds() {
        let empty_tail = format!(
            r#"{ROW}<table:table-row><table:table-cell table:number-columns-repeated="1000000000"/></table:table-row>{}"#,
            r#"<table:table-row table:number-rows-repeated="1000000000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#
        );
        let gap_then_text = format!(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="1000000000"/><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>{ROW}"#
        );
        // (what, sheet rows after the header, limits, the limit passed or None when read)
        let cases: Vec<(&str, String, Limits, Option<Limit>)> = vec![
            ("a plain row", ROW.to_string(), Limits::default(), None),
            (
                "a sheet's empty tail, repeated",
                empty_tail,
                Limits::default(),
                None,
            ),
            (
                "text repeated a billion columns",
                repeated("1000000000", "1", "x"),
                Limits::default(),
                Some(Limit::Cells(200_000)),
            ),
            (
                "text repeated a billion rows",
                repeated("1", "1000000000", "x"),
                Limits::default(),
                Some(Limit::Rows(20_000)),
            ),
            (
                "a billion empty cells before a cell with text",
                gap_then_text,
                Limits::default(),
                Some(Limit::Cells(200_000)),
            ),
            (
                "more rows than allowed",
                ROW.repeat(30),
                Limits {
                    max_rows: 20,
                    ..Limits::default()
                },
                Some(Limit::Rows(20)),
            ),
        ];
        for (what, rows, limits, want) in cases {
            let got = read_document_with(&ods_of(&rows), limits);
            match want {
                None => {
                    let got = got.unwrap();
                    assert_eq!(got.format, "ODS", "{what}");
                    assert_eq!(got.table.tasks.len(), 1, "{what}");
                    assert_eq!(got.table.tasks[0].content.text, "新增基站10个", "{what}");
                }
                Some(limit) => {
                    assert_eq!(got.unwrap_err(), ImportError::TooLarge(limit), "{what}")
                }
            }
        }
        for case in crate::hostile::cases() {
            if case.file_name.ends_with(".ods") || case.file_name.ends_with(".odt") {
                let err = read_document(&case.bytes).unwrap_err();
                assert!(
                    matches!(err, ImportError::TooLarge(_)),
                    "{}: {err}",
                    case.name
                );
            }
        }
    }

    #[test]
    fn covered_cells_keep_the_columns_and_a_merged_dimension_is_inherited() {
        let rows = concat!(
            r#"<table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>履职</text:p></table:table-cell>"#,
            r#"<table:table-cell><text:p>新增基站10个</text:p></table:table-cell><table:table-cell><text:p>已新增12个</text:p></table:table-cell></table:table-row>"#,
            r#"<table:table-row><table:covered-table-cell/><table:table-cell><text:p>建成展厅<text:s text:c="3"/>1个</text:p><text:p>开放<text:span>2</text:span>次</text:p></table:table-cell>"#,
            r#"<table:table-cell><text:p>已建成&amp;开放</text:p></table:table-cell><table:table-cell table:number-columns-spanned="2"><text:p>无</text:p></table:table-cell><table:covered-table-cell/></table:table-row>"#,
        );
        let read = read_document(&ods_of(rows)).unwrap();
        let tasks = &read.table.tasks;
        assert_eq!(tasks.len(), 2);
        assert_eq!(tasks[1].dimension, "履职");
        assert_eq!(tasks[1].content.text, "建成展厅   1个开放2次");
        assert_eq!(tasks[1].status.text, "已建成&开放");
        assert_eq!(tasks[1].problems.text, "无");
    }

    /// An .odt of `content` (the body's text) and `styles` (list styles).
    fn odt(content: &str, styles: &str) -> Vec<u8> {
        let ns = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for (name, body) in [
            (
                "mimetype",
                "application/vnd.oasis.opendocument.text".to_string(),
            ),
            (
                "styles.xml",
                format!(
                    r#"<?xml version="1.0"?><office:document-styles {ns}><office:styles>{styles}</office:styles></office:document-styles>"#
                ),
            ),
            (
                "content.xml",
                format!(
                    r#"<?xml version="1.0"?><office:document-content {ns}><office:body><office:text>{content}</office:text></office:body></office:document-content>"#
                ),
            ),
        ] {
            zip.start_file(name, opts).unwrap();
            std::io::Write::write_all(&mut zip, body.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn numbered_lists_are_written_as_their_numbers() {
        let styles = r#"<text:list-style style:name="WWNum1"><text:list-level-style-number text:level="1" style:num-prefix="（" style:num-suffix="）" style:num-format="一, 二, 三, ..."/><text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="1"/></text:list-style><text:list-style style:name="B"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>"#;
        let cell = |t: &str| format!("<table:table-cell><text:p>{t}</text:p></table:table-cell>");
        let item = |t: &str| format!("<text:list-item><text:p>{t}</text:p></text:list-item>");
        let content = format!(
            r#"<text:h>某某局2023年度自查表</text:h><table:table><table:table-row>{}{}</table:table-row><table:table-row><table:table-cell><text:list text:style-name="WWNum1">{}<text:list-item><text:p>建设</text:p><text:list>{}{}</text:list></text:list-item></text:list><text:list text:style-name="WWNum1" text:continue-numbering="true">{}</text:list><text:list text:style-name="B">{}</text:list></table:table-cell>{}</table:table-row></table:table>"#,
            cell("自查内容（年度任务）"),
            cell("落实情况"),
            item("新增基站10个"),
            item("展厅1个"),
            item("机房2个"),
            item("培训3次"),
            item("无编号"),
            cell("已完成"),
        );
        // The same table again after a paragraph, header repeated: one table.
        let content = format!(
            "{content}<text:p>（续表）</text:p>{}",
            content.replace("已完成", "已完成一半").replacen(
                "<text:h>某某局2023年度自查表</text:h>",
                "",
                1
            )
        );
        let read = read_document(&odt(&content, styles)).unwrap();
        assert_eq!(read.format, "ODT");
        assert_eq!(read.table.tasks.len(), 2);
        assert_eq!(read.table.tasks[1].status.text, "已完成一半");
        assert_eq!(read.table.title.as_deref(), Some("某某局2023年度自查表"));
        let task = &read.table.tasks[0];
        assert_eq!(
            task.content.text,
            "（一）新增基站10个（二）建设1.展厅1个2.机房2个（三）培训3次无编号"
        );
    }

    #[test]
    fn a_zip_without_a_known_mimetype_is_named_for_what_it_is() {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("mimetype", opts).unwrap();
        std::io::Write::write_all(&mut zip, b"application/vnd.oasis.opendocument.presentation")
            .unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let err = read_document(&bytes).unwrap_err().to_string();
        assert!(err.contains("ZIP 压缩包"), "{err}");
    }
}
