//! PDF: text with positions, so that columns come from the page geometry
//! (the table's ruling lines, else the header cells) instead of guessed line
//! widths; the title and page numbers outside the table are dropped; a row
//! that runs onto the next page is joined back.

use lopdf::content::Operation;
use lopdf::{Document, Encoding, Object};

use crate::grid::{self, Column, GridRow};
use crate::ImportError;

/// A run of text at a position (PDF points, origin bottom left).
#[derive(Clone, Debug)]
struct Frag {
    x: f32,
    y: f32,
    size: f32,
    text: String,
}

/// A straight ruling segment.
#[derive(Clone, Copy, Debug)]
struct Rule {
    x1: f32,
    y1: f32,
    x2: f32,
    y2: f32,
}

type Matrix = [f32; 6];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// How a font's string bytes become text: its own ToUnicode map (read
/// here: it is what makes Chinese extractable, and some writers' maps are
/// stricter than lopdf accepts), else lopdf's reading of its encoding.
enum Decoder<'a> {
    Map {
        width: usize,
        map: std::collections::HashMap<u32, String>,
    },
    Lopdf(Encoding<'a>),
}

impl Decoder<'_> {
    fn decode(&self, bytes: &[u8]) -> String {
        match self {
            Decoder::Map { width, map } => bytes
                .chunks(*width)
                .map(|c| {
                    let code = c.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
                    map.get(&code).cloned().unwrap_or_default()
                })
                .collect(),
            Decoder::Lopdf(e) => Document::decode_text(e, bytes)
                .unwrap_or_else(|_| bytes.iter().map(|b| *b as char).collect()),
        }
    }
}

fn hex_value(t: &str) -> Option<(u32, usize)> {
    let h = t.strip_prefix('<')?.strip_suffix('>')?;
    Some((u32::from_str_radix(h, 16).ok()?, h.len() / 2))
}

fn hex_text(t: &str) -> Option<String> {
    let h = t.strip_prefix('<')?.strip_suffix('>')?;
    let units: Vec<u16> = (0..h.len() / 4)
        .filter_map(|i| u16::from_str_radix(h.get(i * 4..i * 4 + 4)?, 16).ok())
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// Parses the `bfchar` and `bfrange` sections of a ToUnicode CMap.
fn parse_cmap(data: &[u8]) -> Option<(usize, std::collections::HashMap<u32, String>)> {
    let text = String::from_utf8_lossy(data);
    let spaced = text
        .replace('<', " <")
        .replace('>', "> ")
        .replace('[', " [ ")
        .replace(']', " ] ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut map = std::collections::HashMap::new();
    let mut width = 0;
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            "beginbfchar" => {
                i += 1;
                while i + 1 < tokens.len() && tokens[i] != "endbfchar" {
                    if let (Some((code, w)), Some(t)) =
                        (hex_value(tokens[i]), hex_text(tokens[i + 1]))
                    {
                        width = width.max(w);
                        map.insert(code, t);
                    }
                    i += 2;
                }
            }
            "beginbfrange" => {
                i += 1;
                while i + 2 < tokens.len() && tokens[i] != "endbfrange" {
                    let (Some((lo, w)), Some((hi, _))) =
                        (hex_value(tokens[i]), hex_value(tokens[i + 1]))
                    else {
                        i += 1;
                        continue;
                    };
                    width = width.max(w);
                    if tokens[i + 2] == "[" {
                        let mut k = i + 3;
                        let mut code = lo;
                        while k < tokens.len() && tokens[k] != "]" {
                            if let Some(t) = hex_text(tokens[k]) {
                                map.insert(code, t);
                            }
                            code += 1;
                            k += 1;
                        }
                        i = k + 1;
                    } else {
                        if let Some(start) = hex_text(tokens[i + 2]) {
                            let mut units: Vec<u16> = start.encode_utf16().collect();
                            for code in lo..=hi.min(lo + 0xFFFF) {
                                map.insert(code, String::from_utf16_lossy(&units));
                                if let Some(last) = units.last_mut() {
                                    *last = last.wrapping_add(1);
                                }
                            }
                        }
                        i += 3;
                    }
                }
            }
            _ => i += 1,
        }
    }
    (width > 0).then_some((width, map))
}

fn decoder<'a>(doc: &'a Document, font: &'a lopdf::Dictionary) -> Option<Decoder<'a>> {
    if let Ok(obj) = font.get(b"ToUnicode") {
        if let Ok((_, Object::Stream(stream))) = doc.dereference(obj) {
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            if let Some((width, map)) = parse_cmap(&data) {
                return Some(Decoder::Map { width, map });
            }
        }
    }
    font.get_font_encoding(doc).ok().map(Decoder::Lopdf)
}

/// The fragments and rules of one page.
fn page_items(doc: &Document, page: lopdf::ObjectId) -> (Vec<Frag>, Vec<Rule>) {
    let fonts = doc.get_page_fonts(page).unwrap_or_default();
    let encodings: Vec<(Vec<u8>, Decoder<'_>)> = fonts
        .iter()
        .filter_map(|(name, dict)| Some((name.clone(), decoder(doc, dict)?)))
        .collect();
    let ops: Vec<Operation> = doc
        .get_and_decode_page_content(page)
        .map(|c| c.operations)
        .unwrap_or_default();
    let mut frags = Vec::new();
    let mut rules = Vec::new();
    let mut ctm = IDENTITY;
    let mut stack: Vec<Matrix> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut leading = 0.0f32;
    let mut font: Option<usize> = None;
    let mut size = 12.0f32;
    let mut point = (0.0f32, 0.0f32);
    let mut start = (0.0f32, 0.0f32);
    for op in &ops {
        let o = &op.operands;
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(IDENTITY),
            "cm" if o.len() == 6 => {
                let m = [
                    num(&o[0]),
                    num(&o[1]),
                    num(&o[2]),
                    num(&o[3]),
                    num(&o[4]),
                    num(&o[5]),
                ];
                ctm = mul(&m, &ctm);
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" if o.len() == 2 => {
                if let Object::Name(n) = &o[0] {
                    font = encodings.iter().position(|(k, _)| k == n);
                }
                size = num(&o[1]);
            }
            "TL" if !o.is_empty() => leading = num(&o[0]),
            "Td" | "TD" if o.len() == 2 => {
                let (tx, ty) = (num(&o[0]), num(&o[1]));
                if op.operator == "TD" {
                    leading = -ty;
                }
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                tm = tlm;
            }
            "Tm" if o.len() == 6 => {
                tlm = [
                    num(&o[0]),
                    num(&o[1]),
                    num(&o[2]),
                    num(&o[3]),
                    num(&o[4]),
                    num(&o[5]),
                ];
                tm = tlm;
            }
            "T*" => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
            }
            "Tj" | "'" | "\"" | "TJ" => {
                if matches!(op.operator.as_str(), "'" | "\"") {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                    tm = tlm;
                }
                let strings: Vec<&[u8]> = match (op.operator.as_str(), o.last()) {
                    ("TJ", Some(Object::Array(items))) => items
                        .iter()
                        .filter_map(|i| match i {
                            Object::String(s, _) => Some(s.as_slice()),
                            _ => None,
                        })
                        .collect(),
                    (_, Some(Object::String(s, _))) => vec![s.as_slice()],
                    _ => Vec::new(),
                };
                let mut text = String::new();
                for s in strings {
                    let decoded = match font {
                        Some(f) => encodings[f].1.decode(s),
                        None => s.iter().map(|b| *b as char).collect(),
                    };
                    text.push_str(&decoded);
                }
                let m = mul(&tm, &ctm);
                let (x, y) = apply(&m, 0.0, 0.0);
                let scale = (m[2] * m[2] + m[3] * m[3]).sqrt().max(0.01);
                // Advance past the run (estimated): enough for a later run
                // on the same line to land after it.
                let advance: f32 = text
                    .chars()
                    .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                    .sum::<f32>()
                    * size;
                tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &tm);
                let text = text.replace('\u{0}', "");
                if !text.trim().is_empty() {
                    frags.push(Frag {
                        x,
                        y,
                        size: size * scale,
                        text,
                    });
                }
            }
            "m" if o.len() == 2 => {
                point = apply(&ctm, num(&o[0]), num(&o[1]));
                start = point;
            }
            "l" if o.len() == 2 => {
                let to = apply(&ctm, num(&o[0]), num(&o[1]));
                rules.push(Rule {
                    x1: point.0,
                    y1: point.1,
                    x2: to.0,
                    y2: to.1,
                });
                point = to;
            }
            "h" => {
                rules.push(Rule {
                    x1: point.0,
                    y1: point.1,
                    x2: start.0,
                    y2: start.1,
                });
                point = start;
            }
            "re" if o.len() == 4 => {
                let (x, y) = apply(&ctm, num(&o[0]), num(&o[1]));
                let (x2, y2) = apply(&ctm, num(&o[0]) + num(&o[2]), num(&o[1]) + num(&o[3]));
                let (w, h) = ((x2 - x).abs(), (y2 - y).abs());
                if w < 2.5 {
                    rules.push(Rule {
                        x1: (x + x2) / 2.0,
                        y1: y,
                        x2: (x + x2) / 2.0,
                        y2,
                    });
                } else if h < 2.5 {
                    rules.push(Rule {
                        x1: x,
                        y1: (y + y2) / 2.0,
                        x2,
                        y2: (y + y2) / 2.0,
                    });
                } else {
                    for r in [
                        Rule {
                            x1: x,
                            y1: y,
                            x2,
                            y2: y,
                        },
                        Rule {
                            x1: x,
                            y1: y2,
                            x2,
                            y2,
                        },
                        Rule {
                            x1: x,
                            y1: y,
                            x2: x,
                            y2,
                        },
                        Rule {
                            x1: x2,
                            y1: y,
                            x2,
                            y2,
                        },
                    ] {
                        rules.push(r);
                    }
                }
            }
            _ => {}
        }
    }
    (frags, rules)
}

/// Values within `tol` of each other, merged and sorted.
fn cluster(mut values: Vec<f32>, tol: f32) -> Vec<f32> {
    values.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for v in values {
        match out.last() {
            Some(l) if v - l <= tol => {}
            _ => out.push(v),
        }
    }
    out
}

/// One page's table: the column of each role and the rows, as lines per cell.
struct PageTable {
    /// (role, lines) per row.
    rows: Vec<Vec<(Column, Vec<String>)>>,
    title: Option<String>,
    columns: Vec<String>,
}

fn read_page(frags: &[Frag], rules: &[Rule]) -> Option<PageTable> {
    // Header cells are short: a title that says 完成情况 is not one.
    let headers: Vec<(&Frag, Column)> = frags
        .iter()
        .filter(|f| f.text.trim().chars().count() <= 14)
        .filter_map(|f| grid::column_of(&f.text).map(|c| (f, c)))
        .collect();
    // A 自查内容 header with a 落实情况 header on the same line.
    let (content, _status) = headers
        .iter()
        .filter(|(_, c)| *c == Column::Content)
        .find_map(|c| {
            headers
                .iter()
                .find(|(f, k)| *k == Column::Status && (f.y - c.0.y).abs() < c.0.size * 2.0)
                .map(|s| (c, s))
        })?;
    let header_y = content.0.y;
    let tol = content.0.size * 1.6;
    // The header cells: one per role, on the header's line.
    let mut heads: Vec<(&Frag, Column)> = Vec::new();
    for (f, c) in &headers {
        if (f.y - header_y).abs() <= tol && !heads.iter().any(|(_, k)| k == c) {
            heads.push((f, *c));
        }
    }
    heads.sort_by(|a, b| a.0.x.total_cmp(&b.0.x));
    let header_top = heads
        .iter()
        .map(|(f, _)| f.y + f.size)
        .fold(f32::MIN, f32::max);
    let header_low = heads.iter().map(|(f, _)| f.y).fold(f32::MAX, f32::min);
    // Column boundaries from vertical rules crossing the header line.
    let verticals: Vec<f32> = rules
        .iter()
        .filter(|r| {
            (r.x1 - r.x2).abs() < 1.0
                && r.y1.min(r.y2) <= header_low + 1.0
                && r.y1.max(r.y2) >= header_low - 1.0
        })
        .map(|r| r.x1)
        .collect();
    let xs = cluster(verticals, 2.0);
    let width_of = |f: &Frag| {
        f.text
            .chars()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .sum::<f32>()
            * f.size
    };
    let columns: Vec<(f32, f32, Column)> = if xs.len() > heads.len() {
        xs.windows(2)
            .filter_map(|w| {
                let (a, b) = (w[0], w[1]);
                heads
                    .iter()
                    .find(|(f, _)| {
                        let mid = f.x + width_of(f) / 2.0;
                        mid > a && mid < b
                    })
                    .map(|(_, c)| (a, b, *c))
            })
            .collect()
    } else {
        // No rules: each header's column starts halfway from the previous header's end.
        let mut cols = Vec::new();
        for (i, (f, c)) in heads.iter().enumerate() {
            let left = if i == 0 {
                f32::MIN
            } else {
                (heads[i - 1].0.x + width_of(heads[i - 1].0) + f.x) / 2.0
            };
            let right = heads
                .get(i + 1)
                .map_or(f32::MAX, |(n, _)| (f.x + width_of(f) + n.x) / 2.0);
            cols.push((left, right, *c));
        }
        cols
    };
    let column_at = |x: f32| {
        columns
            .iter()
            .find(|(a, b, _)| x >= *a - 1.0 && x < *b)
            .map(|(_, _, c)| *c)
    };
    let table_left = columns.first().map_or(f32::MIN, |c| c.0);
    let table_right = columns.last().map_or(f32::MAX, |c| c.1);
    // Row boundaries from horizontal rules below the header.
    let horizontals: Vec<f32> = rules
        .iter()
        .filter(|r| (r.y1 - r.y2).abs() < 1.0 && (r.x2 - r.x1).abs() > 20.0 && r.y1 < header_low)
        .map(|r| r.y1)
        .collect();
    let mut ys = cluster(horizontals, 1.5);
    ys.reverse(); // top first
                  // Lines that read as a page number (`— 1 —`, often three runs).
    let mut footer_lines: Vec<f32> = Vec::new();
    for f in frags {
        if footer_lines.iter().any(|y| (f.y - y).abs() < 2.0) {
            continue;
        }
        let mut same: Vec<&Frag> = frags.iter().filter(|g| (g.y - f.y).abs() < 2.0).collect();
        same.sort_by(|a, b| a.x.total_cmp(&b.x));
        let line: String = same.iter().map(|g| g.text.as_str()).collect();
        if is_page_number(&line) {
            footer_lines.push(f.y);
        }
    }
    let body: Vec<&Frag> = frags
        .iter()
        .filter(|f| f.y < header_low - 1.0 && f.x >= table_left - 2.0 && f.x < table_right)
        .filter(|f| !footer_lines.iter().any(|y| (f.y - y).abs() < 2.0))
        .collect();
    let bottom = ys.last().copied().unwrap_or(f32::MIN);
    let bands: Vec<(f32, f32)> = if ys.len() >= 2 {
        ys.windows(2).map(|w| (w[0], w[1])).collect()
    } else {
        vec![(header_low, bottom)]
    };
    let mut rows = Vec::new();
    for (top, low) in bands {
        let mut cells: Vec<(Column, Vec<String>)> = Vec::new();
        let mut inside: Vec<&&Frag> = body.iter().filter(|f| f.y < top && f.y > low).collect();
        inside.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
        for f in inside {
            let Some(c) = column_at(f.x) else { continue };
            let idx = match cells.iter().position(|(k, _)| *k == c) {
                Some(i) => i,
                None => {
                    cells.push((c, Vec::new()));
                    cells.len() - 1
                }
            };
            cells[idx].1.push(f.text.clone());
        }
        if !cells.is_empty() {
            rows.push(cells);
        }
    }
    let title_frags: Vec<&Frag> = frags.iter().filter(|f| f.y > header_top).collect();
    let biggest = title_frags.iter().map(|f| f.size).fold(0.0, f32::max);
    let mut title: Vec<&&Frag> = title_frags
        .iter()
        .filter(|f| f.size >= biggest - 0.5)
        .collect();
    title.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let title = title
        .iter()
        .map(|f| f.text.trim())
        .collect::<Vec<_>>()
        .join("");
    Some(PageTable {
        rows,
        title: (!title.is_empty()).then_some(title),
        columns: heads.iter().map(|(f, _)| f.text.clone()).collect(),
    })
}

/// `— 3 —`, `- 3 -`, `第 3 页`, `3 / 12`: a page number, not table text.
fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let core = t
        .trim_start_matches(['—', '-', '–', '第'])
        .trim_end_matches(['—', '-', '–', '页']);
    !core.is_empty()
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || c == '/' || c == '共' || c == '页' || c == '，')
}

fn ends_sentence(lines: &[String]) -> bool {
    lines
        .last()
        .and_then(|l| l.trim_end().chars().last())
        .is_none_or(|c| "。；！？.;!?".contains(c))
}

/// Reads a PDF's table.
pub fn read(bytes: &[u8]) -> Result<grid::Parsed, ImportError> {
    let doc =
        Document::load_mem(bytes).map_err(|e| ImportError::Unreadable("PDF", e.to_string()))?;
    if doc.is_encrypted() {
        return Err(ImportError::Unreadable("PDF", "文件已加密".into()));
    }
    let mut parsed = grid::Parsed::default();
    let mut found = false;
    let mut text_seen = false;
    for (n, (_, page)) in doc.get_pages().into_iter().enumerate() {
        let (frags, rules) = page_items(&doc, page);
        text_seen |= !frags.is_empty();
        let Some(t) = read_page(&frags, &rules) else {
            continue;
        };
        if !found {
            parsed.title = t.title.clone();
            parsed.columns = t.columns.clone();
            found = true;
        }
        for (i, cells) in t.rows.into_iter().enumerate() {
            let get = |c: Column| {
                cells
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default()
            };
            let row = GridRow {
                dimension: Some(get(Column::Dimension)).filter(|d| !d.is_empty()),
                content: get(Column::Content),
                status: get(Column::Status),
                problems: get(Column::Problems),
            };
            // The first row of a page continues the last of the previous one
            // when its task cell is empty or the previous cells stopped
            // mid-sentence.
            let continues = i == 0
                && n > 0
                && parsed.rows.last().is_some_and(|prev| {
                    row.content.is_empty()
                        || (!ends_sentence(&prev.content) || !ends_sentence(&prev.status))
                });
            match parsed.rows.last_mut() {
                Some(prev) if continues => {
                    prev.content.extend(row.content);
                    prev.status.extend(row.status);
                    prev.problems.extend(row.problems);
                }
                _ => parsed.rows.push(row),
            }
        }
    }
    if !found {
        return Err(ImportError::NoTable(
            "PDF",
            if text_seen {
                "没有找到“自查内容（年度任务）”和“落实情况”两栏的表头".into()
            } else {
                "文件里没有文字（可能是扫描件，需要先做文字识别）".into()
            },
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_not_text() {
        for t in ["— 1 —", "-2-", "第 3 页", "3 / 12", "—12—"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["新增5G基站6000个", "12次", "2022年"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn cmaps_map_codes_to_text() {
        let cmap = b"begincmap\n2 beginbfchar\n<0001> <4E2D>\n<0002> <6587>\nendbfchar\n1 beginbfrange\n<0010> <0012> <0041>\nendbfrange\nendcmap";
        let (width, map) = parse_cmap(cmap).unwrap();
        assert_eq!(width, 2);
        assert_eq!(map[&1], "中");
        assert_eq!(map[&0x11], "B");
        let d = Decoder::Map { width, map };
        assert_eq!(d.decode(&[0, 1, 0, 2, 0, 0x12]), "中文C");
    }
}
