//! The table as a PDF: A4 landscape, text embedded as text (a subset of a
//! CJK font, with a ToUnicode map so it can be selected and searched), the
//! header row repeated on every page, rows split across pages when they must
//! be, page numbers at the foot.
//!
//! The font's bytes are passed in: finding one on the machine is the
//! caller's job ([`FONT_CANDIDATES`]), so this module stays free of IO.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;

use crate::{dimension_runs, verification_lines, Document, Options, COLUMNS, VERIFICATION_COLUMN};

/// Where CJK fonts usually are on Linux, best first (仿宋 when installed,
/// then Noto Serif/Sans CJK, then WenQuanYi and AR PL).
pub const FONT_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/truetype/fangsong/simfang.ttf",
    "/usr/share/fonts/truetype/simfang.ttf",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
];

/// What to tell a user whose machine has no CJK font.
pub const NO_FONT_HELP: &str = "没有找到中文字体，PDF 未生成。请安装中文字体（Debian/Ubuntu：apt install fonts-noto-cjk；麒麟/统信：安装“思源宋体”或“仿宋”），或用 --font 指定字体文件（.ttf/.otf/.ttc）";

/// Why a PDF could not be made.
#[derive(Debug)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PdfError {}

const PAGE_W: f32 = 841.89;
const PAGE_H: f32 = 595.28;
const MARGIN_X: f32 = 42.0;
const MARGIN_TOP: f32 = 48.0;
const MARGIN_BOTTOM: f32 = 48.0;
const BODY: f32 = 10.5;
const LINE: f32 = 15.0;
const PAD: f32 = 4.0;
const TITLE: f32 = 18.0;

/// The face of a collection whose name says Simplified Chinese, else the first.
fn pick_face(data: &[u8]) -> Result<(u32, ttf_parser::Face<'_>), PdfError> {
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let mut first = None;
    for i in 0..count {
        let Ok(face) = ttf_parser::Face::parse(data, i) else {
            continue;
        };
        let sc = face.names().into_iter().any(|n| {
            n.to_string()
                .is_some_and(|s| s.contains(" SC") || s.contains("简") || s.contains("GB"))
        });
        if sc {
            return Ok((i, face));
        }
        if first.is_none() {
            first = Some((i, face));
        }
    }
    first.ok_or_else(|| PdfError("字体文件无法读取（不是 TrueType/OpenType 字体）".into()))
}

struct Font<'a> {
    face: ttf_parser::Face<'a>,
    scale: f32,
}

impl Font<'_> {
    fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }

    /// Advance of a glyph in thousandths of the font size.
    fn advance(&self, gid: u16) -> f32 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .map_or(1000.0, |a| f32::from(a) * self.scale)
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }
}

/// Chinese line-breaking: these never start a line.
fn closing(c: char) -> bool {
    "，。、；：？！）》」』】〕”’…%,.;:?!)".contains(c)
}

/// … and these never end one.
fn opening(c: char) -> bool {
    "（《「『【〔“‘(".contains(c)
}

/// Breaks a paragraph into lines no wider than `width`.
fn wrap(font: &Font<'_>, text: &str, width: f32, size: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = font.advance(font.glyph(c)) * size / 1000.0;
        if w + cw > width && !line.is_empty() && !closing(c) {
            // An opening bracket or quote moves down with what it opens.
            let carried = match line.chars().last() {
                Some(last) if opening(last) && line.chars().count() > 1 => line.pop(),
                _ => None,
            };
            lines.push(std::mem::take(&mut line));
            w = 0.0;
            if let Some(o) = carried {
                w += font.advance(font.glyph(o)) * size / 1000.0;
                line.push(o);
            }
        }
        line.push(c);
        w += cw;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// One page's drawing commands and its page number.
struct PageOut {
    content: Content,
}

struct Writer<'a> {
    font: &'a Font<'a>,
    remap: GlyphRemapper,
    used: Vec<(u16, char)>,
}

impl Writer<'_> {
    /// Draws one line of text at (x, y) (baseline).
    fn text(&mut self, content: &mut Content, x: f32, y: f32, size: f32, text: &str) {
        let mut bytes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let old = self.font.glyph(c);
            let new = self.remap.remap(old);
            if !self.used.iter().any(|(g, _)| *g == new) {
                self.used.push((new, c));
            }
            bytes.extend_from_slice(&new.to_be_bytes());
        }
        content
            .begin_text()
            .set_font(Name(b"F1"), size)
            .set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y])
            .show(Str(&bytes))
            .end_text();
    }
}

fn line(content: &mut Content, x1: f32, y1: f32, x2: f32, y2: f32) {
    content.move_to(x1, y1).line_to(x2, y2).stroke();
}

/// The whole PDF, with `font_data` (a .ttf, .otf or .ttc) embedded as a subset.
pub fn pdf(doc: &Document, options: &Options, font_data: &[u8]) -> Result<Vec<u8>, PdfError> {
    let (index, face) = pick_face(font_data)?;
    if face.glyph_index('中').is_none() {
        return Err(PdfError(format!("字体没有中文字形。{NO_FONT_HELP}")));
    }
    let scale = 1000.0 / f32::from(face.units_per_em());
    let is_cff = face.tables().cff.is_some();
    let ascent = f32::from(face.ascender()) * scale;
    let descent = f32::from(face.descender()) * scale;
    let cap = face
        .capital_height()
        .map_or(ascent, |h| f32::from(h) * scale);
    let bbox = face.global_bounding_box();
    let font = Font { face, scale };
    let mut w = Writer {
        font: &font,
        remap: GlyphRemapper::new(),
        used: Vec::new(),
    };

    // What to draw: lines before, grids, lines after. A self-check table is
    // one grid with its dimension merged; a family document its layout.
    let (before, blocks, after) = blocks_of(doc, options);
    let total = PAGE_W - 2.0 * MARGIN_X;
    let mut pages: Vec<PageOut> = Vec::new();
    let header_h = LINE + 2.0 * PAD;
    // Starts a page: the title on the first, then the block's header row
    // (none between blocks, `header` empty); returns where rows start.
    let new_page =
        |pages: &mut Vec<PageOut>, w: &mut Writer<'_>, first: bool, block: Option<&Block>| -> f32 {
            let mut content = Content::new();
            content.set_line_width(0.6);
            let mut y = PAGE_H - MARGIN_TOP;
            if first {
                let tw = font.width(&doc.title, TITLE).min(PAGE_W - 2.0 * MARGIN_X);
                w.text(
                    &mut content,
                    (PAGE_W - tw) / 2.0,
                    y - TITLE,
                    TITLE,
                    &doc.title,
                );
                y -= TITLE + 18.0;
            }
            pages.push(PageOut { content });
            match block {
                Some(b) => {
                    let page = pages.last_mut().map(|p| &mut p.content).expect("a page");
                    header_row(page, w, &font, b, y, header_h)
                }
                None => y,
            }
        };
    let mut y = new_page(&mut pages, &mut w, true, None);
    // A line of text outside the grids, on a new page when the page is full.
    let text_line = |pages: &mut Vec<PageOut>, w: &mut Writer<'_>, y: &mut f32, text: &str| {
        for l in wrap(&font, text, total, BODY) {
            if *y - LINE < MARGIN_BOTTOM {
                *y = new_page(pages, w, false, None);
            }
            let page = pages.last_mut().map(|p| &mut p.content).expect("a page");
            w.text(page, MARGIN_X, *y - LINE + 4.0, BODY, &l);
            *y -= LINE;
        }
    };
    for l in &before {
        text_line(&mut pages, &mut w, &mut y, l);
    }
    for (b, block) in blocks.iter().enumerate() {
        if b > 0 || !before.is_empty() {
            y -= LINE / 2.0;
        }
        if let Some(c) = &block.caption {
            text_line(&mut pages, &mut w, &mut y, c);
        }
        // The header, with room for a row under it, else on a new page.
        if y - header_h - 3.0 * LINE < MARGIN_BOTTOM {
            y = new_page(&mut pages, &mut w, false, Some(block));
        } else {
            let page = pages.last_mut().map(|p| &mut p.content).expect("a page");
            y = header_row(page, &mut w, &font, block, y, header_h);
        }
        let xs = &block.xs;
        let widths = &block.widths;
        let mut page_start = y;
        // Every row's cells as wrapped lines.
        let rows: Vec<Vec<Vec<String>>> = block
            .rows
            .iter()
            .map(|cells| {
                cells
                    .iter()
                    .zip(widths)
                    .map(|(paras, cw)| {
                        paras
                            .iter()
                            .flat_map(|p| wrap(&font, p, cw - 2.0 * PAD, BODY))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        for (i, cells) in rows.iter().enumerate() {
            let first_of_run = |c: usize| block.runs[c].iter().any(|(s, _)| *s == i);
            let last_of_run = |c: usize| block.runs[c].iter().any(|(s, n)| s + n - 1 == i);
            let mut offset = 0usize; // lines of this row already drawn
            let height_lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let mut first_fragment = true;
            while offset < height_lines {
                let room = ((y - MARGIN_BOTTOM - 2.0 * PAD) / LINE).floor().max(0.0) as usize;
                let rest = height_lines - offset;
                // Start on a new page rather than leave one or two lines behind.
                if room < rest.min(3) {
                    y = new_page(&mut pages, &mut w, false, Some(block));
                    page_start = y;
                    continue;
                }
                let take = rest.min(room);
                let h = take as f32 * LINE + 2.0 * PAD;
                let page = pages.last_mut().map(|p| &mut p.content).expect("a page");
                let top = y;
                let bottom = y - h;
                for (c, lines) in cells.iter().enumerate() {
                    if c < block.merged {
                        // A merged cell: written where its run starts and
                        // where the run continues on a new page.
                        let show = (first_of_run(c) && first_fragment) || top == page_start;
                        if show {
                            for (k, l) in lines.iter().enumerate() {
                                let lw = font.width(l, BODY);
                                w.text(
                                    page,
                                    xs[c] + (widths[c] - lw) / 2.0,
                                    top - PAD - LINE * (k as f32 + 1.0) + 4.0,
                                    BODY,
                                    l,
                                );
                            }
                        }
                        continue;
                    }
                    for (k, l) in lines.iter().skip(offset).take(take).enumerate() {
                        w.text(
                            page,
                            xs[c] + PAD,
                            top - PAD - LINE * (k as f32 + 1.0) + 4.0,
                            BODY,
                            l,
                        );
                    }
                }
                for x in xs {
                    line(page, *x, top, *x, bottom);
                }
                let ends_row = offset + take >= height_lines;
                // A merged column is open between the rows of one run.
                let open = if ends_row {
                    (0..block.merged).take_while(|&c| !last_of_run(c)).count()
                } else {
                    0
                };
                line(page, xs[open], bottom, xs[xs.len() - 1], bottom);
                y = bottom;
                offset += take;
                first_fragment = false;
            }
        }
    }
    for l in &after {
        text_line(&mut pages, &mut w, &mut y, l);
    }

    // Page numbers: — n —
    let count = pages.len();
    for (n, p) in pages.iter_mut().enumerate() {
        let label = format!("— {} —", n + 1);
        let lw = font.width(&label, 9.0);
        w.text(
            &mut p.content,
            (PAGE_W - lw) / 2.0,
            MARGIN_BOTTOM / 2.0,
            9.0,
            &label,
        );
    }

    // The document.
    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut id = || {
        next += 1;
        Ref::new(next - 1)
    };
    let catalog = id();
    let tree = id();
    let type0 = id();
    let cid = id();
    let descriptor = id();
    let font_file = id();
    let cmap_id = id();
    let page_ids: Vec<(Ref, Ref)> = (0..count).map(|_| (id(), id())).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(count as i32);
    for ((page_id, content_id), page) in page_ids.iter().zip(pages) {
        let mut p = pdf.page(*page_id);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        p.parent(tree);
        p.contents(*content_id);
        p.resources().fonts().pair(Name(b"F1"), type0);
        p.finish();
        // Left uncompressed: no compressor needed, and the text operators
        // stay readable in tests.
        let data = page.content.finish();
        pdf.stream(*content_id, &data);
    }

    let subset = subsetter::subset(font_data, index, &w.remap)
        .map_err(|e| PdfError(format!("字体无法嵌入：{e:?}")))?;
    let base = format!("KAOHEA+{}", base_name(&font.face));
    pdf.type0_font(type0)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap_id);
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(if is_cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(Name(base.as_bytes()))
        .system_info(info)
        .font_descriptor(descriptor)
        .default_width(1000.0);
    if !is_cff {
        cid_font.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    let mut old_of_new: Vec<u16> = vec![0; usize::from(w.remap.num_gids())];
    for old in w.remap.remapped_gids() {
        if let Some(new) = w.remap.get(old) {
            old_of_new[usize::from(new)] = old;
        }
    }
    cid_font
        .widths()
        .consecutive(0, old_of_new.iter().map(|old| font.advance(*old)));
    cid_font.finish();
    pdf.font_descriptor(descriptor)
        .name(Name(base.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * scale,
            f32::from(bbox.y_min) * scale,
            f32::from(bbox.x_max) * scale,
            f32::from(bbox.y_max) * scale,
        ))
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(cap)
        .stem_v(80.0)
        .pair(
            Name(if is_cff {
                b"FontFile3".as_slice()
            } else {
                b"FontFile2".as_slice()
            }),
            font_file,
        );
    let mut stream = pdf.stream(font_file, &subset);
    if is_cff {
        stream.pair(Name(b"Subtype"), Name(b"OpenType"));
    }
    stream.finish();
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), info);
    for (g, c) in &w.used {
        cmap.pair(*g, *c);
    }
    let cmap_data = cmap.finish();
    pdf.cmap(cmap_id, &cmap_data);
    Ok(pdf.finish())
}

/// One grid to draw: its header, column widths and positions, rows of
/// cells (each its paragraphs), and the leading columns merged down.
struct Block {
    caption: Option<String>,
    header: Vec<String>,
    widths: Vec<f32>,
    xs: Vec<f32>,
    rows: Vec<Vec<Vec<String>>>,
    merged: usize,
    /// Per merged column, its runs as (first row, count).
    runs: Vec<Vec<(usize, usize)>>,
}

impl Block {
    fn new(
        caption: Option<String>,
        header: Vec<String>,
        parts: &[f32],
        rows: Vec<Vec<Vec<String>>>,
        merged: usize,
        runs: Vec<Vec<(usize, usize)>>,
    ) -> Block {
        let total = PAGE_W - 2.0 * MARGIN_X;
        let sum: f32 = parts.iter().sum();
        let widths: Vec<f32> = parts.iter().map(|p| total * p / sum).collect();
        let xs: Vec<f32> = std::iter::once(MARGIN_X)
            .chain(widths.iter().scan(MARGIN_X, |x, w| {
                *x += w;
                Some(*x)
            }))
            .collect();
        Block {
            caption,
            header,
            widths,
            xs,
            rows,
            merged,
            runs,
        }
    }
}

/// The lines before the grids, the grids and the lines after them.
fn blocks_of(doc: &Document, options: &Options) -> (Vec<String>, Vec<Block>, Vec<String>) {
    if let Some(family) = &doc.family {
        let l = crate::family::layout(family, options);
        let mut before = vec![l.subtitle.clone()];
        before.extend(l.notes.iter().cloned());
        let blocks = l
            .grids
            .iter()
            .map(|g| {
                let parts: Vec<f32> = g.widths.iter().map(|w| *w as f32).collect();
                let runs = (0..g.merged).map(|c| crate::family::runs(g, c)).collect();
                Block::new(
                    g.caption.clone(),
                    g.header.clone(),
                    &parts,
                    g.rows.clone(),
                    g.merged,
                    runs,
                )
            })
            .collect();
        return (before, blocks, l.footer);
    }
    // Columns in the reference proportions.
    let parts: &[f32] = if options.verification {
        &[1.0, 3.0, 4.5, 1.5, 2.5]
    } else {
        &[1.0, 3.0, 5.0, 1.5]
    };
    let mut headers: Vec<String> = COLUMNS.iter().map(|h| h.to_string()).collect();
    if options.verification {
        headers.push(VERIFICATION_COLUMN.to_string());
    }
    let rows = doc
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                vec![r.dimension.clone()],
                r.content.clone(),
                r.status.clone(),
                r.problems.clone(),
            ];
            if options.verification {
                cells.push(verification_lines(r));
            }
            cells
        })
        .collect();
    let runs = vec![dimension_runs(&doc.rows)];
    (
        Vec::new(),
        vec![Block::new(None, headers, parts, rows, 1, runs)],
        Vec::new(),
    )
}

/// Draws a block's header row from `y` down; returns its bottom.
fn header_row(
    content: &mut Content,
    w: &mut Writer<'_>,
    font: &Font<'_>,
    b: &Block,
    y: f32,
    header_h: f32,
) -> f32 {
    let xs = &b.xs;
    line(content, xs[0], y, xs[xs.len() - 1], y);
    for (i, h) in b.header.iter().enumerate() {
        let hw = font.width(h, BODY);
        let x = xs[i] + (b.widths[i] - hw) / 2.0;
        w.text(content, x, y - PAD - LINE + 4.0, BODY, h);
    }
    let bottom = y - header_h;
    for x in xs {
        line(content, *x, y, *x, bottom);
    }
    line(content, xs[0], bottom, xs[xs.len() - 1], bottom);
    bottom
}

/// The font's PostScript name, or a safe placeholder.
fn base_name(face: &ttf_parser::Face<'_>) -> String {
    face.names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .and_then(|n| n.to_string())
        .map(|s| {
            s.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect()
        })
        .filter(|s: &String| !s.is_empty())
        .unwrap_or_else(|| "CJK".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    /// A CJK font on this machine, if any (CI installs fonts-noto-cjk).
    fn font() -> Option<Vec<u8>> {
        FONT_CANDIDATES.iter().find_map(|p| std::fs::read(p).ok())
    }

    #[test]
    fn a_pdf_with_the_font_embedded_as_a_searchable_subset() {
        let Some(data) = font() else {
            eprintln!("no CJK font here: skipping");
            return;
        };
        let doc = sample::document();
        let bytes = pdf(&doc, &Options { verification: true }, &data).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/Identity-H") && text.contains("/ToUnicode"));
        assert!(
            text.contains("/FontFile2") || text.contains("/FontFile3"),
            "embedded"
        );
        assert!(bytes.len() < data.len() / 4, "a subset, not the whole font");
        assert!(
            text.contains("beginbfchar") || text.contains("beginbfrange"),
            "a ToUnicode map"
        );
    }

    #[test]
    fn lines_break_where_chinese_typesetting_allows() {
        let Some(data) = font() else {
            return;
        };
        let (_, face) = pick_face(&data).unwrap();
        let scale = 1000.0 / f32::from(face.units_per_em());
        let f = Font { face, scale };
        let lines = wrap(
            &f,
            "共投入保障力量7.8万人次，车辆装备7400台次。“四零目标”已实现。",
            60.0,
            10.5,
        );
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(!l.starts_with('，') && !l.starts_with('。'), "{lines:?}");
            assert!(!l.ends_with('“'), "{lines:?}");
        }
        assert_eq!(
            lines.concat(),
            "共投入保障力量7.8万人次，车辆装备7400台次。“四零目标”已实现。"
        );
    }

    #[test]
    fn a_font_without_chinese_is_refused_in_words() {
        let Ok(latin) = std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") else {
            return;
        };
        let err = pdf(&sample::document(), &Options::default(), &latin).unwrap_err();
        assert!(err.to_string().contains("中文"), "{err}");
        assert!(pdf(&sample::document(), &Options::default(), b"not a font").is_err());
    }
}
