//! Numbers written in Arabic digits, and what they are.
//!
//! Digits are the most common way a report writes an amount, and the most
//! ambiguous: `2023` may be a year, `96010` a hotline, `5G` a name, `1.` an
//! item number, `7×24` a schedule. A number is first read whole (thousands
//! separators, decimals, a magnitude such as 万 or 亿, a range such as
//! `3-5`), then the unit and the words after it decide its [`Kind`]; a
//! number with no unit is classified by its neighbours (quotes, a code noun
//! such as 热线, a service number, a counted noun that implies a measure
//! word).

use kaohe_numerals::Decimal;

use super::{Approx, Kind, Quantity, Scan};
use crate::text::{is_clause_break, is_close_quote, is_han, is_open_quote};
use crate::units::{self, match_unit, UnitClass};

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

/// A number read at some position: its value, where it ends, and whether
/// it was written with a magnitude (万, 亿).
#[derive(Clone, Copy)]
pub(super) struct Num {
    pub(super) value: Decimal,
    pub(super) end: usize,
    integer_digits: usize,
    has_magnitude: bool,
    decimal: bool,
    leading_zero: bool,
}

impl<'t> Scan<'t> {
    // ---- reading numbers -------------------------------------------------

    /// Digits with optional thousands separators and decimals.
    pub(super) fn read_digits(&self, i: usize) -> Option<Num> {
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
    pub(super) fn approx_suffix(&self, j: usize) -> Option<(Approx, usize)> {
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

    pub(super) fn arabic(&self, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
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
    pub(super) fn unit_at(&self, j: usize) -> Option<(&'static units::Unit, usize)> {
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
