//! Character classes and widths shared by the reader and the extractor.

/// Display width of a character in a PDF table cell: one unit for a CJK
/// character or full-width sign, half a unit for ASCII. Column widths are
/// measured in these units.
#[inline]
pub fn char_width(c: char) -> f32 {
    if c.is_ascii() {
        0.5
    } else {
        1.0
    }
}

/// Width of a line in [`char_width`] units.
pub fn width(s: &str) -> f32 {
    s.chars().map(char_width).sum()
}

/// Characters that end a sentence (and so, usually, a cell).
#[inline]
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?')
}

/// Characters that end a clause: the unit a target is stated in.
#[inline]
pub fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | ';' | '！' | '？' | '!' | '?' | '：' | ':' | '\n' | ','
    )
}

/// Opening and closing quotation marks as government prose writes them.
#[inline]
pub fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '‘' | '「' | '『' | '"' | '《')
}

/// See [`is_open_quote`].
#[inline]
pub fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '"' | '》')
}

/// True for a CJK ideograph.
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Punctuation only (a stray `。` line, a lone `、`).
pub fn is_only_punctuation(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.chars().all(|c| !c.is_alphanumeric() && !is_han(c))
}

/// True when `rest` (what follows a list number's dot) starts with a date:
/// `9月底前` in `1.9月底前完成`, `2023年` in `2.2023年起`. Such a dot ends an
/// item number; it is not a decimal point.
pub fn starts_with_date(rest: &str) -> bool {
    let digits = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count();
    if digits == 0 {
        return false;
    }
    let after = rest.chars().nth(digits);
    match after {
        Some('月') => digits <= 2,
        Some('年') => digits == 4,
        _ => false,
    }
}
