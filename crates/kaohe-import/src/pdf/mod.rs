//! PDF: text with positions, so that columns come from the page geometry
//! (the table's ruling lines, else the header cells) instead of guessed line
//! widths; the title and page numbers outside the table are dropped; a row
//! that runs onto the next page is joined back.
//!
//! The file is read by our own small parser ([`file`], [`object`],
//! [`filter`], [`content`], [`font`]), bounded by the file's [`Budget`]
//! throughout, so a hostile PDF is refused quickly instead of overflowing
//! the stack, inflating gigabytes or running for long.

mod content;
mod file;
mod filter;
mod font;
mod object;
mod page;

use std::collections::HashMap;
use std::rc::Rc;

use self::file::Document;
use self::font::Font;
use self::object::{Dict, Object};
use kaohe_core::Diagnostic;

use crate::grid::{self, Column, GridRow};
use crate::render::Rendering;
use crate::{Budget, ImportError, Limit};

/// Most ruling segments kept per page: a real table has a few hundred;
/// more is a flood of path operators whose extra lines are dropped.
const MAX_RULES: usize = 100_000;

/// Deepest graphics-state nesting (`q`) kept; deeper saves are counted, not stored.
const MAX_SAVES: usize = 256;

/// Header-like runs considered per page; a real header has a handful.
const MAX_HEADER_CANDIDATES: usize = 512;

/// Page-number lines per page, and runs in one, beyond which a line is
/// not page numbering.
const MAX_FOOTER_LINES: usize = 16;
const MAX_FOOTER_RUNS: usize = 32;

/// Deepest nesting of form XObjects drawn inside each other.
const MAX_FORM_DEPTH: usize = 8;

/// Most form XObjects drawn on one page: forms that draw each other many
/// times over would otherwise multiply.
const MAX_FORMS_DRAWN: usize = 1000;

/// A run of text at a position (PDF points, origin bottom left).
#[derive(Clone, Debug)]
struct Frag {
    x: f32,
    y: f32,
    /// Where the run ends: its start advanced by its glyphs' widths.
    x2: f32,
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

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// Six numbers as a matrix.
fn matrix(o: &[Object]) -> Matrix {
    let n = |i: usize| o.get(i).map_or(0.0, Object::number);
    [n(0), n(1), n(2), n(3), n(4), n(5)]
}

/// The graphics state the painter follows: the transformation, the text
/// state (font, size, spacing, scaling, leading) and whether the colors
/// are white; saved by `q` and restored by `Q`.
#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    /// Character spacing (`Tc`) and word spacing (`Tw`), text space units.
    tc: f32,
    tw: f32,
    /// Horizontal scaling (`Tz`), 1 for 100 %.
    tz: f32,
    leading: f32,
    fill_white: bool,
    stroke_white: bool,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: IDENTITY,
            font: None,
            size: 12.0,
            tc: 0.0,
            tw: 0.0,
            tz: 1.0,
            leading: 0.0,
            fill_white: false,
            stroke_white: false,
        }
    }
}

/// Whether the operands of a color operator (`g`, `rg`, `k`) are white.
fn is_white(o: &[Object]) -> bool {
    let v: Vec<f32> = o.iter().map(Object::number).collect();
    match v.as_slice() {
        [g] => *g >= 0.99,
        [r, g, b] => [r, g, b].iter().all(|c| **c >= 0.99),
        [c, m, y, k] => [c, m, y, k].iter().all(|c| **c <= 0.01),
        _ => false,
    }
}

/// Shows the strings of `items` (a `TJ` array, or one string) at the text
/// matrix `tm`, advancing it past each glyph by the font's widths and the
/// text state; every glyph is placed with its start and end, so that
/// glyphs are read by their position and not by the order
/// the content stream draws them in (a fallback font's quotes drawn after
/// the line, one `Tj` per glyph); a glyph continuing the run before it
/// extends that run. Returns how many glyphs it showed.
fn show(gs: &GState, tm: &mut Matrix, items: &[Object], canvas: &mut Canvas) -> usize {
    let size = gs.size;
    let th = gs.tz;
    let mut place = |text: String, begin: &Matrix, tm: &Matrix| {
        let text: String = text
            .chars()
            .filter(|c| *c != '\u{0}')
            .map(font::unify)
            .collect();
        // A space is placed too: it holds the gap between two words.
        if text.is_empty() {
            return;
        }
        let m = mul(begin, &gs.ctm);
        let (x, y) = apply(&m, 0.0, 0.0);
        let (x2, _) = apply(&mul(tm, &gs.ctm), 0.0, 0.0);
        let scale = (m[2] * m[2] + m[3] * m[3]).sqrt().max(0.01);
        let size = size * scale;
        if ![x, y, x2, size].iter().all(|v| v.is_finite()) {
            return;
        }
        // A glyph that starts where the run before it ends, on its
        // baseline, extends that run: runs stay few where the writer sets
        // text in order (the memory is then the text's, not a run's per
        // glyph), and a glyph placed anywhere else starts its own.
        if let Some(last) = canvas.frags.last_mut() {
            let near = 0.01 * size.abs().max(0.01);
            if (last.y - y).abs() < near
                && (last.size - size).abs() < near
                && (last.x2 - x).abs() < near
                && x2 >= x
            {
                last.text.push_str(&text);
                last.x2 = x2;
                return;
            }
        }
        {
            canvas.frags.push(Frag {
                x,
                y,
                x2: x2.max(x),
                size,
                text,
            });
        }
    };
    let mut glyphs = 0usize;
    for item in items {
        match item {
            Object::String(s) => match &gs.font {
                Some(font) => {
                    for code in s.chunks(font.code_bytes()) {
                        glyphs += 1;
                        let begin = *tm;
                        let advance = font.advance(code, size, gs.tc, gs.tw);
                        *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance * th, 0.0], tm);
                        place(font.decoder.decode(code), &begin, tm);
                    }
                }
                None => {
                    for b in s {
                        glyphs += 1;
                        let begin = *tm;
                        let text = char::from(*b).to_string();
                        let advance = font::estimate(&text) * size;
                        *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance * th, 0.0], tm);
                        place(text, &begin, tm);
                    }
                }
            },
            Object::Int(_) | Object::Real(_) => {
                let shift = -item.number() / 1000.0 * size;
                *tm = mul(&[1.0, 0.0, 0.0, 1.0, shift * th, 0.0], tm);
            }
            _ => {}
        }
    }
    glyphs
}

/// Two glyphs on one line further apart than this many font sizes are
/// separate runs (two cells, or words set wide apart).
const JOIN_GAP: f32 = 0.8;

/// Most vertical rules looked at between two glyphs; more is a wall.
const MAX_WALLS_BETWEEN: usize = 64;

/// A run kept without the spaces it ends in (their width included).
fn push_run(out: &mut Vec<Frag>, mut run: Frag) {
    let kept = run.text.trim_end().len();
    run.text.truncate(kept);
    if !run.text.is_empty() {
        out.push(run);
    }
}

/// The glyphs of a page joined into runs: line by line (baselines within
/// half a font size), in order of position, a glyph joining the run
/// before it when it starts within [`JOIN_GAP`] font sizes of that run's
/// end and no vertical rule stands between them. A glyph drawn twice at
/// almost the same place (a simulated bold) is kept once.
fn join_runs(frags: &[Frag], rules: &[Rule]) -> Vec<Frag> {
    let mut walls: Vec<(f32, f32, f32)> = rules
        .iter()
        .filter(|r| page::is_vertical(r))
        .map(|r| (r.x1, r.y1.min(r.y2), r.y1.max(r.y2)))
        .collect();
    walls.sort_by(|a, b| a.0.total_cmp(&b.0));
    let wall_between = |from: f32, to: f32, y: f32| {
        let i = walls.partition_point(|w| w.0 < from);
        walls[i..]
            .iter()
            .take_while(|w| w.0 <= to)
            .take(MAX_WALLS_BETWEEN)
            .enumerate()
            .any(|(k, w)| k + 1 == MAX_WALLS_BETWEEN || (w.1 <= y + 1.0 && w.2 >= y - 1.0))
    };
    let refs: Vec<&Frag> = frags.iter().collect();
    let mut out: Vec<Frag> = Vec::new();
    for line in page::lines(&refs) {
        let mut run: Option<Frag> = None;
        let mut last: Option<&Frag> = None;
        for f in line {
            let blank = f.text.trim().is_empty();
            if blank && run.is_none() {
                continue;
            }
            if let (Some(r), Some(l)) = (&mut run, last) {
                let em = r.size.max(f.size).max(0.01);
                if l.text == f.text && (f.x - l.x).abs() < 0.2 * em {
                    continue;
                }
                let gap = f.x - r.x2;
                let mid = f.y + f.size * 0.3;
                // A rule between them, under the last glyph, or just
                // before this one: a full stop may hang past its cell's
                // wall, a line may run over into the next cell.
                let from = (r.x2 - em).min(f.x - em) + 0.5;
                if gap <= em * JOIN_GAP && !wall_between(from, f.x + 0.5, mid) {
                    // A space where letters stand apart without a space
                    // glyph between them, none beside Chinese.
                    let wide = |c: Option<char>| c.is_some_and(|c| c >= '\u{2E80}' || c == ' ');
                    if gap > em * page::WORD_GAP
                        && !f.text.starts_with(' ')
                        && !wide(r.text.chars().last())
                        && !wide(f.text.chars().next())
                    {
                        r.text.push(' ');
                        r.text.push_str(&f.text);
                    } else {
                        r.text.push_str(&f.text);
                    }
                    r.x2 = r.x2.max(f.x2);
                    last = Some(f);
                    continue;
                }
            }
            if let Some(r) = run.take() {
                push_run(&mut out, r);
            }
            if blank {
                last = None;
                continue;
            }
            run = Some(f.clone());
            last = Some(f);
        }
        if let Some(r) = run {
            push_run(&mut out, r);
        }
    }
    out
}

/// What one page draws: its text runs and ruling lines.
#[derive(Default)]
struct Canvas {
    frags: Vec<Frag>,
    rules: Vec<Rule>,
}

impl Canvas {
    fn rule(&mut self, r: Rule) {
        if self.rules.len() < MAX_RULES && [r.x1, r.y1, r.x2, r.y2].iter().all(|v| v.is_finite()) {
            self.rules.push(r);
        }
    }
}

/// The decoders of one resource dictionary's fonts, by resource name.
type Fonts = Rc<HashMap<Vec<u8>, Rc<Font>>>;

/// Reads pages, keeping each font's decoder once however many pages use it.
struct Painter<'d> {
    doc: &'d Document,
    decoders: HashMap<u32, Rc<Font>>,
    /// Fonts by resource dictionary (its address: the document does not
    /// move while pages are read).
    fonts: HashMap<*const Dict, Fonts>,
    /// Forms drawn on the current page.
    forms_drawn: usize,
}

impl<'d> Painter<'d> {
    fn new(doc: &'d Document) -> Self {
        Painter {
            doc,
            decoders: HashMap::new(),
            fonts: HashMap::new(),
            forms_drawn: 0,
        }
    }

    /// The decoders of the fonts in `resources`, by resource name.
    fn fonts(
        &mut self,
        resources: Option<&'d Dict>,
        budget: &mut Budget,
    ) -> Result<Fonts, ImportError> {
        let key: *const Dict = resources.map_or(std::ptr::null(), |r| r);
        if let Some(known) = self.fonts.get(&key) {
            return Ok(known.clone());
        }
        let fonts = Rc::new(self.read_fonts(resources, budget)?);
        self.fonts.insert(key, fonts.clone());
        Ok(fonts)
    }

    fn read_fonts(
        &mut self,
        resources: Option<&'d Dict>,
        budget: &mut Budget,
    ) -> Result<HashMap<Vec<u8>, Rc<Font>>, ImportError> {
        let mut fonts = HashMap::new();
        let Some(Object::Dict(font_dict)) = resources.and_then(|r| self.doc.get(r, b"Font")) else {
            return Ok(fonts);
        };
        for (name, value) in &font_dict.0 {
            let number = match value {
                Object::Ref(n, _) => Some(*n),
                _ => None,
            };
            if let Some(known) = number.and_then(|n| self.decoders.get(&n)) {
                fonts.insert(name.clone(), known.clone());
                continue;
            }
            let Some(dict) = self.doc.resolve(value).as_dict() else {
                continue;
            };
            let decoder = Rc::new(Font::of_font(self.doc, dict, budget)?);
            if let Some(n) = number {
                self.decoders.insert(n, decoder.clone());
            }
            fonts.insert(name.clone(), decoder);
        }
        Ok(fonts)
    }

    /// A page's (or form's) content streams, concatenated.
    fn content(&self, contents: &Object, budget: &mut Budget) -> Result<Vec<u8>, ImportError> {
        let parts: Vec<&Object> = match self.doc.resolve(contents) {
            Object::Array(items) => items.iter().collect(),
            _ => vec![contents],
        };
        let mut data = Vec::new();
        let max = budget.limits().max_part_bytes;
        for part in parts {
            if let Some(bytes) = self.doc.stream_data(part, budget)? {
                data.extend_from_slice(&bytes);
                data.push(b'\n');
                // The same stream listed many times is still one page.
                if data.len() as u64 > max {
                    return Err(ImportError::TooLarge(Limit::PartBytes(max)));
                }
            }
        }
        Ok(data)
    }

    /// Draws `data` onto `canvas`, starting from `ctm`.
    fn paint(
        &mut self,
        data: &[u8],
        resources: Option<&'d Dict>,
        ctm: Matrix,
        depth: usize,
        canvas: &mut Canvas,
        budget: &mut Budget,
    ) -> Result<(), ImportError> {
        let fonts = self.fonts(resources, budget)?;
        let mut gs = GState {
            ctm,
            ..GState::default()
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut unsaved = 0usize;
        let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
        let mut point = (0.0f32, 0.0f32);
        let mut start = (0.0f32, 0.0f32);
        // The segments of the path being built: ruling lines once painted,
        // nothing when only used to clip (`re W n`).
        let mut path: Vec<Rule> = Vec::new();
        content::operations(data, budget, |operator, o, budget| {
            let n = |i: usize| o.get(i).map_or(0.0, Object::number);
            let mut segment = |r: Rule| {
                if path.len() < MAX_RULES {
                    path.push(r);
                }
            };
            match operator {
                b"q" => {
                    if stack.len() < MAX_SAVES {
                        stack.push(gs.clone());
                    } else {
                        unsaved += 1;
                    }
                }
                b"Q" => {
                    if unsaved > 0 {
                        unsaved -= 1;
                    } else if let Some(saved) = stack.pop() {
                        gs = saved;
                    }
                }
                b"cm" if o.len() == 6 => gs.ctm = mul(&matrix(o), &gs.ctm),
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tf" if o.len() == 2 => {
                    gs.font = o[0].as_name().and_then(|name| fonts.get(name)).cloned();
                    gs.size = n(1);
                }
                b"Tc" if !o.is_empty() => gs.tc = n(0),
                b"Tw" if !o.is_empty() => gs.tw = n(0),
                b"Tz" if !o.is_empty() => gs.tz = n(0) / 100.0,
                b"TL" if !o.is_empty() => gs.leading = n(0),
                b"Td" | b"TD" if o.len() == 2 => {
                    let (tx, ty) = (n(0), n(1));
                    if operator == b"TD" {
                        gs.leading = -ty;
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                    tm = tlm;
                }
                b"Tm" if o.len() == 6 => {
                    tlm = matrix(o);
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    budget.glyphs(1)?;
                    if operator == b"\"" && o.len() == 3 {
                        gs.tw = n(0);
                        gs.tc = n(1);
                    }
                    if matches!(operator, b"'" | b"\"") {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    let items: &[Object] = match (operator, o.last()) {
                        (b"TJ", Some(Object::Array(items))) => items,
                        (_, Some(s @ Object::String(_))) => std::slice::from_ref(s),
                        _ => &[],
                    };
                    let placed = show(&gs, &mut tm, items, canvas);
                    budget.glyphs(placed)?;
                }
                b"g" | b"rg" | b"k" => gs.fill_white = is_white(o),
                b"G" | b"RG" | b"K" => gs.stroke_white = is_white(o),
                b"m" if o.len() == 2 => {
                    point = apply(&gs.ctm, n(0), n(1));
                    start = point;
                }
                b"l" if o.len() == 2 => {
                    let to = apply(&gs.ctm, n(0), n(1));
                    segment(Rule {
                        x1: point.0,
                        y1: point.1,
                        x2: to.0,
                        y2: to.1,
                    });
                    point = to;
                }
                b"c" | b"v" | b"y" if o.len() >= 4 => {
                    point = apply(&gs.ctm, n(o.len() - 2), n(o.len() - 1));
                }
                b"h" => {
                    segment(Rule {
                        x1: point.0,
                        y1: point.1,
                        x2: start.0,
                        y2: start.1,
                    });
                    point = start;
                }
                b"re" if o.len() == 4 => {
                    let (x, y) = apply(&gs.ctm, n(0), n(1));
                    let (x2, y2) = apply(&gs.ctm, n(0) + n(2), n(1) + n(3));
                    let (w, h) = ((x2 - x).abs(), (y2 - y).abs());
                    if w < 2.5 {
                        segment(Rule {
                            x1: (x + x2) / 2.0,
                            y1: y,
                            x2: (x + x2) / 2.0,
                            y2,
                        });
                    } else if h < 2.5 {
                        segment(Rule {
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
                            segment(r);
                        }
                    }
                    point = (x, y);
                    start = point;
                }
                // Painting: the path's segments are ruling lines unless
                // painted white (a background, not a border).
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    let stroked = matches!(operator, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                    let filled = !matches!(operator, b"S" | b"s");
                    let visible = (stroked && !gs.stroke_white) || (filled && !gs.fill_white);
                    for r in path.drain(..) {
                        if visible {
                            canvas.rule(r);
                        }
                    }
                }
                b"n" => path.clear(),
                b"Do" if !o.is_empty() && depth < MAX_FORM_DEPTH => {
                    if let Some(name) = o[0].as_name() {
                        self.form(name, resources, gs.ctm, depth, canvas, budget)?;
                    }
                }
                _ => {}
            }
            Ok(())
        })
    }

    /// Draws the form XObject `name` of `resources`, if it is one.
    fn form(
        &mut self,
        name: &[u8],
        resources: Option<&'d Dict>,
        ctm: Matrix,
        depth: usize,
        canvas: &mut Canvas,
        budget: &mut Budget,
    ) -> Result<(), ImportError> {
        if self.forms_drawn >= MAX_FORMS_DRAWN {
            return Ok(());
        }
        let doc = self.doc;
        let Some(Object::Dict(xobjects)) = resources.and_then(|r| doc.get(r, b"XObject")) else {
            return Ok(());
        };
        let Some(form @ Object::Stream(stream)) = doc.get(xobjects, name) else {
            return Ok(());
        };
        if doc.get(&stream.dict, b"Subtype").and_then(Object::as_name) != Some(b"Form") {
            return Ok(());
        }
        self.forms_drawn += 1;
        budget.depth(depth.saturating_add(1))?;
        budget.time()?;
        let Some(data) = doc.stream_data(form, budget)? else {
            return Ok(());
        };
        let form_matrix = match doc.get(&stream.dict, b"Matrix") {
            Some(Object::Array(m)) if m.len() == 6 => matrix(m),
            _ => IDENTITY,
        };
        let own = doc
            .get(&stream.dict, b"Resources")
            .and_then(Object::as_dict)
            .or(resources);
        self.paint(
            &data,
            own,
            mul(&form_matrix, &ctm),
            depth + 1,
            canvas,
            budget,
        )
    }
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

/// The columns of a self-check table: (left, right, role), left to right;
/// whether their bounds are the table's vertical rules.
#[derive(Clone, Debug)]
struct Layout {
    columns: Vec<(f32, f32, Column)>,
    ruled: bool,
}

impl Layout {
    /// Whether a page's vertical rules draw these columns (every bound), so
    /// that a page without a header row goes on with them: another table
    /// after the self-check table does not.
    fn drawn_by(&self, rules: &[Rule]) -> bool {
        if !self.ruled {
            return true;
        }
        let mut walls: Vec<f32> = rules
            .iter()
            .filter(|r| page::is_vertical(r))
            .map(|r| r.x1)
            .collect();
        walls.sort_by(f32::total_cmp);
        let near = |x: f32| {
            let i = walls.partition_point(|w| *w < x - 2.0);
            walls.get(i).is_some_and(|w| *w <= x + 2.0)
        };
        let mut bounds: Vec<f32> = self.columns.iter().map(|c| c.0).collect();
        bounds.extend(self.columns.last().map(|c| c.1));
        bounds.iter().all(|x| near(*x))
    }
}

/// One page's table: the column of each role and the rows, as lines per cell.
struct PageTable {
    /// (role, lines) per row.
    rows: Vec<Vec<(Column, Vec<String>)>>,
    title: Option<String>,
    columns: Vec<String>,
    layout: Layout,
    /// The page has no header row: the columns are the last header's.
    carried: bool,
}

/// The header row of a page: the columns, the names, and where it lies
/// (its lowest baseline, the top of its highest run).
fn find_header(frags: &[Frag], rules: &[Rule]) -> Option<(Layout, Vec<String>, f32, f32)> {
    // Header cells are short: a title that says 完成情况 is not one.
    let headers: Vec<(&Frag, Column)> = frags
        .iter()
        .filter(|f| f.text.trim().chars().count() <= 14)
        .filter_map(|f| grid::column_of(&f.text).map(|c| (f, c)))
        .take(MAX_HEADER_CANDIDATES)
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
    let xs = page::columns_at(rules, header_low + content.0.size * 0.3);
    let width_of = |f: &Frag| f.x2 - f.x;
    let ruled = xs.len() > heads.len();
    let columns: Vec<(f32, f32, Column)> = if ruled {
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
    let names = heads.iter().map(|(f, _)| f.text.clone()).collect();
    Some((Layout { columns, ruled }, names, header_low, header_top))
}

/// The rows of a page's self-check table: under its header row, or, on a
/// page without one, with the columns `carried` over from the last header
/// (when the page's rules still draw them).
fn read_page(frags: &[Frag], rules: &[Rule], carried: Option<&Layout>) -> Option<PageTable> {
    let (layout, columns, header_low, header_top, is_carried) = match find_header(frags, rules) {
        Some((layout, names, low, top)) => (layout, names, low, top, false),
        None => {
            let layout = carried.filter(|l| l.drawn_by(rules))?.clone();
            (layout, Vec::new(), f32::MAX, f32::MAX, true)
        }
    };
    let column_at = |x: f32| {
        layout
            .columns
            .iter()
            .find(|(a, b, _)| x >= *a - 1.0 && x < *b)
            .map(|(_, _, c)| *c)
    };
    let table_left = layout.columns.first().map_or(f32::MIN, |c| c.0);
    let table_right = layout.columns.last().map_or(f32::MAX, |c| c.1);
    // Row boundaries from horizontal rules below the header.
    let horizontals: Vec<f32> = rules
        .iter()
        .filter(|r| {
            page::is_horizontal(r)
                && (r.x2 - r.x1).abs() > 20.0
                && r.y1 < header_low
                && r.x1.max(r.x2) > table_left
                && r.x1.min(r.x2) < table_right
        })
        .map(|r| r.y1)
        .collect();
    let mut ys = cluster(horizontals, 1.5);
    ys.reverse(); // top first
                  // Lines that read as a page number (`— 1 —`, often three runs).
                  // Found through the frags sorted by height, so a page of many runs
                  // stays fast; a line of many runs, or a page of many such lines, is
                  // not page numbering.
    let mut by_height: Vec<usize> = (0..frags.len()).collect();
    by_height.sort_by(|a, b| frags[*a].y.total_cmp(&frags[*b].y));
    let mut footer_lines: Vec<f32> = Vec::new();
    for f in frags {
        if footer_lines.len() >= MAX_FOOTER_LINES {
            break;
        }
        if footer_lines.iter().any(|y| (f.y - y).abs() < 2.0) {
            continue;
        }
        let from = by_height.partition_point(|i| frags[*i].y <= f.y - 2.0);
        let to = by_height.partition_point(|i| frags[*i].y < f.y + 2.0);
        let Some(window) = by_height
            .get(from..to)
            .filter(|w| w.len() <= MAX_FOOTER_RUNS)
        else {
            continue;
        };
        let mut window = window.to_vec();
        window.sort_unstable();
        let mut same: Vec<&Frag> = window.iter().map(|i| &frags[*i]).collect();
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
    // Top to bottom, left to right, line by line: each band is then one slice.
    let body: Vec<&Frag> = page::lines(&body).into_iter().flatten().collect();
    let bottom = ys.last().copied().unwrap_or(f32::MIN);
    let mut bands: Vec<(f32, f32)> = if ys.len() >= 2 {
        ys.windows(2).map(|w| (w[0], w[1])).collect()
    } else {
        vec![(header_low, bottom)]
    };
    // A row the page break cuts has no rule under it (or, on the next
    // page, above it): the column walls go on past the last row line.
    if ys.len() >= 2 {
        let (top, low) = (ys[0], ys[ys.len() - 1]);
        let (high, deep) = rules
            .iter()
            .filter(|r| page::is_vertical(r) && r.x1 > table_left - 2.0 && r.x1 < table_right + 2.0)
            .filter(|r| r.y1.max(r.y2) < header_low)
            .fold((f32::MIN, f32::MAX), |(h, d), r| {
                (h.max(r.y1.max(r.y2)), d.min(r.y1.min(r.y2)))
            });
        if deep < low - 2.0 {
            bands.push((low, deep - 1.0));
        }
        if is_carried && high > top + 2.0 {
            bands.insert(0, (high + 1.0, top));
        }
    }
    let mut rows = Vec::new();
    for (top, low) in bands {
        let mut cells: Vec<(Column, Vec<String>)> = Vec::new();
        let from = body.partition_point(|f| f.y + f.size * 0.3 >= top);
        let to = body.partition_point(|f| f.y + f.size * 0.3 > low);
        for f in body.get(from..to).unwrap_or(&[]) {
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
    let title_frags: Vec<&Frag> = frags
        .iter()
        .filter(|f| !is_carried && f.y > header_top)
        .collect();
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
        columns,
        layout,
        carried: is_carried,
    })
}

/// Page numbers as ranges: `2–5、7`.
fn page_ranges(pages: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        out.push(if j > i {
            format!("{}–{}", pages[i], pages[j])
        } else {
            pages[i].to_string()
        });
        i = j + 1;
    }
    out.join("、")
}

/// Whether a line of a cell starts a numbered item: `3.` followed by
/// anything but a digit (`3.45万次` is a figure wrapped to the line's
/// start), `3、`, `（3）`, `一、`.
fn starts_item(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let mut rest = t[digits..].chars();
        return match rest.next() {
            Some('、') => true,
            Some('.' | '．') => !rest.next().is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
    }
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let n = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
            .count();
        return (1..=4).contains(&n) && rest.chars().nth(n).is_some_and(|c| c == '）' || c == ')');
    }
    let n = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    (1..=3).contains(&n) && t.chars().nth(n) == Some('、')
}

/// The lines of a cell as its paragraphs: a line wrapped from the one
/// above joins it, a numbered item starts a new one.
fn paragraphs(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match out.last_mut() {
            // Joined as written, with no space: a Chinese line wraps
            // anywhere, between the letters of `APP` or `6G` too.
            Some(p) if !starts_item(line) => p.push_str(line),
            _ => out.push(line.to_string()),
        }
    }
    out
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

/// Reads a PDF's table within `budget`: the self-check table when a page has
/// its header, else the text of every page rendered line by line.
#[cfg(test)]
pub fn read(bytes: &[u8], budget: &mut Budget) -> Result<grid::Read, ImportError> {
    read_with_warnings(bytes, budget).map(|(read, _)| read)
}

/// [`read`], with what the reader noticed: pages read with the columns of
/// an earlier page's header row.
pub fn read_with_warnings(
    bytes: &[u8],
    budget: &mut Budget,
) -> Result<(grid::Read, Vec<Diagnostic>), ImportError> {
    let doc = Document::load(bytes, budget)?;
    let mut painter = Painter::new(&doc);
    let mut parsed = grid::Parsed::default();
    let mut found = false;
    let mut text_seen = false;
    let mut rendering = Rendering::default();
    let mut flow = page::Flow::default();
    let mut layout: Option<Layout> = None;
    let mut warnings = Vec::new();
    // Pages read with the columns of an earlier page's header row.
    let mut carried: Vec<usize> = Vec::new();
    for (n, page) in doc.pages(budget)?.into_iter().enumerate() {
        budget.time()?;
        let mut canvas = Canvas::default();
        painter.forms_drawn = 0;
        if let Some(contents) = page.contents {
            let data = painter.content(contents, budget)?;
            painter.paint(&data, page.resources, IDENTITY, 0, &mut canvas, budget)?;
        }
        // The glyphs are dropped once joined: only the runs are kept.
        let frags = join_runs(&std::mem::take(&mut canvas.frags), &canvas.rules);
        text_seen |= !frags.is_empty();
        if !found {
            page::render(&frags, &canvas.rules, &mut rendering, &mut flow);
        }
        let Some(t) = read_page(&frags, &canvas.rules, layout.as_ref()) else {
            continue;
        };
        budget.rows(t.rows.len())?;
        budget.cells(t.rows.iter().map(Vec::len).sum())?;
        if t.carried && !t.rows.is_empty() {
            carried.push(n + 1);
        }
        if !found {
            parsed.title = t.title.clone();
            parsed.columns = t.columns.clone();
            found = true;
        }
        layout = Some(t.layout);
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
        flow.finish(&mut rendering);
        let rendering = rendering.finish();
        if text_seen && !rendering.trim().is_empty() {
            return Ok((grid::Read::Text(rendering), warnings));
        }
        return Err(ImportError::NoTable(
            "PDF",
            "文件里没有文字（可能是扫描件，需要先做文字识别）".into(),
        ));
    }
    if !carried.is_empty() {
        warnings.push(Diagnostic::general(format!(
            "PDF 第 {} 页没有表头行，按前面页的表头分栏读取，请核对这些页的各列",
            page_ranges(&carried)
        )));
    }
    for row in &mut parsed.rows {
        for cell in [&mut row.content, &mut row.status, &mut row.problems] {
            *cell = paragraphs(std::mem::take(cell));
        }
    }
    Ok((grid::Read::Table(parsed), warnings))
}

#[cfg(test)]
mod tests;
