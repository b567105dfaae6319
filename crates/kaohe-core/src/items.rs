//! Splitting a cell into its numbered items (`1.` `2.` … or `（一）` `（二）` …).

use crate::table::Cell;
use crate::text::is_sentence_end;

/// One item of a cell: a byte range of the cell text and its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// The number written before it; `None` for text before the first number
    /// or for a cell with no numbering.
    pub number: Option<u32>,
    /// Byte range in the cell text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

impl Item {
    /// The item's text, trimmed.
    pub fn text<'t>(&self, cell_text: &'t str) -> &'t str {
        cell_text.get(self.start..self.end).unwrap_or("").trim()
    }
}

/// Splits a cell into items. Numbers are accepted only in sequence (1, 2, 3 …)
/// and only where an item can start (a line start or after a sentence end),
/// so that `2.3万` or a `3.` inside a sentence never splits a cell.
pub fn split(cell: &Cell) -> Vec<Item> {
    let text = &cell.text;
    // Candidates first: (offset, number, loose). A loose one has a digit after
    // its dot (`1.65岁及以上…`), which reads as a decimal unless the next
    // number of the list follows it.
    let mut candidates: Vec<(usize, u32, bool)> = Vec::new();
    // Where an item can start: the cell start, each original line start and
    // each position after a sentence end.
    let mut starts: Vec<usize> = cell.pieces.iter().map(|p| p.offset).collect();
    starts.push(0);
    for (i, c) in text.char_indices() {
        if is_sentence_end(c) {
            starts.push(i + c.len_utf8());
        }
    }
    starts.sort_unstable();
    starts.dedup();
    for &i in &starts {
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            continue;
        };
        if !(c.is_ascii_digit() || matches!(c, '（' | '(') || "一二三四五六七八九十".contains(c))
        {
            continue;
        }
        let line_start = i == 0 || cell.pieces.binary_search_by_key(&i, |p| p.offset).is_ok();
        if let Some(n) = marker(&text[i..]) {
            candidates.push((i, n, false));
        } else if line_start {
            if let Some(n) = loose_marker(&text[i..]) {
                candidates.push((i, n, true));
            }
        }
    }
    let mut marks: Vec<(usize, u32)> = Vec::new();
    let mut expected = 1;
    for (k, &(i, n, loose)) in candidates.iter().enumerate() {
        if n != expected {
            continue;
        }
        if loose && !candidates[k + 1..].iter().any(|c| c.1 == n + 1 && !c.2) {
            continue;
        }
        marks.push((i, n));
        expected += 1;
    }
    let mut items = Vec::new();
    let first = marks.first().map_or(text.len(), |m| m.0);
    if !text[..first].trim().is_empty() || marks.is_empty() {
        items.push(Item {
            number: None,
            start: 0,
            end: first,
        });
    }
    for (k, &(start, n)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(text.len(), |m| m.0);
        items.push(Item {
            number: Some(n),
            start,
            end,
        });
    }
    items
}

/// `1.65岁…`: a list number whose dot is followed by a digit.
fn loose_marker(s: &str) -> Option<u32> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 || s.as_bytes().get(digits) != Some(&b'.') {
        return None;
    }
    if !s.as_bytes().get(digits + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    s[..digits].parse().ok()
}

/// Byte offsets where the items' numbers start, for the extractor to read
/// them as numbering (`1.65岁` is item 1 and 65岁).
pub fn marker_offsets(items: &[Item]) -> Vec<usize> {
    items
        .iter()
        .filter(|i| i.number.is_some())
        .map(|i| i.start)
        .collect()
}

/// The number of an item marker at the start of `s`: `1.` `2、` `(3)` `（4）`
/// `（一）` `一、`.
fn marker(s: &str) -> Option<u32> {
    if let Some(n) = crate::layout::item_number(s) {
        return Some(n);
    }
    let t = s.strip_prefix(['（', '(']);
    let body = t.unwrap_or(s);
    let numeral: String = body
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .collect();
    if numeral.is_empty() || numeral.chars().count() > 3 {
        return None;
    }
    let rest = &body[numeral.len()..];
    let closed = if t.is_some() {
        rest.starts_with(['）', ')'])
    } else {
        rest.starts_with('、')
    };
    if !closed {
        return None;
    }
    kaohe_numerals::chinese::parse(&numeral)?
        .to_i64()
        .map(|v| v as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(lines: &[&str]) -> Cell {
        let mut c = Cell::default();
        for (i, l) in lines.iter().enumerate() {
            c.pieces.push(crate::table::Piece {
                offset: c.text.len(),
                line: i as u32 + 1,
            });
            c.text.push_str(l);
        }
        c
    }

    fn texts(c: &Cell) -> Vec<(Option<u32>, String)> {
        split(c)
            .iter()
            .map(|i| (i.number, i.text(&c.text).to_string()))
            .collect()
    }

    #[test]
    fn numbered_lines() {
        let c = cell(&[
            "1.稳步推进5G网络部署，新增5G基站6000个。",
            "2.增强千兆固网接入能力，新增10万千兆",
            "用户。",
        ]);
        assert_eq!(
            texts(&c),
            [
                (
                    Some(1),
                    "1.稳步推进5G网络部署，新增5G基站6000个。".to_string()
                ),
                (
                    Some(2),
                    "2.增强千兆固网接入能力，新增10万千兆用户。".to_string()
                ),
            ]
        );
    }

    #[test]
    fn preamble_decimals_and_out_of_sequence_numbers() {
        let c = cell(&[
            "有力支撑首都疫情防控。",
            "1.提供数据超过1424.3万条。",
            "3.此处不是第三项",
            "2.发送短信10.7亿条。",
        ]);
        let t = texts(&c);
        assert_eq!(t.len(), 3, "{t:?}");
        assert_eq!(t[0].0, None);
        assert_eq!(t[1].1, "1.提供数据超过1424.3万条。3.此处不是第三项");
        assert_eq!(t[2].0, Some(2));
    }

    #[test]
    fn a_list_number_before_a_decimal_looking_figure() {
        let c = cell(&[
            "1.65岁及以上老年人健康管理率达到72%以上。",
            "2.签约服务覆盖率达到75%以上。",
        ]);
        assert_eq!(
            texts(&c).iter().map(|t| t.0).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
        let c = cell(&["全年投入1.65亿元。"]);
        assert_eq!(texts(&c).iter().map(|t| t.0).collect::<Vec<_>>(), [None]);
    }

    #[test]
    fn chinese_markers_and_no_numbering() {
        let c = cell(&["（一）加强党建。（二）完成培训3次。"]);
        assert_eq!(
            texts(&c).iter().map(|t| t.0).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
        let c = cell(&["完成党的二十大通信和网络安全保障任务。"]);
        assert_eq!(
            texts(&c),
            [(None, "完成党的二十大通信和网络安全保障任务。".to_string())]
        );
    }
}
