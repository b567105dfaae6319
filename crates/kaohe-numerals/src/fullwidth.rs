//! Full-width ASCII variants to ASCII.
//!
//! Only the characters that carry numbers and codes are folded: digits,
//! Latin letters and the signs that sit inside numbers (`％ ． ＋ － ＝ ＜ ＞ ＊ ／`
//! are not all folded: `，；：（）` stay, since they are ordinary Chinese
//! punctuation and the cell text must read as written). The mapping is one
//! character to one character, so character offsets survive it.

/// Folds one full-width digit, letter or number sign to ASCII; any other
/// character is returned unchanged.
#[inline]
pub fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '％' => '%',
        '．' => '.',
        '＋' => '+',
        '－' => '-',
        '＝' => '=',
        '＜' => '<',
        '＞' => '>',
        '＊' => '*',
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// [`normalize_char`] over a whole string; borrows when nothing changes.
pub fn normalize_str(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_normalizing(s.as_bytes()) {
        std::borrow::Cow::Owned(s.chars().map(normalize_char).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Whether any character [`normalize_char`] folds occurs, read from the
/// UTF-8 bytes: U+FF0A–U+FF5A are `EF BC 8A`–`EF BD 9A`, U+3000 is `E3 80 80`.
/// Chinese punctuation (`，` is `EF BC 8C`) is skipped without decoding.
fn needs_normalizing(b: &[u8]) -> bool {
    // Eight bytes at a time past stretches with neither lead byte.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has = |x: u64, byte: u8| {
        let y = x ^ (ONES * u64::from(byte));
        y.wrapping_sub(ONES) & !y & HIGHS != 0
    };
    let mut i = 0;
    while i + 2 < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if !has(x, 0xEF) && !has(x, 0xE3) {
                i += 8;
                continue;
            }
        }
        match b[i] {
            0xEF => {
                if b[i + 1] == 0xBC || b[i + 1] == 0xBD {
                    let u = 0xFF00 + (u32::from(b[i + 1] & 0x03) << 6) + u32::from(b[i + 2] & 0x3F);
                    let c = char::from_u32(u).unwrap_or(' ');
                    if normalize_char(c) != c {
                        return true;
                    }
                }
                i += 3;
            }
            0xE3 if b[i + 1] == 0x80 && b[i + 2] == 0x80 => return true,
            _ => i += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_when_nothing_folds() {
        for s in ["北京市通信管理局（年度任务），；：", "abc 123", "", "“241”"]
        {
            assert!(
                matches!(normalize_str(s), std::borrow::Cow::Borrowed(_)),
                "{s}"
            );
        }
        for s in ["６", "Ｇ", "ｇ", "％", "\u{3000}", "５Ｇ基站"] {
            assert!(
                matches!(normalize_str(s), std::borrow::Cow::Owned(_)),
                "{s}"
            );
        }
    }

    #[test]
    fn finds_a_full_width_digit_at_any_offset() {
        for k in 0..24 {
            let owned = format!("{}６中文", "x".repeat(k));
            assert!(
                matches!(normalize_str(&owned), std::borrow::Cow::Owned(_)),
                "{k}"
            );
            let mixed = format!("{}{}Ｇ", "中".repeat(k), "a".repeat(k % 3));
            assert!(
                matches!(normalize_str(&mixed), std::borrow::Cow::Owned(_)),
                "{k}"
            );
            let borrowed = format!("{}，。{}", "中".repeat(k), "x".repeat(k));
            assert!(
                matches!(normalize_str(&borrowed), std::borrow::Cow::Borrowed(_)),
                "{k}"
            );
        }
    }

    #[test]
    fn folds_digits_letters_and_signs_only() {
        let cases = [
            ("新增５Ｇ基站６０００个", "新增5G基站6000个"),
            ("处置率９５％", "处置率95%"),
            ("１．稳步推进", "1.稳步推进"),
            ("７＊２４小时", "7*24小时"),
            ("（年度任务），；：", "（年度任务），；："),
            ("代表／记者", "代表／记者"),
            ("\u{3000}无", " 无"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_str(input), want, "{input}");
        }
    }
}
