//! The scanner: one pass over the text, left to right.
//!
//! A table's text is mostly prose, so the scan must pass over most
//! characters cheaply: one bitmap test ([`may_start`]) says whether a number,
//! a rate base, a vague amount or an ordinal can start at a character, and
//! only there does [`Scan::run`] hand over to the Arabic or Chinese reader.
//! It also holds what every reader shares: the text as characters with
//! their byte offsets, the clause around a figure, and the one place a
//! finished [`Quantity`] is pushed.

use kaohe_numerals::{chinese, normalize_char, Decimal};

use super::{Kind, Quantity, MAX_QUANTITIES};
use crate::text::is_clause_break;
use crate::units::prefix_len;

/// How far a clause reaches either side of a figure, in characters; clauses
/// in real tables are far shorter.
const CLAUSE_REACH: usize = 200;

pub(super) struct Scan<'t> {
    text: &'t str,
    pub(super) chars: Vec<char>,
    /// Byte offset of each char; u32 halves the memory of a large text
    /// (texts over 4 GiB are not self-check tables).
    pub(super) offs: Vec<u32>,
    /// Byte offsets known to start list numbers.
    pub(super) item_starts: Vec<usize>,
}

impl<'t> Scan<'t> {
    pub(super) fn new(text: &'t str) -> Scan<'t> {
        let n = text.chars().count();
        let mut chars = Vec::with_capacity(n);
        let mut offs = Vec::with_capacity(n + 1);
        for (i, c) in text.char_indices() {
            chars.push(normalize_char(c));
            offs.push(i as u32);
        }
        offs.push(text.len() as u32);
        Scan {
            text,
            chars,
            offs,
            item_starts: Vec::new(),
        }
    }

    #[inline]
    pub(super) fn at(&self, i: usize) -> char {
        self.chars.get(i).copied().unwrap_or('\0')
    }

    #[inline]
    pub(super) fn before(&self, i: usize) -> char {
        if i == 0 {
            '\0'
        } else {
            self.chars[i - 1]
        }
    }

    pub(super) fn starts(&self, i: usize, word: &str) -> usize {
        prefix_len(self.chars.get(i..).unwrap_or(&[]), word)
    }

    pub(super) fn ends_with(&self, i: usize, word: &str) -> bool {
        let mut k = i;
        for w in word.chars().rev() {
            if k == 0 || self.chars[k - 1] != w {
                return false;
            }
            k -= 1;
        }
        true
    }

    pub(super) fn run(&self) -> Vec<Quantity> {
        let mut out = Vec::new();
        let n = self.chars.len();
        let mut i = 0;
        while i < n && out.len() < MAX_QUANTITIES {
            let c = self.chars[i];
            if !may_start(c) {
                i += 1;
                continue;
            }
            let next = if c.is_ascii_digit() {
                if self.before(i).is_ascii_digit() {
                    None
                } else {
                    self.arabic(i, &mut out)
                }
            } else if c == '百' || c == '千' {
                self.chinese_percent(i, &mut out)
                    .or_else(|| self.magnitude_word(i, &mut out))
            } else if c == '万' || c == '亿' {
                self.magnitude_word(i, &mut out)
            } else if c == '每' {
                self.rate_base_per(i, &mut out)
            } else if c == '数' || c == '几' || c == '上' || c == '成' {
                self.vague(i, &mut out)
            } else if c == '第' {
                self.ordinal_name(i, &mut out)
            } else if self.numeral_at(i) && !(i > 0 && self.numeral_at(i - 1)) {
                self.chinese(i, &mut out)
            } else {
                None
            };
            i = match next {
                Some(j) if j > i => j,
                _ => i + 1,
            };
        }
        // 分别下降18.2%、15.6%: a list of figures shares its verb.
        for k in 1..out.len() {
            let (a, b) = (&out[k - 1], &out[k]);
            let gap = self.text.get(a.end..b.start).unwrap_or("x");
            if gap == "、" && a.kind == b.kind && b.change.is_none() {
                let (change, period) = (a.change, a.period);
                out[k].change = change;
                if out[k].period.is_none() {
                    out[k].period = period;
                }
            }
        }
        out
    }

    /// A Chinese numeral character at `i`. Financial digits (伍, 陆, 壹 …) also
    /// sit in ordinary words (队伍, 陆续), so they count only beside another
    /// financial sign.
    pub(super) fn numeral_at(&self, i: usize) -> bool {
        let c = self.at(i);
        if !chinese::is_numeral_char(c) {
            return false;
        }
        if chinese::is_financial(c) {
            let next = self.at(i + 1);
            let prev = self.before(i);
            return chinese::is_financial(next)
                || matches!(next, '拾' | '佰' | '仟' | '万' | '亿' | '元' | '圆')
                || chinese::is_financial(prev);
        }
        true
    }

    pub(super) fn push(&self, out: &mut Vec<Quantity>, mut q: Quantity) {
        // 《…三年行动实施方案》: a figure inside a document's title is its name.
        if q.is_measured() && self.inside_book_title(q.start) {
            q.kind = Kind::Name;
        }
        out.push(q);
    }

    /// True when byte offset `start` sits between 《 and 》.
    fn inside_book_title(&self, start: usize) -> bool {
        let i = self.offs.partition_point(|o| (*o as usize) < start);
        let from = i.saturating_sub(40);
        for k in (from..i).rev() {
            match self.chars[k] {
                '《' => return true,
                '》' => return false,
                _ => {}
            }
        }
        false
    }

    pub(super) fn quantity(
        &self,
        start: usize,
        end: usize,
        value: Decimal,
        kind: Kind,
    ) -> Quantity {
        Quantity {
            start: self.offs[start] as usize,
            end: self.offs[end.min(self.chars.len())] as usize,
            value,
            upper: None,
            unit: "",
            kind,
            comparator: None,
            approx: None,
            period: None,
            change: None,
            clause: self.clause(start),
        }
    }

    /// The clause around character `i`, at most [`CLAUSE_REACH`] characters
    /// either side: run-on text without punctuation (a line of thousands of
    /// figures) is not one clause, and every figure's look at its clause
    /// stays bounded, so reading a cell stays linear in its length.
    fn clause(&self, i: usize) -> (usize, usize) {
        let mut a = i;
        while a > 0 && i - a < CLAUSE_REACH && !self.breaks_clause(a - 1) {
            a -= 1;
        }
        let mut b = i;
        while b < self.chars.len() && b - i < CLAUSE_REACH && !self.breaks_clause(b) {
            b += 1;
        }
        (self.offs[a] as usize, self.offs[b] as usize)
    }

    /// A clause break, except the comma of `1,250.6` between digits.
    fn breaks_clause(&self, k: usize) -> bool {
        let c = self.chars[k];
        is_clause_break(c)
            && !(c == ',' && self.before(k).is_ascii_digit() && self.at(k + 1).is_ascii_digit())
    }
}

/// Characters where a number, a rate base, a vague amount or an ordinal can
/// start; the scan passes over every other character after this one test.
#[inline]
fn may_start(c: char) -> bool {
    let u = c as u32;
    u < 0x10000 && START_BITS[(u >> 6) as usize] & (1u64 << (u & 63)) != 0
}

/// One bit per character of the Basic Multilingual Plane: set where
/// [`may_start`] is true. Built at compile time.
static START_BITS: [u64; 1024] = {
    const STARTS: &str = "0123456789零〇一二两三四五六七八九十百千万亿壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億幺每数几上成第";
    let mut bits = [0u64; 1024];
    let bytes = STARTS.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Decode one UTF-8 character (1 or 3 bytes here).
        let (u, len) = if bytes[i] < 0x80 {
            (bytes[i] as u32, 1)
        } else {
            (
                ((bytes[i] as u32 & 0x0F) << 12)
                    | ((bytes[i + 1] as u32 & 0x3F) << 6)
                    | (bytes[i + 2] as u32 & 0x3F),
                3,
            )
        };
        bits[(u >> 6) as usize] |= 1u64 << (u & 63);
        i += len;
    }
    bits
};

#[cfg(test)]
mod start_bits {
    #[test]
    fn the_bitmap_agrees_with_the_numeral_classes() {
        for u in 0..0x10000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let want = c.is_ascii_digit()
                || kaohe_numerals::chinese::is_numeral_char(c)
                || matches!(c, '每' | '数' | '几' | '上' | '成' | '第');
            assert_eq!(super::may_start(c), want, "{c}");
        }
    }
}
