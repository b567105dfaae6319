//! Old Word (.doc, Word 97–2003) and WPS 文字 (.wps), both OLE compound
//! files holding a `WordDocument` stream. The text is read through the
//! piece table (the CLX in the `0Table`/`1Table` stream: pieces of 8-bit or
//! UTF-16 text, each where the FIB's stream says), only the main document
//! (`ccpText` characters). Paragraphs end with `\r`; a table cell ends with
//! `\x07`, and so does a table row: the row's end is told from a cell's by
//! the paragraph properties (the PAPX pages, `sprmPFTtp`), which also tell
//! which paragraphs stand in a table. Field codes are dropped and their
//! results kept.
//!
//! Bounded: the streams are read by `ole` (each sector once at most, so a
//! stream is never longer than the file); the text is at most the part
//! limit however the pieces claim to repeat it; every paragraph and cell is
//! counted against the budget.

use crate::odf::{self, Block, Cell};
use crate::{grid, Budget, ImportError, Limit};

/// How a refused or damaged Word binary file is named.
pub const FORMAT: &str = "旧版 Word（.doc）或 WPS 文字（.wps）";

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn damaged(what: &str) -> ImportError {
    ImportError::Unreadable(FORMAT, what.to_string())
}

/// A run of file positions whose paragraph properties say where it stands.
#[derive(Clone, Debug)]
struct Run {
    start: u32,
    end: u32,
    in_table: bool,
    /// The paragraph is a table row's end mark.
    row_end: bool,
    /// A row end's cell boundaries (sprmTDefTable's rgdxaCenter), which
    /// tell a cell spanning several columns.
    centers: Option<Vec<i16>>,
    /// A numbered paragraph's list (`ilfo`, 1-based) and level.
    list: Option<(u16, u8)>,
}

/// The paragraph properties kaohe reads.
#[derive(Default)]
struct Props {
    in_table: bool,
    row_end: bool,
    centers: Option<Vec<i16>>,
    ilfo: u16,
    ilvl: u8,
}

/// At most this many distinct column boundaries in a table are followed.
const MAX_BOUNDARIES: usize = 65;

/// The paragraph properties that matter here, from a `grpprl`; `data` is
/// the Data stream, where properties too large for their page are kept
/// (sprmPHugePapx names them; followed once, not from there again).
fn table_flags(mut grpprl: &[u8], data: Option<&[u8]>) -> Props {
    let mut props = Props::default();
    while grpprl.len() >= 2 {
        let sprm = u16::from_le_bytes([grpprl[0], grpprl[1]]);
        let rest = &grpprl[2..];
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => {
                // Variable: a byte of length first (sprmTDefTable has two).
                if sprm == 0xD608 {
                    match u16_at(rest, 0) {
                        Some(n) => usize::from(n) + 1,
                        None => break,
                    }
                } else {
                    match rest.first() {
                        Some(n) => usize::from(*n) + 1,
                        None => break,
                    }
                }
            }
        };
        let Some(operand) = rest.get(..size) else {
            break;
        };
        match sprm {
            0x2416 => props.in_table |= operand[0] != 0, // sprmPFInTable
            0x2417 => props.row_end |= operand[0] != 0,  // sprmPFTtp
            0x6649 => props.in_table |= u32_at(operand, 0).is_some_and(|n| n > 0), // sprmPItap
            0x460B => props.ilfo = u16_at(operand, 0).unwrap_or(0), // sprmPIlfo
            0x260A => props.ilvl = operand[0],           // sprmPIlvl
            0xD608 => {
                // sprmTDefTable: its length (2 bytes), itcMac, then the
                // itcMac + 1 boundaries of the row's cells.
                if let Some(&cells) = operand.get(2) {
                    let n = usize::from(cells) + 1;
                    props.centers = operand.get(3..3 + 2 * n).map(|b| {
                        b.chunks_exact(2)
                            .map(|c| i16::from_le_bytes([c[0], c[1]]))
                            .collect()
                    });
                }
            }
            0x6646 => {
                // sprmPHugePapx: a PrcData (its length, then its sprms) in Data.
                let huge = data.zip(u32_at(operand, 0)).and_then(|(data, at)| {
                    let at = at as usize;
                    let len = usize::from(u16_at(data, at)?);
                    data.get(at + 2..(at + 2).saturating_add(len))
                });
                if let Some(huge) = huge {
                    let more = table_flags(huge, None);
                    props.in_table |= more.in_table;
                    props.row_end |= more.row_end;
                    props.centers = props.centers.or(more.centers);
                    if more.ilfo != 0 {
                        props.ilfo = more.ilfo;
                        props.ilvl = more.ilvl;
                    }
                }
            }
            _ => {}
        }
        grpprl = &rest[size..];
    }
    props
}

/// The paragraph runs of every PAPX page (PlcBtePapx), sorted by position.
fn paragraph_runs(
    word: &[u8],
    table: &[u8],
    data: Option<&[u8]>,
    fc: usize,
    lcb: usize,
    budget: &mut Budget,
) -> Result<Vec<Run>, ImportError> {
    let Some(plc) = table.get(fc..fc.saturating_add(lcb)) else {
        return Ok(Vec::new());
    };
    if plc.len() < 4 {
        return Ok(Vec::new());
    }
    // A run per paragraph: no more of them than cells allowed.
    let max_runs = budget.limits().max_cells;
    let n = (plc.len() - 4) / 8;
    let mut runs = Vec::new();
    let mut seen_pages = std::collections::HashSet::new();
    for i in 0..n {
        let Some(pn) = u32_at(plc, 4 * (n + 1) + 4 * i) else {
            break;
        };
        let pn = (pn & 0x3F_FFFF) as usize;
        // A page named twice is read once.
        if !seen_pages.insert(pn) {
            continue;
        }
        let Some(page) = word.get(pn * 512..pn * 512 + 512) else {
            continue;
        };
        let crun = usize::from(page[511]);
        for j in 0..crun {
            let (Some(start), Some(end)) = (u32_at(page, 4 * j), u32_at(page, 4 * (j + 1))) else {
                break;
            };
            let Some(&b) = page.get(4 * (crun + 1) + 13 * j) else {
                break;
            };
            let at = usize::from(b) * 2;
            let mut props = Props::default();
            if at > 0 && at < 511 {
                let cb = usize::from(page[at]);
                let (from, len) = if cb != 0 {
                    (at + 1, 2 * cb - 1)
                } else {
                    (at + 2, 2 * usize::from(*page.get(at + 1).unwrap_or(&0)))
                };
                // The style index (2 bytes), then the properties.
                if let Some(grpprl) = page.get(from + 2..(from + len).min(511)) {
                    props = table_flags(grpprl, data);
                }
            }
            if runs.len() >= max_runs {
                return Err(ImportError::TooLarge(Limit::Cells(max_runs)));
            }
            runs.push(Run {
                start,
                end,
                in_table: props.in_table,
                row_end: props.row_end,
                centers: props.centers.filter(|_| props.row_end),
                // ilfo 0 is no list; 0xF801 and up are old-style lists.
                list: (props.ilfo != 0 && props.ilfo < 0xF800).then_some((props.ilfo, props.ilvl)),
            });
        }
        budget.time()?;
    }
    runs.sort_by_key(|r| r.start);
    Ok(runs)
}

fn run_at(runs: &[Run], fc: u32) -> Option<&Run> {
    let i = runs.partition_point(|r| r.start <= fc);
    runs.get(i.checked_sub(1)?).filter(|r| fc < r.end)
}

/// The main document's characters, each with its position in the
/// `WordDocument` stream, through the piece table.
fn characters(
    word: &[u8],
    table: &[u8],
    fib: &Fib,
    budget: &mut Budget,
) -> Result<Vec<(char, u32)>, ImportError> {
    let clx = table
        .get(fib.fc_clx..fib.fc_clx.saturating_add(fib.lcb_clx))
        .ok_or_else(|| damaged("片段表超出了表流"))?;
    // Skip the Prc (property) entries; the Pcdt follows them.
    let mut at = 0usize;
    let plc = loop {
        match clx.get(at) {
            Some(1) => {
                let cb = usize::from(u16_at(clx, at + 1).ok_or_else(|| damaged("片段表不完整"))?);
                at += 3 + cb;
            }
            Some(2) => {
                let lcb = u32_at(clx, at + 1).ok_or_else(|| damaged("片段表不完整"))? as usize;
                break clx
                    .get(at + 5..(at + 5).saturating_add(lcb))
                    .ok_or_else(|| damaged("片段表超出了表流"))?;
            }
            _ => return Err(damaged("没有找到片段表")),
        }
    };
    if plc.len() < 4 {
        return Err(damaged("片段表是空的"));
    }
    let n = (plc.len() - 4) / 12;
    // Each character is kept with its position (8 bytes): at most an
    // eighth of the part limit of them.
    let max_chars = (budget.limits().max_part_bytes / 8) as usize;
    let wanted = (fib.ccp_text as usize).min(max_chars.saturating_add(1));
    let mut out: Vec<(char, u32)> = Vec::new();
    let mut last_cp = 0u32;
    for i in 0..n {
        if out.len() >= wanted {
            break;
        }
        let (Some(cp), Some(next)) = (u32_at(plc, 4 * i), u32_at(plc, 4 * (i + 1))) else {
            break;
        };
        // Positions only go forward: a piece table that goes back or
        // repeats itself is damaged (or made to loop).
        if cp < last_cp || next < cp {
            return Err(damaged("片段表的位置倒退或重复"));
        }
        last_cp = next;
        let pcd = 4 * (n + 1) + 8 * i;
        let raw = u32_at(plc, pcd + 2).ok_or_else(|| damaged("片段表不完整"))?;
        let count = ((next - cp) as usize).min(wanted - out.len());
        if raw & 0x4000_0000 != 0 {
            let start = ((raw & 0x3FFF_FFFF) / 2) as usize;
            let bytes = word
                .get(start..start.saturating_add(count).min(word.len()))
                .unwrap_or(&[]);
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            for (k, c) in text.chars().enumerate() {
                out.push((c, (start + k) as u32));
            }
        } else {
            let start = (raw & 0x3FFF_FFFF) as usize;
            let bytes = word
                .get(
                    start
                        ..start
                            .saturating_add(count.saturating_mul(2))
                            .min(word.len()),
                )
                .unwrap_or(&[]);
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let mut k = 0usize;
            for c in char::decode_utf16(units.iter().copied()) {
                let c = c.unwrap_or('\u{FFFD}');
                out.push((c, (start + 2 * k) as u32));
                k += c.len_utf16();
            }
        }
        budget.time()?;
    }
    if out.len() > max_chars {
        return Err(ImportError::TooLarge(Limit::PartBytes(
            budget.limits().max_part_bytes,
        )));
    }
    Ok(out)
}

/// What the FIB says.
struct Fib {
    table_stream: &'static str,
    ccp_text: u32,
    fc_clx: usize,
    lcb_clx: usize,
    fc_papx: usize,
    lcb_papx: usize,
    fc_lst: usize,
    lcb_lst: usize,
    fc_lfo: usize,
    lcb_lfo: usize,
}

fn fib(word: &[u8]) -> Result<Fib, ImportError> {
    if u16_at(word, 0) != Some(0xA5EC) {
        return Err(damaged("WordDocument 流的开头不对"));
    }
    // Word 97 and later (and WPS) write nFib 193 or more; Word 6.0/95
    // files lay out their header otherwise.
    if u16_at(word, 2).is_some_and(|n| n < 0x00C1) {
        return Err(damaged("这是 Word 6.0/95 或更早的格式"));
    }
    let flags = u16_at(word, 0x0A).ok_or_else(|| damaged("文件头不完整"))?;
    if flags & 0x0100 != 0 {
        return Err(ImportError::Unreadable(
            FORMAT,
            "文件已加密，请先去掉密码".into(),
        ));
    }
    let csw = usize::from(u16_at(word, 32).ok_or_else(|| damaged("文件头不完整"))?);
    let lw = 34 + 2 * csw;
    let cslw = usize::from(u16_at(word, lw).ok_or_else(|| damaged("文件头不完整"))?);
    let ccp_text = u32_at(word, lw + 2 + 4 * 3).ok_or_else(|| damaged("文件头不完整"))?;
    let fc_lcb = lw + 2 + 4 * cslw + 2;
    let pair = |index: usize| -> Result<(usize, usize), ImportError> {
        let fc = u32_at(word, fc_lcb + 8 * index).ok_or_else(|| damaged("文件头不完整"))?;
        let lcb = u32_at(word, fc_lcb + 8 * index + 4).ok_or_else(|| damaged("文件头不完整"))?;
        Ok((fc as usize, lcb as usize))
    };
    let (fc_papx, lcb_papx) = pair(13)?;
    let (fc_clx, lcb_clx) = pair(33)?;
    // Lists are past the Word 97 pairs a shorter FIB may not have.
    let (fc_lst, lcb_lst) = pair(73).unwrap_or((0, 0));
    let (fc_lfo, lcb_lfo) = pair(74).unwrap_or((0, 0));
    Ok(Fib {
        table_stream: if flags & 0x0200 != 0 {
            "1Table"
        } else {
            "0Table"
        },
        ccp_text,
        fc_clx,
        lcb_clx,
        fc_papx,
        lcb_papx,
        fc_lst,
        lcb_lst,
        fc_lfo,
        lcb_lfo,
    })
}

/// One level of a list: where it starts, its number format (nfc) and its
/// text, whose characters below 9 stand for the numbers of those levels.
#[derive(Clone, Debug, Default)]
struct Level {
    start: usize,
    nfc: u8,
    text: Vec<u16>,
}

/// At most this many list definitions are read (a document has dozens).
const MAX_LISTS: usize = 4096;

/// Word's list numbering (PlfLst, PlfLfo in the table stream), and the
/// counters of each list as the paragraphs go by.
#[derive(Default)]
struct Numbering {
    /// Each list's id and levels.
    lists: std::collections::HashMap<i32, Vec<Level>>,
    /// Each LFO (a paragraph's `ilfo` - 1): its list's id.
    lfos: Vec<i32>,
    counters: std::collections::HashMap<i32, [usize; 9]>,
}

impl Numbering {
    /// Reads what it can; a damaged list table just numbers nothing.
    fn read(table: &[u8], fib: &Fib) -> Numbering {
        let mut n = Numbering::default();
        let (Some(lst), Some(lfo)) = (
            table.get(fib.fc_lst..fib.fc_lst.saturating_add(fib.lcb_lst)),
            table.get(fib.fc_lfo..fib.fc_lfo.saturating_add(fib.lcb_lfo)),
        ) else {
            return n;
        };
        let count = usize::from(u16_at(lst, 0).unwrap_or(0))
            .min(lst.len() / 28)
            .min(MAX_LISTS);
        // The LVLs follow the PlfLst, list after list.
        let mut at = fib.fc_lst + fib.lcb_lst;
        for i in 0..count {
            let Some(lstf) = lst.get(2 + 28 * i..2 + 28 * (i + 1)) else {
                break;
            };
            let id = u32_at(lstf, 0).unwrap_or(0) as i32;
            let levels = if lstf[26] & 1 != 0 { 1 } else { 9 };
            let mut out = Vec::new();
            for _ in 0..levels {
                let Some(lvlf) = table.get(at..at + 28) else {
                    return n;
                };
                let skip = usize::from(lvlf[24]) + usize::from(lvlf[25]);
                let xst = at + 28 + skip;
                let cch = usize::from(u16_at(table, xst).unwrap_or(0));
                let text = table
                    .get(xst + 2..xst + 2 + 2 * cch)
                    .unwrap_or(&[])
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                out.push(Level {
                    start: u32_at(lvlf, 0).unwrap_or(1) as usize,
                    nfc: lvlf[4],
                    text,
                });
                at = xst + 2 + 2 * cch;
            }
            n.lists.insert(id, out);
        }
        let lfos = (u32_at(lfo, 0).unwrap_or(0) as usize)
            .min(lfo.len() / 16)
            .min(MAX_LISTS);
        n.lfos = (0..lfos)
            .map(|i| u32_at(lfo, 4 + 16 * i).unwrap_or(0) as i32)
            .collect();
        n
    }

    /// The number a paragraph of this list and level starts with.
    fn label(&mut self, list: Option<(u16, u8)>) -> Option<String> {
        let (ilfo, ilvl) = list?;
        let id = *self.lfos.get(usize::from(ilfo).checked_sub(1)?)?;
        let levels = self.lists.get(&id)?;
        let ilvl = usize::from(ilvl).min(8);
        let level = levels.get(ilvl)?;
        let counters = self.counters.entry(id).or_insert([0; 9]);
        counters[ilvl] = if counters[ilvl] == 0 {
            level.start
        } else {
            counters[ilvl] + 1
        }
        .min(1 << 20);
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = 0;
        }
        let counters = *counters;
        let mut out = String::new();
        for unit in &level.text {
            if *unit < 9 {
                let l = usize::from(*unit);
                let value = counters[l].max(levels.get(l).map_or(1, |v| v.start));
                out.push_str(&number(value, levels.get(l).map_or(0, |v| v.nfc))?);
            } else if let Some(c) = char::from_u32(u32::from(*unit)) {
                out.push(c);
            }
        }
        (!out.trim().is_empty()).then_some(out)
    }
}

/// A list number in Word's format `nfc`; `None` for bullets and none.
fn number(n: usize, nfc: u8) -> Option<String> {
    Some(match nfc {
        23 | 255 => return None,
        3 if (1..=26).contains(&n) => char::from(b'A' + (n - 1) as u8).to_string(),
        4 if (1..=26).contains(&n) => char::from(b'a' + (n - 1) as u8).to_string(),
        10 | 11 | 33..=39 => crate::odf::chinese(n),
        _ => n.to_string(),
    })
}

/// A table's rows laid on its grid: the columns are every boundary any row
/// has, and a cell spanning several of them is followed by an empty cell
/// for each other column, as a Word (.docx) `gridSpan` is.
fn gridded(rows: Vec<(Vec<Cell>, Option<Vec<i16>>)>) -> Vec<Vec<Cell>> {
    let fits = |cells: &[Cell], centers: &Option<Vec<i16>>| {
        centers.as_ref().is_some_and(|c| c.len() == cells.len() + 1)
    };
    let mut grid: Vec<i16> = rows
        .iter()
        .filter(|(cells, centers)| fits(cells, centers))
        .flat_map(|(_, centers)| centers.iter().flatten().copied())
        .collect();
    grid.sort_unstable();
    grid.dedup();
    if grid.len() > MAX_BOUNDARIES {
        return rows.into_iter().map(|(cells, _)| cells).collect();
    }
    rows.into_iter()
        .map(|(cells, centers)| {
            if !fits(&cells, &centers) {
                return cells;
            }
            let centers = centers.unwrap_or_default();
            let mut out = Vec::with_capacity(grid.len());
            for (k, cell) in cells.into_iter().enumerate() {
                out.push(cell);
                let (from, to) = (centers[k], centers[k + 1]);
                let inside = grid.iter().filter(|b| from < **b && **b < to).count();
                out.extend(std::iter::repeat_n(Vec::new(), inside));
            }
            out
        })
        .collect()
}

/// Builds paragraphs and table rows from the characters.
fn blocks(
    chars: &[(char, u32)],
    runs: &[Run],
    mut numbering: Numbering,
    budget: &mut Budget,
) -> Result<Vec<Block>, ImportError> {
    let mut out = Vec::new();
    let mut rows: Vec<(Vec<Cell>, Option<Vec<i16>>)> = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cell: Cell = Vec::new();
    let mut para = String::new();
    // Inside a field: 1 while its code is read (dropped), 2 for its result.
    let mut fields: Vec<u8> = Vec::new();
    let mut previous_mark = false;
    let mut at_start = true;
    for (i, &(c, fc)) in chars.iter().enumerate() {
        if i % 65_536 == 0 {
            budget.time()?;
        }
        let mark = c == '\u{7}';
        // A numbered paragraph starts with its number, as Word shows it.
        if at_start && !matches!(c, '\r' | '\u{7}' | '\u{c}') {
            at_start = false;
            if let Some(label) = run_at(runs, fc).and_then(|r| numbering.label(r.list)) {
                para.push_str(&label);
            }
        }
        if matches!(c, '\r' | '\u{7}' | '\u{c}') && fields.is_empty() {
            at_start = true;
        }
        match c {
            '\u{13}' => {
                if fields.len() < 64 {
                    fields.push(1);
                }
            }
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = 2;
                }
            }
            '\u{15}' => {
                fields.pop();
            }
            _ if fields.contains(&1) => {}
            '\r' | '\u{c}' => {
                let text = std::mem::take(&mut para);
                let in_table = run_at(runs, fc).is_some_and(|r| r.in_table);
                if in_table {
                    budget.cells(1)?;
                    cell.push(text);
                } else {
                    if !rows.is_empty() {
                        out.push(Block::Table(gridded(std::mem::take(&mut rows))));
                    }
                    out.push(Block::Paragraph(text));
                }
            }
            '\u{7}' => {
                let run = run_at(runs, fc);
                let row_end = match run {
                    Some(r) => r.row_end,
                    // Without properties: a mark right after a mark.
                    None => previous_mark && para.is_empty() && cell.is_empty(),
                };
                if row_end {
                    para.clear();
                    cell.clear();
                    budget.rows(1)?;
                    let centers = run.and_then(|r| r.centers.clone());
                    rows.push((std::mem::take(&mut row), centers));
                } else {
                    budget.cells(1)?;
                    cell.push(std::mem::take(&mut para));
                    row.push(std::mem::take(&mut cell));
                }
            }
            // A line break: a new line of a cell, a space elsewhere.
            '\u{b}' if run_at(runs, fc).is_some_and(|r| r.in_table) => {
                budget.cells(1)?;
                cell.push(std::mem::take(&mut para));
            }
            '\u{b}' => para.push(' '),
            '\u{1e}' => para.push('-'),
            '\t' => para.push(' '),
            c if c.is_control() || c == '\u{1f}' => {}
            c => para.push(c),
        }
        previous_mark = mark;
    }
    if !row.is_empty() {
        rows.push((row, None));
    }
    if !rows.is_empty() {
        out.push(Block::Table(gridded(rows)));
    }
    if !para.trim().is_empty() {
        out.push(Block::Paragraph(para));
    }
    Ok(out)
}

/// Reads a Word binary file within the budget. `Ok(None)` when the
/// compound file holds no `WordDocument` stream (an .xls, say).
pub fn read(bytes: &[u8], budget: &mut Budget) -> Result<Option<grid::Read>, ImportError> {
    let word = match crate::ole::stream(bytes, &["WordDocument"]) {
        Ok(Some(word)) => word,
        Ok(None) => return Ok(None),
        // A compound file whose chains loop: say what it is, if it is Word.
        Err(e) => {
            return Err(ImportError::Unreadable(crate::ole::FORMAT, e));
        }
    };
    let limit = budget.limits().max_part_bytes;
    if word.len() as u64 > limit {
        return Err(ImportError::TooLarge(Limit::PartBytes(limit)));
    }
    let fib = fib(&word)?;
    let table = match crate::ole::stream(bytes, &[fib.table_stream]) {
        Ok(Some(t)) => t,
        Ok(None) => return Err(damaged(&format!("缺少 {} 流", fib.table_stream))),
        Err(e) => return Err(ImportError::Unreadable(FORMAT, e)),
    };
    if table.len() as u64 > limit {
        return Err(ImportError::TooLarge(Limit::PartBytes(limit)));
    }
    budget.time()?;
    let chars = characters(&word, &table, &fib, budget)?;
    // The Data stream holds properties too large for their page; a file
    // without one (or with a damaged one) just has none of those.
    let data = crate::ole::stream(bytes, &["Data"])
        .ok()
        .flatten()
        .filter(|d| d.len() as u64 <= limit);
    let runs = paragraph_runs(
        &word,
        &table,
        data.as_deref(),
        fib.fc_papx,
        fib.lcb_papx,
        budget,
    )?;
    let numbering = Numbering::read(&table, &fib);
    let blocks = blocks(&chars, &runs, numbering, budget)?;
    odf::from_blocks(&blocks, odf::Kind::Text, budget).map(Some)
}

#[cfg(test)]
mod tests {
    use crate::hostile::doc_of;
    use crate::{read_document, ImportError};

    #[test]
    fn a_word_binary_table_is_read_from_its_marks() {
        // Without paragraph properties a row ends at a mark right after a
        // cell's mark; fields keep their results.
        let text = concat!(
            "某某局2023年度自查表\r",
            "考评维度\x07自查内容（年度任务）\x07落实情况\x07\x07",
            "履职\x07新增基站10个\x07已新增\x13 MERGEFIELD n \x1412\x15个\x07\x07",
            "附注\r",
        );
        let read = read_document(&doc_of(text)).unwrap();
        assert_eq!(read.format, "DOC");
        assert_eq!(read.table.title.as_deref(), Some("某某局2023年度自查表"));
        let tasks = &read.table.tasks;
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].dimension, "履职");
        assert_eq!(tasks[0].content.text, "新增基站10个");
        assert_eq!(tasks[0].status.text, "已新增12个");
    }

    #[test]
    fn a_word_file_that_cannot_be_read_says_to_save_it_as_docx() {
        let mut bytes = doc_of("考评维度\x07落实情况\x07\x07");
        // The WordDocument stream starts after the header, the directory
        // and the FAT: its FIB's signature spoilt.
        bytes[512 * 3] = 0;
        let err = read_document(&bytes).unwrap_err();
        assert!(matches!(err, ImportError::Unreadable(super::FORMAT, _)));
        let shown = err.to_string();
        assert!(
            shown.starts_with("旧版 Word（.doc）或 WPS 文字（.wps）文件无法读取")
                && shown.contains("另存为 .docx"),
            "{shown}"
        );
    }

    #[test]
    fn hostile_word_binaries_end_quickly_and_name_their_format() {
        for case in crate::hostile::cases() {
            if !case.file_name.ends_with(".doc") {
                continue;
            }
            let started = std::time::Instant::now();
            match read_document(&case.bytes) {
                Ok(read) => assert!(read.source.len() < 1 << 20, "{}", case.name),
                Err(ImportError::TooLarge(_)) => {}
                Err(e) => {
                    let shown = e.to_string();
                    assert!(
                        shown.contains("旧版 Word（.doc）") && shown.contains("另存为 .docx"),
                        "{}: {shown}",
                        case.name
                    );
                }
            }
            assert!(started.elapsed().as_secs() < 5, "{}", case.name);
        }
    }
}
