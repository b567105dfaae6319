//! Numbers written in Chinese numerals, and the number words around them.
//!
//! Chinese numerals sit inside ordinary words far more often than digits do
//! (统一, 一系列, 三会一课, 十四五), so a run of numerals becomes an amount
//! only when a measure word follows it, and a lone 一 only where a period or
//! a bound asks for a count (每月开展一次). Set phrases and holidays (五一)
//! are names and dates. The number words that are not plain numerals are
//! read here too: percent words (百分之九十), magnitude words with no digit
//! before them (百万用户申诉率), rate bases (每万人口), vague amounts (数百,
//! 十几) and ordinals (第十三次).

use kaohe_numerals::{chinese, Decimal};

use super::{Approx, Kind, Period, Quantity, Scan};
use crate::text::{is_clause_break, is_close_quote, is_han, is_open_quote};
use crate::units::UnitClass;

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

impl<'t> Scan<'t> {
    // ---- Chinese numerals --------------------------------------------------

    pub(super) fn chinese(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
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
    pub(super) fn chinese_percent(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
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
    pub(super) fn magnitude_word(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
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
    pub(super) fn rate_base_per(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
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
    pub(super) fn vague(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
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
    pub(super) fn ordinal_name(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
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
