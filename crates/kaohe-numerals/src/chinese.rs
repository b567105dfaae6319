//! Chinese numerals: `三`, `十五`, `一百零五`, `两千`, `三万五千`, `一千二百万`,
//! `壹佰贰拾`, `二〇二二`, `三点五`, and the colloquial `三万五` (35000).

use crate::Decimal;

/// The value of a Chinese digit character (`零〇一二两三…九` and the
/// financial forms `壹贰叁…`).
#[inline]
pub fn digit_value(c: char) -> Option<u8> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The multiplier of a Chinese unit character (`十百千万亿` and `拾佰仟萬億`).
#[inline]
pub fn unit_value(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// True for the financial forms (壹贰叁 … 拾佰仟), which also occur inside
/// ordinary words (队伍, 陆续).
#[inline]
pub fn is_financial(c: char) -> bool {
    matches!(
        c,
        '壹' | '贰'
            | '貳'
            | '叁'
            | '參'
            | '肆'
            | '伍'
            | '陆'
            | '陸'
            | '柒'
            | '捌'
            | '玖'
            | '拾'
            | '佰'
            | '仟'
    )
}

/// True for any character that can be part of a Chinese numeral.
#[inline]
pub fn is_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || unit_value(c).is_some()
}

/// Reads a whole string as a Chinese numeral; `None` when it is not one.
///
/// Positional digit strings (`二〇二二`) read digit by digit; otherwise the
/// usual 万/亿 sections apply, with `零` as a place holder.
pub fn parse(s: &str) -> Option<Decimal> {
    let (int_part, frac_part) = match s.split_once('点') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut value = if int_part.is_empty() && frac_part.is_some() {
        Decimal::ZERO
    } else {
        Decimal::from_int(i128::from(parse_integer(int_part)?))
    };
    if let Some(frac) = frac_part {
        // 一点二亿: a decimal with a magnitude after it.
        let digits_end = frac.find(|c| unit_value(c).is_some()).unwrap_or(frac.len());
        let (frac, magnitude) = frac.split_at(digits_end);
        if frac.is_empty() {
            return None;
        }
        let scale: i32 = match magnitude {
            "" => 0,
            "万" | "萬" => 4,
            "亿" | "億" => 8,
            "万亿" => 12,
            "千万" => 7,
            "百万" => 6,
            "十万" => 5,
            _ => return None,
        };
        let mut places = 0i32;
        for c in frac.chars() {
            let d = digit_value(c)?;
            places += 1;
            value = value.plus(Decimal::from_int(i128::from(d)).scaled_pow10(-places));
        }
        return Some(value.scaled_pow10(scale));
    }
    Some(value)
}

fn parse_integer(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| digit_value(c).is_some()) {
        let mut n: u64 = 0;
        for c in s.chars() {
            n = n.checked_mul(10)?.checked_add(u64::from(digit_value(c)?))?;
        }
        return Some(n);
    }
    let mut total: u64 = 0; // everything above 亿, already multiplied
    let mut wan: u64 = 0; // the 万 section, already multiplied
    let mut section: u64 = 0; // below 万
    let mut digit: Option<u64> = None;
    let mut last_unit: u64 = 0;
    let mut after_unit = false; // the previous character was a unit
    let mut saw_zero = false;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            if digit.is_some() && !saw_zero {
                return None; // two digits in a row outside a positional string
            }
            if d == 0 {
                saw_zero = true;
                digit = None;
            } else {
                digit = Some(u64::from(d));
                saw_zero = false;
            }
            after_unit = false;
            continue;
        }
        let u = unit_value(c)?;
        saw_zero = false;
        match u {
            10 | 100 | 1000 => {
                let d = digit.take().unwrap_or(1);
                section = section.checked_add(d.checked_mul(u)?)?;
            }
            10_000 => {
                let part = section.checked_add(digit.take().unwrap_or(0))?;
                let part = if part == 0 && wan == 0 && total == 0 {
                    1
                } else {
                    part
                };
                wan = wan.checked_add(part.checked_mul(10_000)?)?;
                section = 0;
            }
            _ => {
                let part = wan
                    .checked_add(section)?
                    .checked_add(digit.take().unwrap_or(0))?;
                let part = if part == 0 && total == 0 { 1 } else { part };
                total = total.checked_add(part)?.checked_mul(100_000_000)?;
                wan = 0;
                section = 0;
            }
        }
        last_unit = u;
        after_unit = true;
    }
    let mut tail = digit.unwrap_or(0);
    // 三万五 is 35000 and 两千五 is 2500: a bare digit right after a unit of a
    // hundred or more means the next place down.
    if !after_unit && tail > 0 && last_unit >= 100 && ends_with_unit_then_digit(s) {
        tail *= last_unit / 10;
    }
    total
        .checked_add(wan)?
        .checked_add(section)?
        .checked_add(tail)
}

fn ends_with_unit_then_digit(s: &str) -> bool {
    let mut it = s.chars().rev();
    let last = it.next();
    let before = it.next();
    matches!((last, before), (Some(l), Some(b)) if digit_value(l).is_some() && unit_value(b).is_some())
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Writes a whole number in standard Chinese numerals (`105` → `一百零五`,
/// `35000` → `三万五千`, `10` → `十`).
pub fn format(n: u64) -> String {
    let mut out = String::new();
    if n == 0 {
        out.push('零');
    } else {
        format_into(n, &mut out);
    }
    // 一十五 reads 十五 at the start.
    if out.starts_with("一十") {
        out.remove(0);
    }
    out
}

fn format_into(n: u64, out: &mut String) {
    const YI: u64 = 100_000_000;
    if n >= YI {
        format_into(n / YI, out);
        out.push('亿');
        let low = n % YI;
        if low > 0 {
            if low < YI / 10 {
                out.push('零');
            }
            format_into(low, out);
        }
    } else if n >= 10_000 {
        format_group(n / 10_000, out);
        out.push('万');
        let low = n % 10_000;
        if low > 0 {
            if low < 1000 {
                out.push('零');
            }
            format_group(low, out);
        }
    } else {
        format_group(n, out);
    }
}

/// Writes 1..=9999 with inner zeros (`1001` → `一千零一`).
fn format_group(group: u64, out: &mut String) {
    let places = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut zero = false;
    let mut started = false;
    for (p, name) in places {
        let d = (group / p) % 10;
        if d == 0 {
            zero = started;
            continue;
        }
        if zero {
            out.push('零');
        }
        zero = false;
        out.push(DIGITS[d as usize]);
        if name != ' ' {
            out.push(name);
        }
        started = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_forms() {
        let cases: &[(&str, &str)] = &[
            ("三", "3"),
            ("十", "10"),
            ("十五", "15"),
            ("二十一", "21"),
            ("一百零五", "105"),
            ("一百一十", "110"),
            ("两千", "2000"),
            ("两千零二十二", "2022"),
            ("三万五千", "35000"),
            ("三万五", "35000"),
            ("两千五", "2500"),
            ("一万二", "12000"),
            ("一千二百万", "12000000"),
            ("十万", "100000"),
            ("百万", "1000000"),
            ("一亿", "100000000"),
            ("三亿五千万", "350000000"),
            ("一万亿", "1000000000000"),
            ("壹佰贰拾", "120"),
            ("贰拾叁万肆仟", "234000"),
            ("二〇二二", "2022"),
            ("二零二三", "2023"),
            ("三点五", "3.5"),
            ("零点五", "0.5"),
            ("一点二亿", "120000000"),
            ("三点五万", "35000"),
            ("一千零一", "1001"),
            ("十万零三百", "100300"),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse(input).map(|d| d.to_string()).as_deref(),
                Some(*want),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_numeral() {
        for bad in ["", "点", "三点", "五三十", "三x", "两会"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn writes_standard_numerals() {
        let cases: &[(u64, &str)] = &[
            (0, "零"),
            (7, "七"),
            (10, "十"),
            (15, "十五"),
            (20, "二十"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (35000, "三万五千"),
            (100300, "十万零三百"),
            (12000000, "一千二百万"),
            (100000000, "一亿"),
            (100000001, "一亿零一"),
            (2022, "二千零二十二"),
            (1000100000000, "一万零一亿"),
            (100000010, "一亿零一十"),
            (1010, "一千零一十"),
        ];
        for (n, want) in cases {
            assert_eq!(format(*n), *want, "{n}");
        }
    }
}
