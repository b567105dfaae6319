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
    if s.chars().all(|c| normalize_char(c) == c) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.chars().map(normalize_char).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
