//! Turning stored texts into safe HTML: escaping, item lines, and the marks
//! that tie a target to the achievement that answered it.

use std::fmt::Write as _;

/// Escapes text for HTML (element content and quoted attributes).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A highlighted range of a cell.
#[derive(Clone, Debug)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// The verdict, as a CSS class.
    pub class: String,
    pub id: String,
    /// Shown on hover.
    pub title: String,
}

/// Byte offsets where each item starts, found in order.
pub fn item_starts(text: &str, items: &[String]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut from = 0;
    for item in items {
        let probe: String = item.chars().take(12).collect();
        if probe.is_empty() {
            continue;
        }
        if let Some(at) = text.get(from..).and_then(|rest| rest.find(&probe)) {
            starts.push(from + at);
            from += at + probe.len();
        }
    }
    starts
}

/// The cell as HTML: escaped, a line break before every item but the first,
/// and the marks (which must not overlap) as `<mark>` elements.
pub fn cell_html(text: &str, breaks: &[usize], marks: &[Mark]) -> String {
    let mut events: Vec<(usize, u8, usize)> = Vec::new(); // (offset, order, index)
    for &b in breaks {
        if b > 0 && b < text.len() && text.is_char_boundary(b) {
            events.push((b, 1, 0));
        }
    }
    for (i, m) in marks.iter().enumerate() {
        if m.start < m.end && text.is_char_boundary(m.start) && text.is_char_boundary(m.end) {
            events.push((m.start, 2, i));
            events.push((m.end, 0, i));
        }
    }
    events.sort();
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    for (offset, kind, i) in events {
        out.push_str(&escape(&text[at..offset]));
        at = offset;
        match kind {
            0 => out.push_str("</mark>"),
            1 => out.push('\n'),
            _ => {
                let m = &marks[i];
                let _ = write!(
                    out,
                    "<mark class=\"actual {}\" id=\"{}\" title=\"{}\">",
                    escape(&m.class),
                    escape(&m.id),
                    escape(&m.title)
                );
            }
        }
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// Where a target's achievement sits in the status text: its clause if
/// found and free, else its figure alone; `None` if neither.
pub fn place(
    text: &str,
    clause: &str,
    span: Option<&str>,
    taken: &[Mark],
) -> Option<(usize, usize)> {
    let free = |s: usize, e: usize| taken.iter().all(|m| e <= m.start || s >= m.end);
    let clause =
        clause.trim_matches(|c: char| c == '，' || c == '。' || c == '；' || c.is_whitespace());
    if !clause.is_empty() {
        if let Some(s) = text.find(clause) {
            if free(s, s + clause.len()) {
                return Some((s, s + clause.len()));
            }
            if let Some(span) = span.filter(|sp| !sp.is_empty()) {
                if let Some(k) = text[s..s + clause.len()].find(span) {
                    let (a, b) = (s + k, s + k + span.len());
                    if free(a, b) {
                        return Some((a, b));
                    }
                }
            }
        }
    }
    if let Some(span) = span.filter(|sp| !sp.is_empty()) {
        let mut from = 0;
        while let Some(k) = text[from..].find(span) {
            let (a, b) = (from + k, from + k + span.len());
            if free(a, b) {
                return Some((a, b));
            }
            from = b;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_everything_and_mark_actuals() {
        let text = "1.已完成<script>。2.新建基站7200个\"好\"。";
        let items = vec![
            "1.已完成<script>。".to_string(),
            "2.新建基站7200个\"好\"。".to_string(),
        ];
        let breaks = item_starts(text, &items);
        let (s, e) = place(text, "新建基站7200个", Some("7200个"), &[]).unwrap();
        let marks = vec![Mark {
            start: s,
            end: e,
            class: "met".into(),
            id: "a-1-0".into(),
            title: "本年新建7200个 ≥ 目标6000个 <b>".into(),
        }];
        let html = cell_html(text, &breaks, &marks);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(
            html.contains("\n2.<mark"),
            "items on their own lines: {html}"
        );
        assert!(html.contains("<mark class=\"actual met\" id=\"a-1-0\" title=\"本年新建7200个 ≥ 目标6000个 &lt;b&gt;\">新建基站7200个</mark>"), "{html}");
        assert!(html.contains("&quot;好&quot;"));
    }

    #[test]
    fn a_taken_clause_falls_back_to_the_figure() {
        let text = "新增用户12万户、基站7200个。";
        let first = place(text, "新增用户12万户、基站7200个", Some("12万户"), &[]).unwrap();
        let taken = vec![Mark {
            start: first.0,
            end: first.1,
            class: String::new(),
            id: String::new(),
            title: String::new(),
        }];
        assert!(place(text, "新增用户12万户、基站7200个", Some("7200个"), &taken).is_none());
        let narrow = vec![Mark {
            start: 6,
            end: 18,
            class: String::new(),
            id: String::new(),
            title: String::new(),
        }];
        let second = place(text, "新增用户12万户、基站7200个", Some("7200个"), &narrow).unwrap();
        assert_eq!(&text[second.0..second.1], "7200个");
    }
}
