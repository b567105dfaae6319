//! How a font's string bytes become text: its ToUnicode CMap when it has
//! one (what makes Chinese extractable; read here, since some writers'
//! maps are stricter than others accept), else its encoding.
//!
//! Simple fonts without a map use their base encoding (WinAnsi, MacRoman,
//! Standard) and /Differences with the common Latin glyph names; tables
//! with Chinese text carry ToUnicode in practice, so the rest is
//! approximate. A CID font without a map is decoded only when its encoding
//! is UCS-2/UTF-16; otherwise its text is skipped rather than guessed.

use std::collections::HashMap;

use super::file::Document;
use super::object::{Dict, Object};
use crate::{Budget, ImportError};

/// Most entries one ToUnicode map may hold (a full CJK font maps ~30,000).
const MAX_MAP_ENTRIES: usize = 1 << 17;

/// Most bytes of a ToUnicode map read.
const MAX_CMAP_BYTES: usize = 8 << 20;

/// Glyph widths of a font, in thousandths of the font size (glyph space
/// scaled by the font matrix): ranges of codes (simple fonts, by
/// `/FirstChar`) or of CIDs (`/W`), each one width or a list of widths.
/// Held as the ranges the file writes, never expanded, so a range claiming
/// four billion codes costs one entry.
#[derive(Debug, Default)]
pub struct Widths {
    /// (first, last, width, index of the first width in `list` or
    /// `usize::MAX` for one width for the whole range), sorted by first.
    ranges: Vec<(u32, u32, f32, usize)>,
    list: Vec<f32>,
}

impl Widths {
    fn push_list(&mut self, first: u32, widths: impl Iterator<Item = f32>) {
        let start = self.list.len();
        self.list.extend(widths);
        let n = self.list.len() - start;
        if n > 0 {
            let last = first.saturating_add(u32::try_from(n - 1).unwrap_or(u32::MAX));
            self.ranges.push((first, last, 0.0, start));
        }
    }

    fn finish(mut self) -> Option<Widths> {
        self.ranges.sort_by_key(|r| r.0);
        (!self.ranges.is_empty()).then_some(self)
    }

    /// The width of `code`, if the font gives it.
    pub fn get(&self, code: u32) -> Option<f32> {
        let i = self
            .ranges
            .partition_point(|r| r.0 <= code)
            .checked_sub(1)?;
        let (first, last, width, start) = self.ranges[i];
        if code > last {
            return None;
        }
        if start == usize::MAX {
            return Some(width);
        }
        self.list
            .get(start + usize::try_from(code - first).ok()?)
            .copied()
    }
}

/// A font as the painter uses it: how its codes become text, and how far
/// each glyph advances.
pub struct Font {
    pub decoder: Decoder,
    /// Bytes per character code: 1 for simple fonts, 2 for CID fonts.
    code_bytes: usize,
    widths: Option<Widths>,
    /// Width of a code the widths do not cover (`/MissingWidth`, `/DW`).
    missing: Option<f32>,
    /// Glyph space to text space (0.001, or a Type3 font's matrix).
    scale: f32,
}

impl Font {
    /// Bytes per character code (at least one).
    pub fn code_bytes(&self) -> usize {
        self.code_bytes.max(1)
    }

    /// The horizontal advance of a string, in text space before the
    /// horizontal scaling: glyph widths times `size`, plus the character
    /// spacing `tc` per code and the word spacing `tw` per single-byte
    /// space. Codes the font gives no width are estimated from their text
    /// (half a font size for ASCII, a full one otherwise).
    pub fn advance(&self, bytes: &[u8], size: f32, tc: f32, tw: f32) -> f32 {
        let step = self.code_bytes.max(1);
        let mut total = 0.0f32;
        for chunk in bytes.chunks(step) {
            let code = chunk.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
            let glyph = self
                .widths
                .as_ref()
                .and_then(|w| w.get(code))
                .or(self.missing)
                .map(|w| w * self.scale * size)
                .unwrap_or_else(|| estimate(&self.decoder.decode(chunk)) * size);
            total += glyph + tc;
            if step == 1 && chunk == [b' '] {
                total += tw;
            }
        }
        total
    }

    /// The font of a font dictionary.
    pub fn of_font(doc: &Document, font: &Dict, budget: &mut Budget) -> Result<Font, ImportError> {
        let decoder = Decoder::of_font(doc, font, budget)?;
        let number = |o: &Object| match doc.resolve(o) {
            Object::Int(i) => Some(*i as f32),
            Object::Real(r) => Some(*r as f32),
            _ => None,
        };
        let subtype = doc.get(font, b"Subtype").and_then(Object::as_name);
        if subtype == Some(b"Type0") {
            let descendant = match doc.get(font, b"DescendantFonts") {
                Some(Object::Array(items)) => items.first().and_then(|d| doc.resolve(d).as_dict()),
                _ => None,
            };
            let mut widths = Widths::default();
            let mut missing = None;
            if let Some(cid) = descendant {
                missing = Some(doc.get(cid, b"DW").and_then(number).unwrap_or(1000.0));
                if let Some(Object::Array(w)) = doc.get(cid, b"W") {
                    // `c [w1 w2 …]` and `c_first c_last w`.
                    let mut i = 0;
                    while i < w.len() {
                        let first = number(&w[i]).filter(|v| *v >= 0.0).map(|v| v as u32);
                        match (first, w.get(i + 1).map(|o| doc.resolve(o))) {
                            (Some(first), Some(Object::Array(list))) => {
                                widths.push_list(
                                    first,
                                    list.iter().map(|o| number(o).unwrap_or(0.0)),
                                );
                                i += 2;
                            }
                            (Some(first), Some(last)) => {
                                let last = number(last).filter(|v| *v >= 0.0).map(|v| v as u32);
                                let width = w.get(i + 2).and_then(number);
                                if let (Some(last), Some(width)) = (last, width) {
                                    if last >= first {
                                        widths.ranges.push((first, last, width, usize::MAX));
                                    }
                                }
                                i += 3;
                            }
                            _ => i += 1,
                        }
                    }
                }
            }
            return Ok(Font {
                decoder,
                code_bytes: 2,
                widths: widths.finish(),
                missing,
                scale: 0.001,
            });
        }
        let mut widths = Widths::default();
        if let (Some(Object::Array(list)), Some(first)) = (
            doc.get(font, b"Widths"),
            doc.get(font, b"FirstChar").and_then(number),
        ) {
            if first >= 0.0 {
                widths.push_list(first as u32, list.iter().map(|o| number(o).unwrap_or(0.0)));
            }
        }
        let missing = doc
            .get(font, b"FontDescriptor")
            .and_then(Object::as_dict)
            .and_then(|d| doc.get(d, b"MissingWidth"))
            .and_then(number)
            .filter(|w| *w > 0.0);
        let scale = match (subtype, doc.get(font, b"FontMatrix")) {
            (Some(b"Type3"), Some(Object::Array(m))) => m
                .first()
                .and_then(number)
                .filter(|s| s.is_finite() && *s > 0.0)
                .unwrap_or(0.001),
            _ => 0.001,
        };
        Ok(Font {
            decoder,
            code_bytes: 1,
            widths: widths.finish(),
            missing,
            scale,
        })
    }
}

/// A character as the one a Chinese text means where fonts draw both with
/// one glyph and writers that make the ToUnicode map from the font's own
/// map (Chromium's Skia) write the lowest of them: a radical for its
/// ideograph (`⽇常履职`, `部⻔`), and a few marks (`∕` for `／`, `〜`
/// for `～`, `〈〉` for `〈〉`, `‒` for `–`).
pub fn unify(c: char) -> char {
    match c {
        '\u{2215}' => '\u{FF0F}',
        '\u{301C}' => '\u{FF5E}',
        '\u{2329}' => '\u{3008}',
        '\u{232A}' => '\u{3009}',
        '\u{2012}' => '\u{2013}',
        '\u{2E80}'..='\u{2FDF}' => RADICALS
            .binary_search_by_key(&c, |(r, _)| *r)
            .map_or(c, |i| RADICALS[i].1),
        _ => c,
    }
}

/// Radicals (Kangxi Radicals, CJK Radicals Supplement) and the ideograph
/// a Simplified Chinese font draws with the same glyph, sorted.
const RADICALS: [(char, char); 285] = [
    ('⺂', '乛'),
    ('⺃', '乚'),
    ('⺅', '亻'),
    ('⺉', '刂'),
    ('⺎', '兀'),
    ('⺏', '尣'),
    ('⺐', '尢'),
    ('⺒', '巳'),
    ('⺓', '幺'),
    ('⺔', '彑'),
    ('⺕', '彐'),
    ('⺖', '忄'),
    ('⺘', '扌'),
    ('⺙', '攵'),
    ('⺛', '旡'),
    ('⺞', '歺'),
    ('⺟', '母'),
    ('⺠', '民'),
    ('⺡', '氵'),
    ('⺣', '灬'),
    ('⺦', '丬'),
    ('⺨', '犭'),
    ('⺫', '罒'),
    ('⺭', '礻'),
    ('⺯', '糹'),
    ('⺰', '纟'),
    ('⺱', '罓'),
    ('⺲', '罒'),
    ('⺹', '耂'),
    ('⺺', '肀'),
    ('⺾', '艹'),
    ('⻁', '虎'),
    ('⻂', '衤'),
    ('⻃', '覀'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻈', '讠'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻌', '辶'),
    ('⻐', '钅'),
    ('⻑', '長'),
    ('⻒', '镸'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻖', '阝'),
    ('⻘', '青'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻟', '飠'),
    ('⻠', '饣'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻫', '斉'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻯', '竜'),
    ('⻰', '龙'),
    ('⻱', '龜'),
    ('⻲', '亀'),
    ('⻳', '龟'),
    ('⼀', '一'),
    ('⼁', '丨'),
    ('⼂', '丶'),
    ('⼃', '丿'),
    ('⼄', '乙'),
    ('⼅', '亅'),
    ('⼆', '二'),
    ('⼇', '亠'),
    ('⼈', '人'),
    ('⼉', '儿'),
    ('⼊', '入'),
    ('⼋', '八'),
    ('⼌', '冂'),
    ('⼍', '冖'),
    ('⼎', '冫'),
    ('⼏', '几'),
    ('⼐', '凵'),
    ('⼑', '刀'),
    ('⼒', '力'),
    ('⼓', '勹'),
    ('⼔', '匕'),
    ('⼕', '匚'),
    ('⼖', '匸'),
    ('⼗', '十'),
    ('⼘', '卜'),
    ('⼙', '卩'),
    ('⼚', '厂'),
    ('⼛', '厶'),
    ('⼜', '又'),
    ('⼝', '口'),
    ('⼞', '囗'),
    ('⼟', '土'),
    ('⼠', '士'),
    ('⼡', '夂'),
    ('⼢', '夊'),
    ('⼣', '夕'),
    ('⼤', '大'),
    ('⼥', '女'),
    ('⼦', '子'),
    ('⼧', '宀'),
    ('⼨', '寸'),
    ('⼩', '小'),
    ('⼪', '尢'),
    ('⼫', '尸'),
    ('⼬', '屮'),
    ('⼭', '山'),
    ('⼮', '巛'),
    ('⼯', '工'),
    ('⼰', '己'),
    ('⼱', '巾'),
    ('⼲', '干'),
    ('⼳', '幺'),
    ('⼴', '广'),
    ('⼵', '廴'),
    ('⼶', '廾'),
    ('⼷', '弋'),
    ('⼸', '弓'),
    ('⼹', '彐'),
    ('⼺', '彡'),
    ('⼻', '彳'),
    ('⼼', '心'),
    ('⼽', '戈'),
    ('⼾', '户'),
    ('⼿', '手'),
    ('⽀', '支'),
    ('⽁', '攴'),
    ('⽂', '文'),
    ('⽃', '斗'),
    ('⽄', '斤'),
    ('⽅', '方'),
    ('⽆', '无'),
    ('⽇', '日'),
    ('⽈', '曰'),
    ('⽉', '月'),
    ('⽊', '木'),
    ('⽋', '欠'),
    ('⽌', '止'),
    ('⽍', '歹'),
    ('⽎', '殳'),
    ('⽏', '毋'),
    ('⽐', '比'),
    ('⽑', '毛'),
    ('⽒', '氏'),
    ('⽓', '气'),
    ('⽔', '水'),
    ('⽕', '火'),
    ('⽖', '爪'),
    ('⽗', '父'),
    ('⽘', '爻'),
    ('⽙', '爿'),
    ('⽚', '片'),
    ('⽛', '牙'),
    ('⽜', '牛'),
    ('⽝', '犬'),
    ('⽞', '玄'),
    ('⽟', '玉'),
    ('⽠', '瓜'),
    ('⽡', '瓦'),
    ('⽢', '甘'),
    ('⽣', '生'),
    ('⽤', '用'),
    ('⽥', '田'),
    ('⽦', '疋'),
    ('⽧', '疒'),
    ('⽨', '癶'),
    ('⽩', '白'),
    ('⽪', '皮'),
    ('⽫', '皿'),
    ('⽬', '目'),
    ('⽭', '矛'),
    ('⽮', '矢'),
    ('⽯', '石'),
    ('⽰', '示'),
    ('⽱', '禸'),
    ('⽲', '禾'),
    ('⽳', '穴'),
    ('⽴', '立'),
    ('⽵', '竹'),
    ('⽶', '米'),
    ('⽷', '糸'),
    ('⽸', '缶'),
    ('⽹', '网'),
    ('⽺', '羊'),
    ('⽻', '羽'),
    ('⽼', '老'),
    ('⽽', '而'),
    ('⽾', '耒'),
    ('⽿', '耳'),
    ('⾀', '聿'),
    ('⾁', '肉'),
    ('⾂', '臣'),
    ('⾃', '自'),
    ('⾄', '至'),
    ('⾅', '臼'),
    ('⾆', '舌'),
    ('⾇', '舛'),
    ('⾈', '舟'),
    ('⾉', '艮'),
    ('⾊', '色'),
    ('⾋', '艸'),
    ('⾌', '虍'),
    ('⾍', '虫'),
    ('⾎', '血'),
    ('⾏', '行'),
    ('⾐', '衣'),
    ('⾑', '襾'),
    ('⾒', '見'),
    ('⾓', '角'),
    ('⾔', '言'),
    ('⾕', '谷'),
    ('⾖', '豆'),
    ('⾗', '豕'),
    ('⾘', '豸'),
    ('⾙', '貝'),
    ('⾚', '赤'),
    ('⾛', '走'),
    ('⾜', '足'),
    ('⾝', '身'),
    ('⾞', '車'),
    ('⾟', '辛'),
    ('⾠', '辰'),
    ('⾡', '辵'),
    ('⾢', '邑'),
    ('⾣', '酉'),
    ('⾤', '釆'),
    ('⾥', '里'),
    ('⾦', '金'),
    ('⾧', '長'),
    ('⾨', '門'),
    ('⾩', '阜'),
    ('⾪', '隶'),
    ('⾫', '隹'),
    ('⾬', '雨'),
    ('⾭', '靑'),
    ('⾮', '非'),
    ('⾯', '面'),
    ('⾰', '革'),
    ('⾱', '韋'),
    ('⾲', '韭'),
    ('⾳', '音'),
    ('⾴', '頁'),
    ('⾵', '風'),
    ('⾶', '飛'),
    ('⾷', '食'),
    ('⾸', '首'),
    ('⾹', '香'),
    ('⾺', '馬'),
    ('⾻', '骨'),
    ('⾼', '高'),
    ('⾽', '髟'),
    ('⾾', '鬥'),
    ('⾿', '鬯'),
    ('⿀', '鬲'),
    ('⿁', '鬼'),
    ('⿂', '魚'),
    ('⿃', '鳥'),
    ('⿄', '鹵'),
    ('⿅', '鹿'),
    ('⿆', '麥'),
    ('⿇', '麻'),
    ('⿈', '黃'),
    ('⿉', '黍'),
    ('⿊', '黑'),
    ('⿋', '黹'),
    ('⿌', '黽'),
    ('⿍', '鼎'),
    ('⿎', '鼓'),
    ('⿏', '鼠'),
    ('⿐', '鼻'),
    ('⿑', '齊'),
    ('⿒', '齒'),
    ('⿓', '龍'),
    ('⿔', '龜'),
    ('⿕', '龠'),
];

/// The estimated width of text in font sizes: half for ASCII, one for
/// other characters (CJK glyphs are square).
pub fn estimate(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

pub enum Decoder {
    /// A ToUnicode map: codes of `width` bytes to text.
    Map {
        width: usize,
        map: HashMap<u32, String>,
    },
    /// One byte per character, through a 256-entry table.
    Simple(Vec<Option<char>>),
    /// Two-byte UCS-2/UTF-16 codes.
    Utf16,
    /// Text this reader cannot decode.
    Skip,
}

impl Decoder {
    pub fn decode(&self, bytes: &[u8]) -> String {
        match self {
            Decoder::Map { width, map } => bytes
                .chunks((*width).max(1))
                .filter_map(|c| {
                    let code = c.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
                    map.get(&code).map(String::as_str)
                })
                .collect(),
            Decoder::Simple(table) => bytes
                .iter()
                .filter_map(|b| table.get(usize::from(*b)).copied().flatten())
                .collect(),
            Decoder::Utf16 => {
                let units: Vec<u16> = bytes
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
                    .collect();
                String::from_utf16_lossy(&units)
            }
            Decoder::Skip => String::new(),
        }
    }

    /// The decoder of a font dictionary.
    pub fn of_font(
        doc: &Document,
        font: &Dict,
        budget: &mut Budget,
    ) -> Result<Decoder, ImportError> {
        if let Some(cmap) = font.get(b"ToUnicode") {
            if let Some(data) = doc.stream_data(cmap, budget)? {
                // A real map is well under a megabyte; past the cap, the rest
                // of a hostile one is not worth the memory its tokens take.
                let data = data.get(..MAX_CMAP_BYTES).unwrap_or(&data);
                if let Some((width, map)) = parse_cmap(data) {
                    return Ok(Decoder::Map { width, map });
                }
            }
        }
        let encoding = doc.get(font, b"Encoding");
        if doc.get(font, b"Subtype").and_then(Object::as_name) == Some(b"Type0") {
            return Ok(match encoding.and_then(Object::as_name) {
                Some(b"UniGB-UCS2-H" | b"UniGB-UTF16-H") => Decoder::Utf16,
                _ => Decoder::Skip,
            });
        }
        let (base, differences) = match encoding {
            Some(Object::Name(n)) => (Some(n.as_slice()), None),
            Some(Object::Dict(d)) => (
                doc.get(d, b"BaseEncoding").and_then(Object::as_name),
                doc.get(d, b"Differences"),
            ),
            _ => (None, None),
        };
        let mut table = base_encoding(base);
        if let Some(Object::Array(items)) = differences {
            let mut code: Option<usize> = None;
            for item in items {
                match doc.resolve(item) {
                    Object::Int(n) => code = usize::try_from(*n).ok(),
                    Object::Name(glyph) => {
                        if let Some(slot) = code.and_then(|c| table.get_mut(c)) {
                            *slot = glyph_char(glyph);
                        }
                        code = code.map(|c| c.saturating_add(1));
                    }
                    _ => {}
                }
            }
        }
        Ok(Decoder::Simple(table))
    }
}

/// The 256 characters of a base encoding. WinAnsi and MacRoman are the
/// Windows-1252 and Mac Roman code pages; Standard (the default) is ASCII
/// with curly quotes, and Latin-1 above as an approximation.
fn base_encoding(name: Option<&[u8]>) -> Vec<Option<char>> {
    let page = match name {
        Some(b"WinAnsiEncoding") => Some(encoding_rs::WINDOWS_1252),
        Some(b"MacRomanEncoding") => Some(encoding_rs::MACINTOSH),
        _ => None,
    };
    (0u8..=255)
        .map(|b| {
            if b < 0x20 {
                return None;
            }
            match page {
                Some(enc) => enc
                    .decode_without_bom_handling(&[b])
                    .0
                    .chars()
                    .next()
                    .filter(|c| *c != '\u{FFFD}'),
                None => Some(match b {
                    b'\'' => '’',
                    b'`' => '‘',
                    _ => char::from(b),
                }),
            }
        })
        .collect()
}

/// The character of a glyph name: single letters, `uniXXXX`, `uXXXX`, and
/// the names of the common Latin punctuation and digits.
fn glyph_char(name: &[u8]) -> Option<char> {
    if let [c] = name {
        return c.is_ascii_alphabetic().then_some(char::from(*c));
    }
    let name = std::str::from_utf8(name).ok()?;
    let from_hex = |h: &str| u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    if let Some(h) = name.strip_prefix("uni").filter(|h| h.len() >= 4) {
        return from_hex(h.get(..4)?);
    }
    if let Some(h) = name
        .strip_prefix('u')
        .filter(|h| (4..=6).contains(&h.len()))
    {
        if let Some(c) = from_hex(h) {
            return Some(c);
        }
    }
    const DIGITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    if let Some(d) = DIGITS.iter().position(|d| *d == name) {
        return char::from_digit(d as u32, 10);
    }
    Some(match name {
        "space" | "nbspace" => ' ',
        "exclam" => '!',
        "quotedbl" => '"',
        "numbersign" => '#',
        "dollar" => '$',
        "percent" => '%',
        "ampersand" => '&',
        "quotesingle" => '\'',
        "quoteright" => '’',
        "quoteleft" => '‘',
        "quotedblleft" => '“',
        "quotedblright" => '”',
        "parenleft" => '(',
        "parenright" => ')',
        "asterisk" => '*',
        "plus" => '+',
        "comma" => ',',
        "hyphen" | "minus" => '-',
        "period" => '.',
        "slash" => '/',
        "colon" => ':',
        "semicolon" => ';',
        "less" => '<',
        "equal" => '=',
        "greater" => '>',
        "question" => '?',
        "at" => '@',
        "bracketleft" => '[',
        "backslash" => '\\',
        "bracketright" => ']',
        "asciicircum" => '^',
        "underscore" => '_',
        "grave" => '`',
        "braceleft" => '{',
        "bar" => '|',
        "braceright" => '}',
        "asciitilde" => '~',
        "bullet" => '•',
        "endash" => '–',
        "emdash" => '—',
        "ellipsis" => '…',
        "degree" => '°',
        "periodcentered" => '·',
        "multiply" => '×',
        "section" => '§',
        "copyright" => '©',
        "registered" => '®',
        "trademark" => '™',
        "Euro" => '€',
        "fi" => 'ﬁ',
        "fl" => 'ﬂ',
        _ => return None,
    })
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

/// Parses the `bfchar` and `bfrange` sections of a ToUnicode CMap, at most
/// [`MAX_MAP_ENTRIES`] codes.
pub fn parse_cmap(data: &[u8]) -> Option<(usize, HashMap<u32, String>)> {
    let text = String::from_utf8_lossy(data);
    let spaced = text
        .replace('<', " <")
        .replace('>', "> ")
        .replace('[', " [ ")
        .replace(']', " ] ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut map = HashMap::new();
    let mut width = 0;
    let mut i = 0;
    while i < tokens.len() && map.len() < MAX_MAP_ENTRIES {
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
                            code = code.saturating_add(1);
                            k += 1;
                        }
                        i = k + 1;
                    } else {
                        if let Some(start) = hex_text(tokens[i + 2]) {
                            let mut units: Vec<u16> = start.encode_utf16().collect();
                            for code in lo..=hi.min(lo.saturating_add(0xFFFF)) {
                                if map.len() >= MAX_MAP_ENTRIES {
                                    break;
                                }
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn cmaps_are_capped() {
        let mut cmap = String::from("100 beginbfrange\n");
        for i in 0..100u32 {
            cmap.push_str(&format!(
                "<{:08X}> <{:08X}> <0041>\n",
                i << 16,
                (i << 16) | 0xFFFF
            ));
        }
        cmap.push_str("endbfrange\n<FFFFFFFF> <FFFFFFFF> <0041>");
        let (_, map) = parse_cmap(cmap.as_bytes()).unwrap();
        assert_eq!(map.len(), MAX_MAP_ENTRIES);
    }

    #[test]
    fn simple_encodings_decode_bytes() {
        type Case<'a> = (Option<&'a [u8]>, &'a [u8], &'a str);
        let cases: Vec<Case> = vec![
            (None, b"Task 1", "Task 1"),
            (None, b"it's", "it’s"),
            (Some(b"WinAnsiEncoding"), b"\x80 \x93x\x94 \xe9", "€ “x” é"),
            (Some(b"MacRomanEncoding"), b"\x8e", "é"),
        ];
        for (base, bytes, want) in cases {
            assert_eq!(Decoder::Simple(base_encoding(base)).decode(bytes), want);
        }
        assert_eq!(Decoder::Utf16.decode(&[0x4E, 0x2D, 0, 0x41]), "中A");
        for (name, want) in [
            (&b"A"[..], Some('A')),
            (b"uni4E2D", Some('中')),
            (b"u1F600", Some('😀')),
            (b"seven", Some('7')),
            (b"quotedblleft", Some('“')),
            (b"g123", None),
        ] {
            assert_eq!(glyph_char(name), want);
        }
    }
}
