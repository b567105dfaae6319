//! Finding every number in Chinese prose and saying what it is.
//!
//! [`extract`] scans a text once, left to right. Most characters are passed
//! over after one comparison; the work happens only where a digit or a
//! Chinese numeral starts. Each number found becomes a [`Quantity`] whose
//! [`Kind`] tells a measured amount (`6000个`, `98%`) from a date (`6月27日`),
//! a code (`96010`, `192号段`), a name (`5G`, `二十大`, `“241”`), a schedule
//! (`7×24小时`), a spec (`1000M`), a rate base (`百万用户申诉率`) or a vague
//! amount (`数百`). Only [`Kind::Measure`] and [`Kind::Percent`] are
//! quantities a target can be checked against.
//!
//! The extractor never fails: text it cannot read yields fewer quantities,
//! never an error.

use kaohe_numerals::{chinese, normalize_char, Decimal};
use serde::{Deserialize, Serialize};

use crate::text::{is_clause_break, is_close_quote, is_han, is_open_quote};
use crate::units::{self, match_unit, prefix_len, UnitClass};

/// What a number in the text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A counted or measured amount, money and durations included.
    Measure,
    /// A percentage, per-mille or percentage points.
    Percent,
    /// A date or a day's name (`6月27日`, `2022年`, `517电信日`).
    Date,
    /// A telephone number, number block or document number.
    Code,
    /// A number inside a proper name (`5G`, `二十大`, `1+4+N`, `第十三次`).
    Name,
    /// A service schedule (`7×24小时`).
    Schedule,
    /// A technical class (`1000M`).
    Spec,
    /// The denominator of a rate (`百万用户申诉率`).
    RateBase,
    /// A vague amount (`数百`).
    Vague,
    /// List numbering (`1.` at the start of an item).
    Ordinal,
}

/// How a stated amount bounds the real one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparator {
    /// At least: 不少于, 不低于, 达到, 以上, ≥.
    #[serde(rename = ">=")]
    Ge,
    /// More than: 超过, 超, 逾, 高于.
    #[serde(rename = ">")]
    Gt,
    /// At most: 不超过, 以内, 以下, ≤.
    #[serde(rename = "<=")]
    Le,
    /// Less than: 低于, 不足, 少于.
    #[serde(rename = "<")]
    Lt,
    /// Exactly: ═, ﹦, =.
    #[serde(rename = "=")]
    Eq,
}

impl Comparator {
    /// Every comparator.
    pub const ALL: [Comparator; 5] = [
        Comparator::Ge,
        Comparator::Gt,
        Comparator::Le,
        Comparator::Lt,
        Comparator::Eq,
    ];

    /// Reads [`Comparator::symbol`]'s spelling.
    pub fn parse(s: &str) -> Option<Comparator> {
        Comparator::ALL.into_iter().find(|c| c.symbol() == s)
    }

    /// The sign as the JSON contract writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => ">=",
            Comparator::Gt => ">",
            Comparator::Le => "<=",
            Comparator::Lt => "<",
            Comparator::Eq => "=",
        }
    }

    /// The sign as a Chinese report prints it.
    pub fn math(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Gt => ">",
            Comparator::Le => "≤",
            Comparator::Lt => "<",
            Comparator::Eq => "=",
        }
    }

    /// True for the at-most comparators.
    pub fn is_upper_bound(self) -> bool {
        matches!(self, Comparator::Le | Comparator::Lt)
    }
}

/// An approximate amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    /// A little more: 多, 余, 来.
    More,
    /// A little less: 近, 将近, 接近.
    Nearly,
    /// Either way: 约, 左右.
    About,
}

/// The period an amount is counted over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// 每天, 日均.
    Day,
    /// 每周.
    Week,
    /// 每月, 月均.
    Month,
    /// 每季度.
    Quarter,
    /// 每年, 全年, 本年.
    Year,
}

impl Period {
    /// Every period.
    pub const ALL: [Period; 5] = [
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::Year,
    ];

    /// The spelling the JSON contract and the store use.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// Reads [`Period::as_str`]'s spelling.
    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// How many of this period make a year.
    pub fn per_year(self) -> f64 {
        match self {
            Period::Day => 365.0,
            Period::Week => 52.0,
            Period::Month => 12.0,
            Period::Quarter => 4.0,
            Period::Year => 1.0,
        }
    }

    /// The period as a Chinese report says it.
    pub fn chinese(self) -> &'static str {
        match self {
            Period::Day => "每日",
            Period::Week => "每周",
            Period::Month => "每月",
            Period::Quarter => "每季度",
            Period::Year => "全年",
        }
    }
}

/// A change against a base (同比增长, 下降).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// 增长, 提高, 提升, 上升, 增加.
    Increase,
    /// 下降, 降低, 减少.
    Decrease,
}

/// One number found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// Byte offset of the span's start in the text.
    pub start: usize,
    /// Byte offset just past the span.
    pub end: usize,
    /// The value in base units (`2.3万` is 23000, `98%` is 98).
    pub value: Decimal,
    /// The upper bound of a range (`3-5个`).
    pub upper: Option<Decimal>,
    /// The unit, canonical, without magnitude (`元`, `%`, `个百分点`).
    pub unit: &'static str,
    /// What the number is.
    pub kind: Kind,
    /// A bound stated with it (超过, 不少于, 以上 …).
    pub comparator: Option<Comparator>,
    /// An approximation stated with it (多, 近, 约 …).
    pub approx: Option<Approx>,
    /// A period stated in its clause (每月, 全年 …).
    pub period: Option<Period>,
    /// A change stated with it (同比下降 …).
    pub change: Option<Change>,
    /// Byte range of the clause that holds it.
    pub clause: (usize, usize),
}

impl Quantity {
    /// True for an amount a target can be checked against.
    pub fn is_measured(&self) -> bool {
        matches!(self.kind, Kind::Measure | Kind::Percent)
    }

    /// The span's text.
    pub fn span<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The clause's text.
    pub fn clause_text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.clause.0..self.clause.1).unwrap_or("")
    }
}

/// Every number in `text`, in order.
pub fn extract(text: &str) -> Vec<Quantity> {
    extract_with_items(text, &[])
}

/// Every number in `text`, where the byte offsets in `item_starts` are known
/// to start list numbers (`1.65岁…` in a numbered cell is item 1, then 65岁).
pub fn extract_with_items(text: &str, item_starts: &[usize]) -> Vec<Quantity> {
    let mut scan = Scan::new(text);
    scan.item_starts = item_starts.to_vec();
    scan.run()
}

/// Most figures read from one text: past this, a cell is not a table's
/// cell but a list of numbers, and the rest is left unread (the check says
/// so) to keep the check quick.
pub const MAX_QUANTITIES: usize = 50_000;

/// How far a clause reaches either side of a figure, in characters; clauses
/// in real tables are far shorter.
const CLAUSE_REACH: usize = 200;

/// Political and administrative set phrases that contain numerals but are
/// names, not amounts.
const SET_PHRASES: &[&str] = &[
    "两个确立",
    "两个维护",
    "四个意识",
    "四个自信",
    "四个全面",
    "两个一百年",
    "三个代表",
    "八项规定",
    "三会一课",
    "三重一大",
    "两学一做",
    "一岗双责",
    "三严三实",
    "两个务必",
    "五位一体",
    "四个服务",
    "六稳",
    "六保",
    "十四五",
    "十三五",
    "十五五",
    "十二五",
    "四零目标",
    "最多跑一次",
    "一次性",
    "一网通办",
    "一网统管",
    "一件事",
    "四下基层",
    "三项制度",
    "两新一重",
];

/// The set phrases that hold a character, with where it stands in each.
fn phrases_with(c: char) -> &'static [(&'static str, usize)] {
    use std::sync::OnceLock;
    type Index = Vec<(char, Vec<(&'static str, usize)>)>;
    static INDEX: OnceLock<Index> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index: Index = Vec::new();
        for phrase in SET_PHRASES {
            for (pos, ch) in phrase.chars().enumerate() {
                match index.iter_mut().find(|(x, _)| *x == ch) {
                    Some((_, list)) => list.push((phrase, pos)),
                    None => index.push((ch, vec![(phrase, pos)])),
                }
            }
        }
        index.sort_by_key(|(ch, _)| *ch);
        index
    });
    match index.binary_search_by_key(&c, |(ch, _)| *ch) {
        Ok(k) => &index[k].1,
        Err(_) => &[],
    }
}

/// Holidays named by their date.
const DAY_NAMES: &[(&str, i128)] = &[
    ("五一", 501),
    ("七一", 701),
    ("八一", 801),
    ("十一", 1001),
    ("五四", 504),
    ("六一", 601),
];

const CODE_NOUNS: &[&str] = &[
    "电话",
    "热线",
    "号段",
    "码号",
    "号码",
    "短号",
    "服务号",
    "专线号",
    "平台号",
    "呼叫中心",
];

const CHANGE_UP: &[&str] = &[
    "增长", "提高", "提升", "上升", "增加", "增幅", "上涨", "增速",
];
const CHANGE_DOWN: &[&str] = &[
    "下降", "降低", "减少", "下滑", "降幅", "压减", "减幅", "回落", "压缩", "缩短", "缩减",
];

struct Scan<'t> {
    text: &'t str,
    chars: Vec<char>,
    /// Byte offset of each char; u32 halves the memory of a large text
    /// (texts over 4 GiB are not self-check tables).
    offs: Vec<u32>,
    /// Byte offsets known to start list numbers.
    item_starts: Vec<usize>,
}

/// A number read at some position: its value, where it ends, and whether
/// it was written with a magnitude (万, 亿).
#[derive(Clone, Copy)]
struct Num {
    value: Decimal,
    end: usize,
    integer_digits: usize,
    has_magnitude: bool,
    decimal: bool,
    leading_zero: bool,
}

impl<'t> Scan<'t> {
    fn new(text: &'t str) -> Scan<'t> {
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
    fn at(&self, i: usize) -> char {
        self.chars.get(i).copied().unwrap_or('\0')
    }

    #[inline]
    fn before(&self, i: usize) -> char {
        if i == 0 {
            '\0'
        } else {
            self.chars[i - 1]
        }
    }

    fn starts(&self, i: usize, word: &str) -> usize {
        prefix_len(self.chars.get(i..).unwrap_or(&[]), word)
    }

    fn ends_with(&self, i: usize, word: &str) -> bool {
        let mut k = i;
        for w in word.chars().rev() {
            if k == 0 || self.chars[k - 1] != w {
                return false;
            }
            k -= 1;
        }
        true
    }

    fn run(&self) -> Vec<Quantity> {
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
    fn numeral_at(&self, i: usize) -> bool {
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

    fn push(&self, out: &mut Vec<Quantity>, mut q: Quantity) {
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

    fn quantity(&self, start: usize, end: usize, value: Decimal, kind: Kind) -> Quantity {
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

    // ---- reading numbers -------------------------------------------------

    /// Digits with optional thousands separators and decimals.
    fn read_digits(&self, i: usize) -> Option<Num> {
        // Digits go straight into an exact mantissa; 36 digits is more than
        // any figure in a report, and more fail to read rather than overflow.
        let n = self.chars.len();
        let mut j = i;
        let mut mantissa: i128 = 0;
        let mut digits = 0usize;
        let mut push = |c: char, digits: &mut usize| -> Option<()> {
            *digits += 1;
            if *digits > 36 {
                return None;
            }
            mantissa = mantissa * 10 + i128::from(c as u8 - b'0');
            Some(())
        };
        while j < n && self.chars[j].is_ascii_digit() {
            push(self.chars[j], &mut digits)?;
            j += 1;
        }
        if digits == 0 {
            return None;
        }
        let leading_zero = self.chars[i] == '0' && digits > 1;
        let mut integer_digits = digits;
        // Thousands separators: `1,234,567` (ASCII comma only: `，` is a clause break).
        if digits <= 3 {
            while self.at(j) == ','
                && (1..=3).all(|k| self.at(j + k).is_ascii_digit())
                && !self.at(j + 4).is_ascii_digit()
            {
                for k in 1..=3 {
                    push(self.at(j + k), &mut digits)?;
                }
                integer_digits += 3;
                j += 4;
            }
        }
        let mut decimal = false;
        let mut scale = 0u32;
        if self.at(j) == '.' && self.at(j + 1).is_ascii_digit() {
            decimal = true;
            j += 1;
            while self.at(j).is_ascii_digit() {
                if scale < 18 {
                    push(self.at(j), &mut digits)?;
                    scale += 1;
                }
                j += 1;
            }
        }
        Some(Num {
            value: Decimal::new(mantissa, scale),
            end: j,
            integer_digits,
            has_magnitude: false,
            decimal,
            leading_zero,
        })
    }

    fn read_digits_int(&self, i: usize, end: usize) -> Decimal {
        let s: String = self.chars[i..end].iter().collect();
        s.parse().unwrap_or(Decimal::ZERO)
    }

    /// 万, 亿, 千万, 十万, 百万, 万亿 … after a number; `3万5千` continues.
    fn read_magnitude(&self, mut num: Num) -> Num {
        let j = num.end;
        // 100百分比, 5千分比: a percent word, not a magnitude.
        if self.starts(j, "百分") > 0 || self.starts(j, "千分") > 0 {
            return num;
        }
        // 千米, 千克, 千瓦: a unit, not a magnitude.
        if let Some((unit, _)) = match_unit(self.chars.get(j..).unwrap_or(&[])) {
            if unit.text.starts_with(['千', '百', '十']) {
                return num;
            }
        }
        let (mult, len) = self.magnitude_at(j);
        if len == 0 {
            return num;
        }
        num.value = num.value.scaled_pow10(mult);
        num.end = j + len;
        num.has_magnitude = true;
        // 3万5千: a smaller magnitude continues the number.
        if mult >= 4 {
            if let Some(rest) = self.read_digits(num.end) {
                if !rest.decimal {
                    let (m2, l2) = self.magnitude_at(rest.end);
                    if l2 >= 1 && m2 < mult && m2 >= 1 {
                        num.value = num.value.plus(rest.value.scaled_pow10(m2));
                        num.end = rest.end + l2;
                    }
                }
            }
        }
        num
    }

    /// The power of ten of a magnitude word at `j`, and its length.
    fn magnitude_at(&self, j: usize) -> (i32, usize) {
        let unit_pow = |c: char| match c {
            '十' => Some(1),
            '百' => Some(2),
            '千' => Some(3),
            _ => None,
        };
        let big_pow = |c: char| match c {
            '万' | '萬' => Some(4),
            '亿' | '億' => Some(8),
            _ => None,
        };
        let c0 = self.at(j);
        if let Some(p) = unit_pow(c0) {
            // 十万, 百万, 千万, 千亿; a lone 千 only before a unit or an end.
            if let Some(b) = big_pow(self.at(j + 1)) {
                if b == 4 && big_pow(self.at(j + 2)) == Some(8) {
                    return (p + 12, 3);
                }
                return (p + b, 2);
            }
            let after = self.at(j + 1);
            if after == '兆' {
                return (0, 0); // 千兆 is gigabit
            }
            return (p, 1);
        }
        if let Some(b) = big_pow(c0) {
            if b == 4 && big_pow(self.at(j + 1)) == Some(8) {
                return (12, 2);
            }
            return (b, 1);
        }
        (0, 0)
    }

    /// 多, 余, 来 after a number.
    fn approx_suffix(&self, j: usize) -> Option<(Approx, usize)> {
        match self.at(j) {
            '个' if self.at(j + 1) == '多' && self.at(j + 2) == '月' => Some((Approx::More, j)),
            '多' | '余' => Some((Approx::More, j + 1)),
            '来' if match_unit(self.chars.get(j + 1..).unwrap_or(&[])).is_some() => {
                Some((Approx::More, j + 1))
            }
            _ => None,
        }
    }

    fn skip_space(&self, j: usize) -> usize {
        let mut k = j;
        while k < j + 2 && matches!(self.at(k), ' ' | '\t' | '\n' | '\r') {
            k += 1;
        }
        k
    }

    // ---- Arabic numbers ----------------------------------------------------

    fn arabic(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
        let raw = self.read_digits(i)?;
        let prev = self.before(i);
        // -1.8%: a minus sign after a word, not between two numbers.
        if matches!(prev, '-' | '－' | '−') && i >= 1 && !self.before(i - 1).is_ascii_alphanumeric()
        {
            let mut inner = Vec::new();
            let end = self.arabic_unsigned(i, raw, &mut inner);
            for mut q in inner {
                if q.start == self.offs[i] as usize && q.is_measured() {
                    q.start = self.offs[i - 1] as usize;
                    q.value = q.value.mul_int(-1);
                }
                out.push(q);
            }
            return end;
        }
        self.arabic_unsigned(i, raw, out)
    }

    fn arabic_unsigned(&self, i: usize, raw: Num, out: &mut Vec<Quantity>) -> Option<usize> {
        let prev = self.before(i);

        // Patterns that swallow the number whole.
        if let Some(end) = self.plus_name(i) {
            // “5+2”: five weekdays and two weekend days is a schedule.
            let text: String = self.chars[i..end].iter().collect();
            let parts: Vec<i64> = text.split('+').filter_map(|p| p.parse().ok()).collect();
            if parts.len() == 2 && parts.iter().sum::<i64>() == 7 {
                let last = Decimal::from_int(i128::from(parts[1]));
                self.push(out, self.quantity(i, end, last, Kind::Schedule));
                return Some(end);
            }
            self.push(out, self.quantity(i, end, raw.value, Kind::Name));
            return Some(end);
        }
        // 〔2020〕10号, [2021]26号: a document number.
        if matches!(prev, '〔' | '[' | '【' | '（' | '(')
            && raw.integer_digits == 4
            && matches!(self.at(raw.end), '〕' | ']' | '】' | '）' | ')')
        {
            if let Some(serial) = self.read_digits(raw.end + 1) {
                if self.at(serial.end) == '号' {
                    self.push(
                        out,
                        self.quantity(i - 1, serial.end + 1, serial.value, Kind::Code),
                    );
                    return Some(serial.end + 1);
                }
            }
        }
        // GB 3838-2002, GB/T 22239-2019: a standard.
        if let Some(start) = self.standard_prefix(i) {
            let mut end = raw.end;
            if matches!(self.at(end), '-' | '—')
                && self
                    .read_digits(end + 1)
                    .is_some_and(|y| y.integer_digits == 4)
            {
                end = self.read_digits(end + 1).map_or(end, |y| y.end);
            }
            self.push(out, self.quantity(start, end, raw.value, Kind::Code));
            return Some(end);
        }
        // 3·15, 6·26: a day named by its date.
        if self.at(raw.end) == '·' {
            if let Some(day) = self.read_digits(raw.end + 1) {
                let (m, d) = (
                    raw.value.to_i64().unwrap_or(0),
                    day.value.to_i64().unwrap_or(0),
                );
                if (1..=12).contains(&m) && (1..=31).contains(&d) {
                    let v = Decimal::from_int(i128::from(m * 100 + d));
                    self.push(out, self.quantity(i, day.end, v, Kind::Date));
                    return Some(day.end);
                }
            }
        }
        if let Some(end) = self.schedule(raw.end) {
            self.push(out, self.quantity(i, end, raw.value, Kind::Schedule));
            return Some(end);
        }
        if self.is_item_marker(i, &raw) {
            let end = i + raw.integer_digits;
            let value = self.read_digits_int(i, end);
            self.push(out, self.quantity(i, end, value, Kind::Ordinal));
            return Some(end + 1);
        }

        let num = self.read_magnitude(raw);
        let (approx_after, j) = match self.approx_suffix(num.end) {
            Some((a, j)) => (Some(a), j),
            None => (None, num.end),
        };
        let u = self.skip_space(j);
        let after_letters =
            prev.is_ascii_alphabetic() || (prev == '-' && self.before(i - 1).is_ascii_alphabetic());

        // Letters right after the number: 5G, 4K, 1000M, 5GB.
        if self.at(num.end).is_ascii_alphabetic() && !num.has_magnitude {
            return Some(self.lettered(i, num, out));
        }
        // Ranges: 3-5个, 18—54周岁, 10至15天, 2019-2022年.
        if let Some(end) = self.range(i, num, approx_after.is_some(), out) {
            return Some(end);
        }
        // 19号线: a metro line is a name.
        if self.starts(num.end, "号线") > 0 {
            self.push(out, self.quantity(i, num.end + 2, num.value, Kind::Name));
            return Some(num.end + 2);
        }
        // Dates.
        if !num.has_magnitude && !num.decimal && approx_after.is_none() {
            if let Some(end) = self.date_after_number(i, num.value, num.end) {
                self.push(out, self.quantity(i, end, num.value, Kind::Date));
                return Some(end);
            }
        }
        // A rate per population: 10/10万, 3.2/千.
        if let Some((unit, len)) = self.rate_unit(num.end) {
            let end = num.end + len;
            let mut q = self.quantity(i, end, num.value, Kind::Measure);
            q.unit = unit;
            self.finish(&mut q, i, end, approx_after);
            self.push(out, q);
            return Some(end);
        }
        // 3个多月: the approximation sits inside the unit.
        if self.starts(num.end, "个多月") > 0 {
            let end = num.end + 3;
            let mut q = self.quantity(i, end, num.value, Kind::Measure);
            q.unit = "个月";
            self.finish(&mut q, i, end, Some(Approx::More));
            self.push(out, q);
            return Some(end);
        }
        // A measure word or percent sign.
        if let Some((unit, len)) = self.unit_at(u) {
            // PM2.5年均浓度: a name glued to a word, not 2.5 years.
            let named = after_letters
                && (matches!(unit.text, "年" | "月" | "日") || self.ends_with(i, "PM"));
            // “15分钟便民生活圈”: a figure inside a quoted name.
            let quoted_name = is_open_quote(prev) && is_han(self.at(u + len)) && {
                let mut e = u + len;
                while e < u + len + 12 && is_han(self.at(e)) {
                    e += 1;
                }
                is_close_quote(self.at(e))
            };
            if quoted_name {
                self.push(out, self.quantity(i, u + len, num.value, Kind::Name));
                return Some(u + len);
            }
            if !(named || unit.text == "年" && self.year_like(&num)) {
                let mut end = u + len;
                let kind = if matches!(unit.class, UnitClass::Percent | UnitClass::PercentPoint) {
                    Kind::Percent
                } else {
                    Kind::Measure
                };
                // 60%-70%: a range written with the unit on both ends.
                let mut upper = None;
                if matches!(self.at(end), '-' | '—' | '~' | '～' | '至') {
                    if let Some(second) = self.read_digits(end + 1) {
                        if let Some((u2, l2)) = self.unit_at(second.end) {
                            if u2.canonical == unit.canonical && second.value > num.value {
                                upper = Some(second.value);
                                end = second.end + l2;
                            }
                        }
                    }
                }
                let mut q = self.quantity(i, end, num.value, kind);
                q.unit = unit.canonical;
                q.upper = upper;
                self.finish(&mut q, i, end, approx_after);
                if upper.is_some() {
                    q.comparator = None;
                }
                self.push(out, q);
                return Some(end);
            }
        }
        // 败诉率为0: a bare number right after a rate is a rate.
        if self.after_rate(i) && !after_letters {
            let mut q = self.quantity(i, j, num.value, Kind::Percent);
            q.unit = if num.value.is_zero() { "" } else { "%" };
            self.finish(&mut q, i, j, approx_after);
            self.push(out, q);
            return Some(j);
        }
        // No unit: a name, a code, a date-like day name, or a bare amount.
        let kind = self.classify_unitless(i, &num, after_letters, prev);
        let end = if kind == Kind::Measure { j } else { num.end };
        if kind == Kind::Name && after_letters {
            // G20, IPv6, IMT-2030, PM2.5: the name takes its letters.
            let mut s0 = i;
            while s0 > 0
                && (self.chars[s0 - 1].is_ascii_alphabetic()
                    || (self.chars[s0 - 1] == '-'
                        && s0 >= 2
                        && self.chars[s0 - 2].is_ascii_alphabetic()))
            {
                s0 -= 1;
            }
            self.push(out, self.quantity(s0, end, num.value, kind));
            return Some(end);
        }
        if kind == Kind::Name && !is_open_quote(prev) && is_close_quote(self.at(end)) {
            // “净网2023”: the name starts at its quote.
            let mut s0 = i;
            while s0 > 0 && i - s0 < 8 && is_han(self.chars[s0 - 1]) {
                s0 -= 1;
            }
            if s0 > 0 && is_open_quote(self.chars[s0 - 1]) {
                self.push(out, self.quantity(s0, end, num.value, kind));
                return Some(end);
            }
        }
        if kind == Kind::Name && is_open_quote(prev) {
            // “2022清源”, “净网2023”: the whole quoted name.
            let mut e = end;
            while e < self.chars.len() && e < end + 10 && !is_close_quote(self.chars[e]) {
                e += 1;
            }
            if is_close_quote(self.at(e)) {
                self.push(out, self.quantity(i, e, num.value, kind));
                return Some(e);
            }
        }
        let mut q = self.quantity(i, end, num.value, kind);
        if kind == Kind::Measure {
            q.unit = self.implied_unit(i, j);
            self.finish(&mut q, i, end, approx_after);
        }
        self.push(out, q);
        Some(end)
    }

    /// The unit at `j`, except where the unit character starts another word
    /// (个体工商户 is not 个).
    fn unit_at(&self, j: usize) -> Option<(&'static units::Unit, usize)> {
        let (unit, len) = match_unit(self.chars.get(j..).unwrap_or(&[]))?;
        if unit.text == "个" && len == 1 && self.at(j + 1) == '体' {
            return None;
        }
        Some((unit, len))
    }

    /// Where a standard's letters start before the number at `i` (`GB 3838`,
    /// `GB/T 22239`, `HJ 633`).
    fn standard_prefix(&self, i: usize) -> Option<usize> {
        let mut k = i;
        if self.before(k) == ' ' {
            k -= 1;
        }
        if self.ends_with(k, "/T") {
            k -= 2;
        }
        let mut s0 = k;
        while s0 > 0 && self.chars[s0 - 1].is_ascii_uppercase() {
            s0 -= 1;
        }
        let letters: String = self.chars[s0..k].iter().collect();
        matches!(
            letters.as_str(),
            "GB" | "DB" | "HJ" | "JGJ" | "CJJ" | "YD" | "JT" | "WS" | "SL" | "NY" | "QB"
        )
        .then_some(s0)
    }

    /// `/10万`, `/万`, `/千` after a number: a rate per population.
    fn rate_unit(&self, j: usize) -> Option<(&'static str, usize)> {
        if self.at(j) != '/' {
            return None;
        }
        for unit in [
            "/10万", "/100万", "/十万", "/百万", "/万", "/千", "/1000", "/10000", "/100000",
        ] {
            let n = self.starts(j, unit);
            if n > 0 {
                return Some((unit, n));
            }
        }
        None
    }

    /// True when the number follows a rate word: `败诉率为0`, `合格率98`.
    fn after_rate(&self, i: usize) -> bool {
        let mut k = i;
        while k > 0 && matches!(self.chars[k - 1], ' ') {
            k -= 1;
        }
        for w in ["率为", "率是", "率达到", "率达", "率保持", "率"] {
            if self.ends_with(k, w) {
                return true;
            }
        }
        false
    }

    fn year_like(&self, num: &Num) -> bool {
        !num.decimal
            && !num.has_magnitude
            && num.integer_digits == 4
            && (1900..=2100).contains(&num.value.to_i64().unwrap_or(0))
    }

    /// `1.` `2、` `(3)` `（4）` at the start of an item.
    fn is_item_marker(&self, i: usize, num: &Num) -> bool {
        if num.integer_digits > 2 {
            return false;
        }
        if self.item_starts.contains(&(self.offs[i] as usize))
            && matches!(self.at(i + num.integer_digits), '.' | '、' | '．')
        {
            return true;
        }
        if num.decimal {
            // `1.9月底前完成`: an item number before a date, not 1.9.
            let dot = i + num.integer_digits;
            let rest: String = self.chars[dot + 1..self.chars.len().min(dot + 8)]
                .iter()
                .collect();
            let prev = self.before(i);
            let at_start = matches!(
                prev,
                '\0' | '\n' | '。' | '；' | ';' | '：' | ':' | ' ' | '\t'
            );
            return at_start && crate::text::starts_with_date(&rest);
        }
        if num.decimal {
            // 1.5 is a decimal, not an item.
            return false;
        }
        let prev = self.before(i);
        let at_start = matches!(
            prev,
            '\0' | '\n' | '。' | '；' | ';' | '：' | ':' | ' ' | '\t' | '！' | '？'
        );
        let sep = self.at(num.end);
        let next = self.at(num.end + 1);
        if at_start && matches!(sep, '.' | '、' | '．') && !next.is_ascii_digit() {
            return true;
        }
        matches!(prev, '(' | '（') && matches!(sep, ')' | '）')
    }

    /// `1+4+N`, `16+3+4`, `5G+4K`: a name built with plus signs.
    fn plus_name(&self, i: usize) -> Option<usize> {
        let mut j = i;
        let mut parts = 0;
        loop {
            let start = j;
            while self.at(j).is_ascii_alphanumeric() {
                j += 1;
            }
            if j == start {
                return None;
            }
            parts += 1;
            if self.at(j) == '+' && self.at(j + 1).is_ascii_alphanumeric() {
                j += 1;
            } else {
                break;
            }
        }
        // 5G+4K is two names; 1+4+N and 16+3+4 are one.
        let text: String = self.chars[i..j].iter().collect();
        let mixed = text.split('+').any(|p| {
            p.chars().any(|c| c.is_ascii_digit()) && p.chars().any(|c| c.is_ascii_alphabetic())
        });
        (parts >= 2 && !mixed).then_some(j)
    }

    /// `7×24小时` after the first number.
    fn schedule(&self, j: usize) -> Option<usize> {
        if !matches!(self.at(j), '×' | '*' | 'x' | 'X' | '✕' | '╳') {
            return None;
        }
        let second = self.read_digits(j + 1)?;
        let mut end = second.end;
        let n = self.starts(end, "小时");
        if n > 0 {
            end += n;
        }
        Some(end)
    }

    /// A number followed directly by Latin letters.
    fn lettered(&self, i: usize, num: Num, out: &mut Vec<Quantity>) -> usize {
        let mut j = num.end;
        let mut letters = String::new();
        while self.at(j).is_ascii_alphabetic() {
            letters.push(self.at(j));
            j += 1;
        }
        let small = num.value.to_i64().is_some_and(|v| v < 10);
        let (kind, unit): (Kind, &'static str) = match letters.as_str() {
            "G" | "K" | "D" if small => (Kind::Name, ""),
            "GB" | "TB" | "MB" | "PB" | "KB" => (Kind::Measure, static_unit(&letters)),
            "km" | "kg" | "kW" | "kWh" | "MW" | "t" | "m" => (Kind::Measure, static_unit(&letters)),
            "M" | "Mbps" | "Mb" | "G" | "Gbps" | "Gb" | "GE" | "T" | "Tbps" | "MHz" | "GHz"
            | "kbps" | "Kbps" | "Mbit" | "bps" => (Kind::Spec, ""),
            _ => (Kind::Name, ""),
        };
        // 10G-PON: a spec with a suffix.
        if self.at(j) == '-' && self.at(j + 1).is_ascii_alphabetic() && kind == Kind::Spec {
            j += 1;
            while self.at(j).is_ascii_alphanumeric() {
                j += 1;
            }
        }
        // 5A级: a grade is part of the name.
        if kind == Kind::Name && self.at(j) == '级' {
            j += 1;
        }
        let mut q = self.quantity(i, j, num.value, kind);
        if kind == Kind::Measure {
            q.unit = unit;
            self.finish(&mut q, i, j, None);
        }
        self.push(out, q);
        j
    }

    fn range(&self, i: usize, first: Num, approx: bool, out: &mut Vec<Quantity>) -> Option<usize> {
        if approx {
            return None;
        }
        let mut j = first.end;
        let dash = self.at(j);
        if !matches!(dash, '-' | '—' | '–' | '~' | '～' | '至' | '到' | '－') {
            return None;
        }
        j += 1;
        while matches!(self.at(j), '—' | '-') {
            j += 1;
        }
        let second = self.read_digits(j)?;
        if first.leading_zero {
            // 010-12345678
            self.push(out, self.quantity(i, second.end, first.value, Kind::Code));
            return Some(second.end);
        }
        let second = self.read_magnitude(second);
        // 3-5万元: the magnitude of the second applies to both.
        let mut low = first.value;
        if second.has_magnitude && !first.has_magnitude {
            let scale = magnitude_of(second.value, self.read_digits(j).map(|n| n.value));
            low = low.scaled_pow10(scale);
        }
        let u = self.skip_space(second.end);
        // 1—11月: a span of months.
        if self.at(second.end) == '月'
            && first.value.to_i64().is_some_and(|v| (1..=12).contains(&v))
            && second.value.to_i64().is_some_and(|v| (1..=12).contains(&v))
        {
            self.push(
                out,
                self.quantity(i, second.end + 1, first.value, Kind::Date),
            );
            return Some(second.end + 1);
        }
        // 2019-2022年: a span of years.
        if self.year_like(&first) && self.at(u) == '年' {
            self.push(out, self.quantity(i, u + 1, first.value, Kind::Date));
            return Some(u + 1);
        }
        if second.value < low {
            return None;
        }
        let (unit, end) = match match_unit(self.chars.get(u..).unwrap_or(&[])) {
            Some((unit, len)) => (Some(unit), u + len),
            None => (None, second.end),
        };
        if unit.is_none() && matches!(dash, '-' | '－') {
            // 12-3 with no unit is a code or a name, not a range.
            self.push(out, self.quantity(i, second.end, first.value, Kind::Name));
            return Some(second.end);
        }
        let kind = match unit.map(|u| u.class) {
            Some(UnitClass::Percent | UnitClass::PercentPoint) => Kind::Percent,
            _ => Kind::Measure,
        };
        let mut q = self.quantity(i, end, low, kind);
        q.upper = Some(second.value);
        q.unit = unit.map_or("", |u| u.canonical);
        self.finish(&mut q, i, end, None);
        q.comparator = None;
        self.push(out, q);
        Some(end)
    }

    /// A date that starts with a number already read: `2022年`, `2022年11月`,
    /// `6月27日`, `10月底`, `27日`.
    fn date_after_number(&self, i: usize, value: Decimal, end: usize) -> Option<usize> {
        let v = value.to_i64()?;
        let c = self.at(end);
        let digits = end - i;
        match c {
            '年' if digits == 4 && (1900..=2100).contains(&v) => {
                let mut j = end + 1;
                if self.at(j) == '度' {
                    j += 1;
                }
                if let Some(m) = self.read_digits(j) {
                    if let Some(e) = self.month_tail(m.value.to_i64()?, m.end) {
                        return Some(e);
                    }
                    // 2023年1-9月
                    if matches!(self.at(m.end), '-' | '—' | '至') {
                        if let Some(m2) = self.read_digits(m.end + 1) {
                            if let Some(e) = self.month_tail(m2.value.to_i64()?, m2.end) {
                                return Some(e);
                            }
                        }
                    }
                }
                Some(j)
            }
            '月' => self.month_tail(v, end),
            '日' | '号' if (1..=31).contains(&v) => {
                let after = self.at(end + 1);
                if matches!(after, '内' | '线') || self.starts(end + 1, "以内") > 0 {
                    return None;
                }
                if c == '日' && self.prefix_words(i).0.is_some() {
                    return None; // ≤30日 is thirty days
                }
                Some(end + 1)
            }
            _ => self.day_name(i, v, end),
        }
    }

    /// After a month number at `end` (pointing at 月): the month and its day.
    fn month_tail(&self, month: i64, end: usize) -> Option<usize> {
        if !(1..=12).contains(&month) || self.at(end) != '月' {
            return None;
        }
        let mut j = end + 1;
        if let Some(d) = self.read_digits(j) {
            if matches!(self.at(d.end), '日' | '号')
                && (1..=31).contains(&d.value.to_i64().unwrap_or(0))
            {
                return Some(d.end + 1);
            }
        }
        for tail in ["上旬", "中旬", "下旬", "底", "初", "末", "份", "中"] {
            let n = self.starts(j, tail);
            if n > 0 {
                j += n;
                break;
            }
        }
        Some(j)
    }

    /// `517电信日`, `315晚会`: a number naming a day.
    fn day_name(&self, i: usize, v: i64, end: usize) -> Option<usize> {
        if !(101..=1231).contains(&v) || end - i > 4 || matches!(v, 110 | 119 | 120 | 122 | 114) {
            return None;
        }
        let (m, d) = (v / 100, v % 100);
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        let mut j = if is_close_quote(self.at(end)) {
            end + 1
        } else {
            end
        };
        let mut han = 0;
        while han < 5 && is_han(self.at(j)) {
            if matches!(self.at(j), '日' | '节') && han > 0 && self.at(j + 1) != '均' {
                return Some(end);
            }
            if self.at(j) == '晚' && self.at(j + 1) == '会' {
                return Some(end);
            }
            j += 1;
            han += 1;
        }
        None
    }

    fn classify_unitless(&self, i: usize, num: &Num, after_letters: bool, prev: char) -> Kind {
        if after_letters || self.ends_with(i, "PM") {
            return Kind::Name;
        }
        if num.leading_zero {
            return Kind::Code;
        }
        // A quoted number or one glued to a name: “241”, “2022清源”.
        let next = self.at(num.end);
        if is_open_quote(prev) && (is_close_quote(next) || is_han(next)) {
            return Kind::Name;
        }
        if self.year_like(num) && is_han(next) {
            return Kind::Name;
        }
        if self.year_like(num) && is_close_quote(next) && is_han(prev) {
            return Kind::Name; // “净网2023”
        }
        if !num.has_magnitude
            && !num.decimal
            && (self.near_code_noun(i, num.end) || is_service_number(num))
        {
            return Kind::Code;
        }
        if !num.has_magnitude
            && !num.decimal
            && num.integer_digits >= 5
            && !self.has_implied(num.end)
        {
            return Kind::Code;
        }
        Kind::Measure
    }

    fn near_code_noun(&self, i: usize, end: usize) -> bool {
        let mut j = end;
        let limit = end + 8;
        while j < limit && j < self.chars.len() && !is_clause_break(self.chars[j]) {
            if CODE_NOUNS.iter().any(|w| self.starts(j, w) > 0) {
                return true;
            }
            j += 1;
        }
        ["拨打", "热线", "电话", "号码", "致电"]
            .iter()
            .any(|w| self.ends_with(i, w))
    }

    fn has_implied(&self, end: usize) -> bool {
        !self.implied_unit(end, end).is_empty()
    }

    /// The classifier implied by the counted noun after (or before) a number
    /// that has no measure word.
    fn implied_unit(&self, start: usize, end: usize) -> &'static str {
        let mut j = end;
        while j < end + 10 && j < self.chars.len() && !is_clause_break(self.chars[j]) {
            for (noun, unit) in units::IMPLIED {
                if self.starts(j, noun) > 0 {
                    return unit;
                }
            }
            j += 1;
        }
        let mut k = start;
        while k > 0 && start - k < 8 && !is_clause_break(self.chars[k - 1]) {
            k -= 1;
            for (noun, unit) in units::IMPLIED {
                if self.ends_with(start, noun) && k == start - noun.chars().count() {
                    return unit;
                }
            }
        }
        // The noun right before, bound words aside: 域名83.4万, 诉求超过9万.
        let mut k = start;
        for w in [
            "超过",
            "达到",
            "不少于",
            "不低于",
            "超",
            "达",
            "近",
            "约",
            "共",
            "为",
            "逾",
        ] {
            if self.ends_with(k, w) {
                k -= w.chars().count();
                break;
            }
        }
        for (noun, unit) in units::IMPLIED {
            if self.ends_with(k, noun) {
                return unit;
            }
        }
        ""
    }

    // ---- context: comparators, approximations, periods, changes ----------

    fn finish(&self, q: &mut Quantity, start: usize, end: usize, approx_after: Option<Approx>) {
        q.approx = approx_after;
        let (cmp, approx_before) = self.prefix_words(start);
        q.comparator = cmp.or_else(|| self.far_comparator(start));
        if approx_before.is_some() {
            q.approx = approx_before;
        }
        if q.approx.is_none() {
            q.approx = self.far_about(start);
        }
        // 近三年 is "the last three years", not "nearly three".
        if q.approx == Some(Approx::Nearly) && matches!(q.unit, "年" | "个月" | "天") {
            q.approx = None;
        }
        // 以上, 以下, 以内, 左右 after the unit.
        let (suffix_cmp, suffix_approx) = self.suffix_words(end);
        if q.comparator.is_none() {
            q.comparator = suffix_cmp;
        }
        if suffix_approx.is_some() {
            q.approx = suffix_approx;
        }
        if q.kind == Kind::Percent || q.unit == "个百分点" {
            q.change = self.change_before(start);
        }
        q.period = self.period_before(start);
    }

    fn prefix_words(&self, start: usize) -> (Option<Comparator>, Option<Approx>) {
        let mut i = start;
        while i > 0 && matches!(self.chars[i - 1], ' ' | '\t') {
            i -= 1;
        }
        const WORDS: &[(&str, Option<Comparator>, Option<Approx>)] = &[
            ("大于或等于", Some(Comparator::Ge), None),
            ("大于等于", Some(Comparator::Ge), None),
            ("小于或等于", Some(Comparator::Le), None),
            ("小于等于", Some(Comparator::Le), None),
            ("不少于", Some(Comparator::Ge), None),
            ("不低于", Some(Comparator::Ge), None),
            ("不小于", Some(Comparator::Ge), None),
            ("不超过", Some(Comparator::Le), None),
            ("不高于", Some(Comparator::Le), None),
            ("不大于", Some(Comparator::Le), None),
            ("不多于", Some(Comparator::Le), None),
            ("控制在", Some(Comparator::Le), None),
            ("至少", Some(Comparator::Ge), None),
            ("达到", Some(Comparator::Ge), None),
            ("超过", Some(Comparator::Gt), None),
            ("突破", Some(Comparator::Gt), None),
            ("高于", Some(Comparator::Gt), None),
            ("大于", Some(Comparator::Gt), None),
            ("多于", Some(Comparator::Gt), None),
            ("至多", Some(Comparator::Le), None),
            ("最多", Some(Comparator::Le), None),
            ("低于", Some(Comparator::Lt), None),
            ("少于", Some(Comparator::Lt), None),
            ("小于", Some(Comparator::Lt), None),
            ("不足", Some(Comparator::Lt), None),
            ("不到", Some(Comparator::Lt), None),
            ("将近", None, Some(Approx::Nearly)),
            ("接近", None, Some(Approx::Nearly)),
            ("大约", None, Some(Approx::About)),
            ("大概", None, Some(Approx::About)),
            (">=", Some(Comparator::Ge), None),
            ("<=", Some(Comparator::Le), None),
            ("≥", Some(Comparator::Ge), None),
            ("≧", Some(Comparator::Ge), None),
            ("⩾", Some(Comparator::Ge), None),
            ("≤", Some(Comparator::Le), None),
            ("≦", Some(Comparator::Le), None),
            ("⩽", Some(Comparator::Le), None),
            ("═", Some(Comparator::Eq), None),
            ("﹦", Some(Comparator::Eq), None),
            ("=", Some(Comparator::Eq), None),
            (">", Some(Comparator::Gt), None),
            ("<", Some(Comparator::Lt), None),
            ("超", Some(Comparator::Gt), None),
            ("逾", Some(Comparator::Gt), None),
            ("达", Some(Comparator::Ge), None),
            ("近", None, Some(Approx::Nearly)),
            ("约", None, Some(Approx::About)),
        ];
        let mut cmp = None;
        let mut approx = None;
        if i == 0 || !is_prefix_end(self.chars[i - 1]) {
            return (None, None);
        }
        // Two words may stack: 超过近, 约达.
        for _ in 0..2 {
            let mut matched = false;
            for (w, c, a) in WORDS {
                if self.ends_with(i, w) {
                    // 下达, 传达, 送达, 到达 are verbs, not 达到.
                    if *w == "达"
                        && matches!(
                            self.before(i - 1),
                            '下' | '传' | '送' | '到' | '表' | '通' | '抵' | '转'
                        )
                    {
                        continue;
                    }
                    // 不超过 must not read as 超过, nor 不低于 as 低于.
                    if cmp.is_none() {
                        cmp = *c;
                    }
                    if approx.is_none() {
                        approx = *a;
                    }
                    i -= w.chars().count();
                    matched = true;
                    break;
                }
            }
            if !matched {
                break;
            }
        }
        (cmp, approx)
    }

    /// 至少配备2名, 至多承办15件, 达到每年45万吨: a bound a few words before.
    fn far_comparator(&self, start: usize) -> Option<Comparator> {
        let from = start.saturating_sub(10);
        if !self.chars[from..start]
            .iter()
            .any(|c| matches!(c, '至' | '最' | '不' | '每'))
        {
            return None;
        }
        const FAR: &[(&str, Comparator)] = &[
            ("至少", Comparator::Ge),
            ("最少", Comparator::Ge),
            ("不少于", Comparator::Ge),
            ("不低于", Comparator::Ge),
            ("至多", Comparator::Le),
            ("最多", Comparator::Le),
            ("不超过", Comparator::Le),
            ("不高于", Comparator::Le),
            ("不多于", Comparator::Le),
        ];
        let mut i = start;
        let mut steps = 0;
        while i > 0 && steps < 8 {
            let c = self.chars[i - 1];
            if is_clause_break(c) || c.is_ascii_digit() || c == '、' {
                break;
            }
            for (w, cmp) in FAR {
                if self.ends_with(i, w) {
                    return Some(*cmp);
                }
            }
            i -= 1;
            steps += 1;
        }
        // 达到每年…, 达每日…: a bound before a period word.
        for per in [
            "每年",
            "每日",
            "每天",
            "每月",
            "每百人",
            "每千人口",
            "每千人",
            "每万人",
        ] {
            if self.ends_with(start, per) {
                let k = start - per.chars().count();
                if self.ends_with(k, "达到") || self.ends_with(k, "达") {
                    return Some(Comparator::Ge);
                }
            }
        }
        None
    }

    /// 大约聚集群众5000人: 约 a few words before, not as in 约谈 or 节约.
    fn far_about(&self, start: usize) -> Option<Approx> {
        let from = start.saturating_sub(8);
        if !self.chars[from..start].contains(&'约') {
            return None;
        }
        let mut i = start;
        let mut steps = 0;
        while i > 0 && steps < 8 {
            let c = self.chars[i - 1];
            if is_clause_break(c) || c.is_ascii_digit() || c == '、' {
                break;
            }
            if c == '约' {
                let next = self.at(i);
                let prev = self.before(i - 1);
                let word_with = matches!(next, '谈' | '束' | '定')
                    || matches!(
                        prev,
                        '节' | '制'
                            | '签'
                            | '预'
                            | '合'
                            | '公'
                            | '履'
                            | '网'
                            | '集'
                            | '特'
                            | '邀'
                            | '违'
                            | '租'
                            | '婚'
                    );
                if !word_with {
                    return Some(Approx::About);
                }
            }
            i -= 1;
            steps += 1;
        }
        None
    }

    fn suffix_words(&self, end: usize) -> (Option<Comparator>, Option<Approx>) {
        let j = end;
        let words: &[(&str, Option<Comparator>, Option<Approx>)] = &[
            ("及以上", Some(Comparator::Ge), None),
            ("以上", Some(Comparator::Ge), None),
            ("及以下", Some(Comparator::Le), None),
            ("以下", Some(Comparator::Le), None),
            ("以内", Some(Comparator::Le), None),
            ("之内", Some(Comparator::Le), None),
            ("内", Some(Comparator::Le), None),
            ("左右", None, Some(Approx::About)),
            ("上下", None, Some(Approx::About)),
        ];
        for (w, c, a) in words {
            if self.starts(j, w) > 0 {
                return (*c, *a);
            }
        }
        (None, None)
    }

    fn change_before(&self, start: usize) -> Option<Change> {
        let mut i = start;
        if matches!(self.before(i), '-' | '－' | '+') {
            i -= 1;
        }
        loop {
            let before = i;
            while i > 0 && matches!(self.chars[i - 1], ' ' | '了' | '达' | '约' | '近' | '超')
            {
                i -= 1;
            }
            for w in [
                "超过",
                "达到",
                "不低于",
                "不少于",
                "不超过",
                "不高于",
                "约为",
                "分别",
                "均",
            ] {
                if self.ends_with(i, w) {
                    i -= w.chars().count();
                }
            }
            if i == before {
                break;
            }
        }
        for (words, change) in [
            (CHANGE_UP, Change::Increase),
            (CHANGE_DOWN, Change::Decrease),
        ] {
            for w in words {
                if self.ends_with(i, w) {
                    return Some(change);
                }
            }
        }
        None
    }

    fn period_before(&self, start: usize) -> Option<Period> {
        const WORDS: &[(&str, Period)] = &[
            ("每个工作日", Period::Day),
            ("每天", Period::Day),
            ("每日", Period::Day),
            ("日均", Period::Day),
            ("每周", Period::Week),
            ("周均", Period::Week),
            ("每个月", Period::Month),
            ("每月", Period::Month),
            ("月均", Period::Month),
            ("每季度", Period::Quarter),
            ("每个季度", Period::Quarter),
            ("季均", Period::Quarter),
            ("每年", Period::Year),
            ("年均", Period::Year),
            ("全年", Period::Year),
            ("本年", Period::Year),
            ("今年", Period::Year),
        ];
        let mut i = start;
        let mut steps = 0;
        while i > 0 && steps < 40 && !is_clause_break(self.chars[i - 1]) {
            if matches!(
                self.chars[i - 1],
                '天' | '日' | '均' | '周' | '月' | '度' | '年'
            ) {
                for (w, p) in WORDS {
                    if self.ends_with(i, w) {
                        return Some(*p);
                    }
                }
            }
            i -= 1;
            steps += 1;
        }
        None
    }

    // ---- Chinese numerals --------------------------------------------------

    fn chinese(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
        let c = self.chars[i];
        // The common case: a lone 一 (统一, 一系列) with no measure word after.
        if c == '一'
            && !self.numeral_at(i + 1)
            && self.unit_at(i + 1).is_none()
            && !matches!(self.at(i + 1), '到' | '点')
        {
            return Some(i + 1);
        }
        // In a set phrase (最多跑一次, 两个确立): its name, or skipped when it
        // started earlier.
        for &(phrase, pos) in phrases_with(c) {
            if pos > i {
                continue;
            }
            let len = phrase.chars().count();
            if self.starts(i - pos, phrase) == len {
                if pos == 0 {
                    self.push(out, self.quantity(i, i + len, Decimal::ZERO, Kind::Name));
                }
                return Some(i - pos + len);
            }
        }
        for (name, md) in DAY_NAMES.iter().filter(|(n, _)| n.starts_with(c)) {
            let n = self.starts(i, name);
            // “五一”假期, 七一前夕: the day, not fifty-one.
            if n > 0
                && (is_close_quote(self.at(i + n))
                    || !chinese::is_numeral_char(self.at(i + n)) && self.unit_at(i + n).is_none())
            {
                self.push(
                    out,
                    self.quantity(i, i + n, Decimal::from_int(*md), Kind::Date),
                );
                return Some(i + n);
            }
        }
        let mut j = i;
        while self.numeral_at(j)
            || (self.at(j) == '点' && chinese::digit_value(self.at(j + 1)).is_some() && j > i)
        {
            j += 1;
        }
        let run: String = self.chars[i..j].iter().collect();
        let first = self.chars[i];
        // 十几家, 二十多人 are handled below; 十几 is vague.
        if self.at(j) == '几' {
            if let Some(v) = chinese::parse(&run) {
                let mut end = j + 1;
                if let Some((_, len)) = self.unit_at(end) {
                    end += len;
                }
                self.push(out, self.quantity(i, end, v, Kind::Vague));
                return Some(end);
            }
        }
        // A lone 一 is an article more often than a number (一系列, 统一, 一批),
        // except where a period or a bound asks for a count: 每月开展一次.
        if run == "一一" {
            return Some(j);
        }
        if run == "一" {
            let unit = self.unit_at(j);
            // 一所、 / 一次。: a count standing alone at the end of a clause.
            let stands_alone = unit.is_some_and(|(_, len)| {
                let after = self.at(j + len);
                is_clause_break(after) || after == '、' || after == '\0'
            });
            let counted = stands_alone
                || self.period_before(i).is_some_and(|p| p != Period::Year)
                || self.prefix_words(i).0.is_some()
                || self.far_comparator(i).is_some();
            match unit {
                Some((u, len)) if counted && u.class == UnitClass::Count => {
                    let end = j + len;
                    let mut q = self.quantity(i, end, Decimal::from_int(1), Kind::Measure);
                    q.unit = u.canonical;
                    self.finish(&mut q, i, end, None);
                    self.push(out, q);
                    return Some(end);
                }
                _ => return Some(j),
            }
        }
        // 万一, 千家万户, 百点: a magnitude with no digit before it is not a count.
        if chinese::unit_value(first).is_some_and(|u| u >= 100) {
            return Some(j);
        }
        let value = chinese::parse(&run)?;
        let positional =
            run.chars().count() > 1 && run.chars().all(|c| chinese::digit_value(c).is_some());
        // 二十大, 十九大: party congresses.
        if self.at(j) == '大' || self.at(j) == '届' {
            self.push(out, self.quantity(i, j + 1, value, Kind::Name));
            return Some(j + 1);
        }
        if is_open_quote(self.before(i)) && is_close_quote(self.at(j)) {
            self.push(out, self.quantity(i, j, value, Kind::Name));
            return Some(j);
        }
        // 二〇二二年, 十月, 十月底.
        if self.at(j) == '年' && positional && run.chars().count() == 4 {
            self.push(out, self.quantity(i, j + 1, value, Kind::Date));
            return Some(j + 1);
        }
        if self.at(j) == '月' {
            if let Some(v) = value.to_i64() {
                if (1..=12).contains(&v) && !positional {
                    let mut end = j + 1;
                    let k = j + 1;
                    let mut d_end = k;
                    while chinese::is_numeral_char(self.at(d_end)) {
                        d_end += 1;
                    }
                    if d_end > k && matches!(self.at(d_end), '日' | '号') {
                        end = d_end + 1;
                    } else {
                        for tail in ["上旬", "中旬", "下旬", "底", "初", "末", "份"] {
                            let n = self.starts(end, tail);
                            if n > 0 {
                                end += n;
                                break;
                            }
                        }
                    }
                    self.push(out, self.quantity(i, end, value, Kind::Date));
                    return Some(end);
                }
            }
        }
        if positional {
            return Some(j);
        }
        // 两到三天, 三至五个: a range in numerals.
        if matches!(self.at(j), '到' | '至' | '-' | '～' | '~') && self.numeral_at(j + 1) {
            let mut k = j + 1;
            while self.numeral_at(k) {
                k += 1;
            }
            let upper_run: String = self.chars[j + 1..k].iter().collect();
            if let (Some(upper), Some((u, len))) = (chinese::parse(&upper_run), self.unit_at(k)) {
                if upper > value && u.class != UnitClass::Other {
                    let end = k + len;
                    let mut q = self.quantity(i, end, value, Kind::Measure);
                    q.upper = Some(upper);
                    q.unit = u.canonical;
                    self.push(out, q);
                    return Some(end);
                }
            }
        }
        let (approx_after, k) = match self.approx_suffix(j) {
            Some((a, k)) => (Some(a), k),
            None => (None, j),
        };
        let (unit, len) = self.unit_at(k)?;
        if matches!(unit.text, "倍" | "分" | "度" | "点位" | "节" | "级") {
            return Some(j);
        }
        let end = k + len;
        let kind = if matches!(unit.class, UnitClass::Percent | UnitClass::PercentPoint) {
            Kind::Percent
        } else {
            Kind::Measure
        };
        let mut q = self.quantity(i, end, value, kind);
        q.unit = unit.canonical;
        self.finish(&mut q, i, end, approx_after);
        self.push(out, q);
        Some(end)
    }

    /// 百分之九十, 百分之95, 千分之三.
    fn chinese_percent(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
        let (unit, n) = if self.starts(i, "百分之") > 0 {
            ("%", 3)
        } else if self.starts(i, "千分之") > 0 {
            ("‰", 3)
        } else {
            return None;
        };
        let j = i + n;
        let (value, end) = if self.at(j).is_ascii_digit() {
            let num = self.read_digits(j)?;
            (num.value, num.end)
        } else {
            let mut k = j;
            while chinese::is_numeral_char(self.at(k))
                || (self.at(k) == '点' && chinese::digit_value(self.at(k + 1)).is_some())
            {
                k += 1;
            }
            let run: String = self.chars.get(j..k)?.iter().collect();
            (chinese::parse(&run)?, k)
        };
        let mut q = self.quantity(i, end, value, Kind::Percent);
        q.unit = unit;
        self.finish(&mut q, i, end, None);
        self.push(out, q);
        Some(end)
    }

    /// A magnitude word with no digit before it: a rate base (`百万用户申诉率`)
    /// or nothing (千兆, 万无一失, 百点).
    fn magnitude_word(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
        if chinese::is_numeral_char(self.before(i)) || self.before(i).is_ascii_digit() {
            return None;
        }
        let mut j = i;
        while matches!(self.at(j), '十' | '百' | '千' | '万' | '亿') {
            j += 1;
        }
        if self.at(j) == '兆' {
            return Some(j + 1); // 千兆 is gigabit
        }
        let run: String = self.chars[i..j].iter().collect();
        let value = chinese::parse(&run)?;
        // 万余人, 百余名, 近百家: a round amount with no digit before it.
        let (approx, k) = match self.approx_suffix(j) {
            Some((a, k)) => (Some(a), k),
            None if self.before(i) == '近' => (Some(Approx::Nearly), j),
            None => (None, j),
        };
        if approx.is_some() {
            if let Some((u, len)) = self.unit_at(k) {
                if u.class == UnitClass::Count || u.class == UnitClass::Money {
                    let end = k + len;
                    let mut q = self.quantity(i, end, value, Kind::Measure);
                    q.unit = u.canonical;
                    self.finish(&mut q, i, end, approx);
                    self.push(out, q);
                    return Some(end);
                }
            }
        }
        // 万元GDP, 亿元地区生产总值, 万台: the base of an intensity.
        for tail in [
            "元GDP",
            "元地区生产总值",
            "元生产总值",
            "元工业增加值",
            "台",
        ] {
            let n = self.starts(j, tail);
            if n > 0 && (tail != "台" || ["事故", "故障"].iter().any(|w| self.starts(j + n, w) > 0))
            {
                self.push(out, self.quantity(i, j + n, value, Kind::RateBase));
                return Some(j + n);
            }
        }
        // A rate: 率 within a few characters of the same clause.
        let mut k = j;
        while k < j + 6 && k < self.chars.len() && !is_clause_break(self.chars[k]) {
            if self.chars[k] == '率' {
                self.push(out, self.quantity(i, k + 1, value, Kind::RateBase));
                return Some(k + 1);
            }
            k += 1;
        }
        Some(j)
    }

    /// 每万人口, 每十万人, 每千户.
    fn rate_base_per(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
        let mut j = i + 1;
        while matches!(self.at(j), '十' | '百' | '千' | '万' | '亿') {
            j += 1;
        }
        if j == i + 1 {
            return None;
        }
        let run: String = self.chars[i + 1..j].iter().collect();
        let value = chinese::parse(&run)?;
        let mut end = j;
        for noun in ["人口", "名", "人", "户", "用户", "辆", "家"] {
            let n = self.starts(j, noun);
            if n > 0 {
                end = j + n;
                break;
            }
        }
        // 每万名老年人, 每千名儿童: the counted people after the classifier.
        if matches!(self.at(j), '名' | '个') {
            let mut k = j + 1;
            while k < j + 6 && is_han(self.at(k)) {
                if matches!(self.at(k), '人' | '口' | '童' | '户') {
                    end = k + 1;
                    break;
                }
                k += 1;
            }
        }
        self.push(out, self.quantity(i, end, value, Kind::RateBase));
        Some(end)
    }

    /// 数百, 数十, 几十, 上千, 成百上千, 数以万计.
    fn vague(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
        for phrase in [
            "成百上千",
            "成千上万",
            "数以万计",
            "数以千计",
            "数以百计",
            "数以亿计",
        ] {
            let n = self.starts(i, phrase);
            if n > 0 {
                let value = match phrase {
                    "成百上千" | "数以百计" => 100,
                    "成千上万" | "数以千计" => 1000,
                    "数以万计" => 10_000,
                    _ => 100_000_000,
                };
                self.push(
                    out,
                    self.quantity(i, i + n, Decimal::from_int(value), Kind::Vague),
                );
                return Some(i + n);
            }
        }
        let c = self.chars[i];
        if c == '成' {
            return None;
        }
        let mut j = i + 1;
        while matches!(self.at(j), '十' | '百' | '千' | '万' | '亿') {
            j += 1;
        }
        if j == i + 1 {
            return None;
        }
        // 上千 needs the magnitude to stand alone (上百万 yes, 上万元 yes; 上十 no).
        if c == '上' && self.at(i + 1) == '十' {
            return None;
        }
        let run: String = self.chars[i + 1..j].iter().collect();
        let value = chinese::parse(&run)?;
        let mut end = j;
        if let Some((_, len)) = self.unit_at(j) {
            end += len;
        }
        let mut q = self.quantity(i, end, value, Kind::Vague);
        q.unit = self.unit_at(j).map_or("", |(u, _)| u.canonical);
        self.push(out, q);
        Some(end)
    }

    /// 第十三次, 第1批, 第一: ordinals are names, never amounts.
    fn ordinal_name(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
        let mut j = i + 1;
        let value;
        if self.at(j).is_ascii_digit() {
            let num = self.read_digits(j)?;
            value = num.value;
            j = num.end;
        } else {
            let start = j;
            while chinese::is_numeral_char(self.at(j)) {
                j += 1;
            }
            if j == start {
                return None;
            }
            let run: String = self.chars[start..j].iter().collect();
            value = chinese::parse(&run)?;
        }
        let mut kind = Kind::Name;
        for tail in [
            "次", "届", "批", "期", "个", "轮", "季度", "名", "位", "项", "条", "款", "章", "节",
        ] {
            let n = self.starts(j, tail);
            if n > 0 {
                j += n;
                kind = match tail {
                    "季度" => Kind::Date,
                    "条" | "款" | "章"
                        if self.before(i) == '》'
                            || self.chars[i.saturating_sub(30)..i].contains(&'《') =>
                    {
                        Kind::Code
                    }
                    _ => Kind::Name,
                };
                break;
            }
        }
        self.push(out, self.quantity(i, j, value, kind));
        Some(j)
    }
}

/// The power of ten that a magnitude added to a number (for `3-5万`).
fn magnitude_of(scaled: Decimal, raw: Option<Decimal>) -> i32 {
    let Some(raw) = raw else { return 0 };
    for p in [4, 8, 12, 3, 2, 1, 5, 6, 7] {
        if raw.scaled_pow10(p) == scaled {
            return p;
        }
    }
    0
}

/// The last characters of the bound and approximation words before a number.
#[inline]
fn is_prefix_end(c: char) -> bool {
    matches!(
        c,
        '于' | '过'
            | '破'
            | '少'
            | '低'
            | '小'
            | '超'
            | '高'
            | '大'
            | '多'
            | '在'
            | '足'
            | '到'
            | '近'
            | '约'
            | '概'
            | '='
            | '≥'
            | '≧'
            | '⩾'
            | '≤'
            | '≦'
            | '⩽'
            | '═'
            | '﹦'
            | '>'
            | '<'
            | '逾'
            | '达'
    )
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

/// Public service telephone numbers: 110, 119, 120, 122 and the 12xxx and
/// 96xxx hotlines.
fn is_service_number(num: &Num) -> bool {
    let Some(v) = num.value.to_i64() else {
        return false;
    };
    matches!(v, 110 | 119 | 120 | 122 | 114 | 12306)
        || (num.integer_digits == 5 && (12000..13000).contains(&v))
        || (num.integer_digits == 5 && (95000..97000).contains(&v))
}

fn static_unit(letters: &str) -> &'static str {
    match letters {
        "GB" => "GB",
        "TB" => "TB",
        "MB" => "MB",
        "PB" => "PB",
        "KB" => "KB",
        "km" => "公里",
        "kg" => "千克",
        "kW" => "千瓦",
        "kWh" => "千瓦时",
        "MW" => "兆瓦",
        "t" => "吨",
        "m" => "米",
        _ => "",
    }
}

#[cfg(test)]
mod tests;

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
