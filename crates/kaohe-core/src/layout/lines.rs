//! Pass 1, lines: the text as a stream of line events, with the page
//! furniture gone.
//!
//! PDF extraction repeats the title and the column header on every page and
//! adds page numbers. None of that belongs to a cell, but where it stood
//! matters: a page break may cut a wrapped sentence, and the line after a
//! header names the dimension the page goes on with. So titles, headers and
//! page numbers become [`Event::PageBreak`], the dimension after a header
//! becomes [`Event::Dimension`], and the title gives the table its title,
//! agency and year.

use super::{looks_like_dimension, Event, LineRef};
use crate::diagnostic::Diagnostic;
use crate::table::Table;
use crate::text::width;

const HEADER_WORDS: &[&str] = &[
    "考评维度",
    "考核维度",
    "评价维度",
    "考核内容",
    "自查内容",
    "年度任务",
    "工作任务",
    "任务内容",
    "落实情况",
    "完成情况",
    "进展情况",
    "存在问题",
    "问题及原因",
    "自评情况",
];

const TITLE_WORDS: &[&str] = &[
    "自查表",
    "情况表",
    "自评表",
    "一览表",
    "考核",
    "自查",
    "自评",
    "报告",
];

pub(super) fn is_header_line(s: &str) -> bool {
    // A header names at least two columns in a short line (five columns fit
    // in 50 characters), and every column name holds one of these keys.
    if s.len() > 150 || !(s.contains("情况") || s.contains("问题")) {
        return false;
    }
    let keys = ["维度", "内容", "任务", "情况", "问题"]
        .iter()
        .filter(|k| s.contains(*k))
        .count();
    keys >= 2 && HEADER_WORDS.iter().filter(|w| s.contains(*w)).count() >= 2 && width(s) <= 80.0
}

pub(super) fn is_page_number(s: &str) -> bool {
    if s.len() > 40
        || s.chars()
            .any(|c| crate::text::is_han(c) && !matches!(c, '第' | '页' | '共'))
    {
        return false;
    }
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return false;
    }
    let core = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '第' | '页' | '/' | '共'));
    (t.starts_with('-') || t.starts_with('—') || t.starts_with('第') || t.contains('/'))
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '/' | '页' | '共' | '第'))
        && core.chars().any(|c| c.is_ascii_digit())
        || (t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
}

/// The lines as events, with titles, headers and page numbers turned into
/// page breaks; fills in the table's title, agency, year and columns.
pub(super) fn strip_headers(
    lines: &[&str],
    table: &mut Table,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Event> {
    let headers: Vec<bool> = lines.iter().map(|l| is_header_line(l.trim())).collect();
    let header_idx = headers.iter().position(|h| *h);
    let found = find_title(lines, header_idx);
    let (title_idx, title_head, title_tail, title) = (
        found.idx,
        found.head.clone(),
        found.tail.clone(),
        found.title.clone(),
    );
    found.fill(lines, header_idx.unwrap_or(lines.len().min(10)), table);
    if let Some(h) = header_idx {
        table.columns = header_columns(lines[h].trim());
    } else {
        diags.push(Diagnostic::general(
            "没有找到表头（考评维度、自查内容、落实情况、存在问题及原因）",
        ));
    }
    let squash = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let title_keys: Vec<String> = [
        title.as_deref(),
        title_head.as_deref(),
        title_tail.as_deref(),
        title_idx.map(|i| lines[i].trim()),
    ]
    .into_iter()
    .flatten()
    .map(squash)
    .collect();
    let is_title = |t: &str| {
        title_keys.iter().any(|k| {
            let mut a = t.chars().filter(|c| !c.is_whitespace());
            let mut b = k.chars();
            loop {
                match (a.next(), b.next()) {
                    (None, None) => return true,
                    (x, y) if x == y => continue,
                    _ => return false,
                }
            }
        })
    };

    let mut events = Vec::new();
    let mut expect_dimension = false;
    let start = title_idx
        .map_or(0, |i| i + 1)
        .min(header_idx.unwrap_or(usize::MAX));
    for (idx, raw) in lines.iter().enumerate().skip(start) {
        let line_no = idx as u32 + 1;
        for (k, part) in raw.split('\u{c}').enumerate() {
            if k > 0 {
                events.push(Event::PageBreak);
            }
            let t = part.trim();
            if t.is_empty() {
                events.push(Event::Blank);
                continue;
            }
            if header_idx.is_none_or(|h| idx < h) && is_form_line(t) {
                continue;
            }
            if is_title(t) {
                events.push(Event::PageBreak);
                continue;
            }
            if k == 0 && headers[idx] || k > 0 && is_header_line(t) {
                expect_dimension = true;
                events.push(Event::PageBreak);
                continue;
            }
            if expect_dimension && is_header_continuation(t) {
                continue;
            }
            if is_page_number(t) {
                events.push(Event::PageBreak);
                continue;
            }
            if expect_dimension {
                expect_dimension = false;
                // 全面高效履职（续）: the same dimension on the next page.
                let name = t
                    .trim_end_matches("（续）")
                    .trim_end_matches("(续)")
                    .trim_end_matches("（续表）");
                if looks_like_dimension(name) {
                    events.push(Event::Dimension(name.to_string(), line_no));
                    continue;
                }
                // The dimension and the first task sharing one line.
                if let Some((head, rest)) = t.split_once(' ') {
                    if looks_like_dimension(head) && width(rest.trim()) > 8.0 {
                        events.push(Event::Dimension(head.to_string(), line_no));
                        events.push(line_event(rest.trim(), line_no));
                        continue;
                    }
                }
            }
            events.push(line_event(t, line_no));
        }
    }
    events
}

/// What a line above a table is when it is not the title: the stamp and
/// date lines of a form (`填报单位（盖章）：某局  填报日期：…`), an
/// attachment mark (`附件1`), a unit note. `Some(org)` carries the
/// 填报单位's value when the line names one.
pub fn form_line(line: &str) -> Option<Option<String>> {
    let l: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let starts = |p: &str| l.starts_with(p);
    if starts("填报单位")
        || starts("填表单位")
        || starts("报送单位")
        || starts("单位名称")
        || starts("单位（盖章）")
    {
        let after = line.split_once(['：', ':']).map(|(_, v)| v).unwrap_or("");
        // The value ends at white space or at the next field of the line.
        let mut value = after
            .trim_start()
            .split(char::is_whitespace)
            .next()
            .unwrap_or("");
        for next in [
            "填报日期",
            "填表日期",
            "日期",
            "联系人",
            "填报人",
            "（盖章）",
            "(盖章)",
        ] {
            value = value.split(next).next().unwrap_or("");
        }
        let value = value
            .trim()
            .trim_end_matches(['（', '(', '，', ',', '；'])
            .trim()
            .to_string();
        return Some((!value.is_empty()).then_some(value));
    }
    let stamp = [
        "填报日期",
        "填表日期",
        "报送日期",
        "盖章",
        "（盖章）",
        "(盖章)",
        "填报人",
        "联系电话",
        "审核人",
        "单位负责人",
        "填表人",
        "联系人",
    ];
    let attachment = l.starts_with("附件")
        && l.chars().count() <= 6
        && l.chars()
            .skip(2)
            .all(|c| c.is_ascii_digit() || "：:一二三四五六七八九十".contains(c));
    let unit = (starts("单位：") || starts("单位:")) && l.chars().count() <= 10;
    (stamp.iter().any(|s| starts(s)) || attachment || unit).then_some(None)
}

/// Whether a line is the form's, not the title ([`form_line`]).
fn is_form_line(t: &str) -> bool {
    form_line(t).is_some()
}

/// The value of a 填报单位（盖章）：… line.
fn form_organization(t: &str) -> Option<String> {
    form_line(t).flatten()
}

/// The title as found above the header.
pub(super) struct Title {
    idx: Option<usize>,
    head: Option<String>,
    tail: Option<String>,
    title: Option<String>,
}

/// Finds the title among the lines before the header (or the first ten):
/// the form's 填报单位/填报日期/盖章 lines skipped, a title wrapped onto a
/// second line, or with its agency on the line above, joined.
pub(super) fn find_title(lines: &[&str], header_idx: Option<usize>) -> Title {
    let limit = header_idx.unwrap_or(lines.len().min(10)).min(lines.len());
    let title_idx = lines.iter().take(limit).position(|l| {
        let t = l.trim();
        !t.is_empty()
            && !is_form_line(t)
            && TITLE_WORDS.iter().any(|w| t.contains(w))
            && width(t) <= 60.0
    });
    // A title wrapped onto a second line (`…日常履职考核` / `事项完成情况自查表`).
    let title_tail = title_idx.and_then(|i| {
        let j = i
            + 1
            + lines
                .get(i + 1..)?
                .iter()
                .position(|l| !l.trim().is_empty())?;
        let t = lines[j].trim();
        let before_header = header_idx.is_none_or(|h| j < h);
        (before_header
            && width(t) <= 30.0
            && (t.ends_with('表') || t.ends_with("情况"))
            && !t.contains(' ')
            && !is_form_line(t))
        .then(|| t.to_string())
    });
    // The agency on the line above the rest of the title
    // (`北京市通信管理局` / `2022年度日常履职考核事项完成情况自查表`).
    let title_lead = title_idx.and_then(|i| {
        let j = lines[..i].iter().rposition(|l| !l.trim().is_empty())?;
        let t = lines[j].trim();
        let lead = width(t) <= 30.0
            && !is_form_line(t)
            && !t
                .chars()
                .any(|c| matches!(c, '，' | '。' | '；' | '：' | ':' | ' ' | '\t'))
            && !TITLE_WORDS.iter().any(|w| t.contains(w))
            && organization_and_year(lines[i].trim()).0.is_none();
        lead.then(|| t.to_string())
    });
    let title_head = title_idx.map(|i| match &title_lead {
        Some(lead) => format!("{lead}{}", lines[i].trim()),
        None => lines[i].trim().to_string(),
    });
    let title = title_head.as_ref().map(|h| match &title_tail {
        Some(tail) => format!("{h}{tail}"),
        None => h.clone(),
    });
    Title {
        idx: title_idx,
        head: title_head,
        tail: title_tail,
        title,
    }
}

impl Title {
    /// Sets the table's title, agency and year; the agency from a
    /// 填报单位 line when the title names none.
    fn fill(&self, lines: &[&str], limit: usize, table: &mut Table) {
        if let Some(t) = &self.title {
            let (org, year) = organization_and_year(t);
            table.organization = org;
            table.year = year;
        }
        if table.organization.is_none() {
            table.organization = lines
                .iter()
                .take(limit.min(lines.len()))
                .find_map(|l| form_organization(l));
        }
        table.title = self.title.clone();
    }
}

/// Fills the table's title, agency and year from the lines before `header`.
pub(super) fn fill_title(lines: &[&str], header: usize, table: &mut Table) {
    find_title(lines, Some(header.min(lines.len()))).fill(lines, header, table);
}

fn is_header_continuation(t: &str) -> bool {
    (t.starts_with('（') || t.starts_with('(') || t == "及原因") && width(t) <= 12.0
}

fn line_event(t: &str, line: u32) -> Event {
    Event::Line(LineRef {
        text: t.to_string(),
        line,
        width: width(t),
        gap_after: false,
        gap_before: false,
    })
}

fn header_columns(h: &str) -> Vec<String> {
    let parts: Vec<&str> = h.split_whitespace().collect();
    if (3..=6).contains(&parts.len()) {
        parts.iter().map(|s| s.to_string()).collect()
    } else {
        HEADER_WORDS
            .iter()
            .filter(|w| h.contains(*w))
            .map(|s| s.to_string())
            .collect()
    }
}

/// `北京市通信管理局2022年度日常履职考核…` → (北京市通信管理局, 2022).
pub fn organization_and_year(title: &str) -> (Option<String>, Option<i32>) {
    const MARKERS: [&str; 8] = [
        "日常履职",
        "年度",
        "目标责任",
        "绩效",
        "考核",
        "自查",
        "工作",
        "履职",
    ];
    let chars: Vec<char> = title.chars().collect();
    for i in 0..chars.len().saturating_sub(4) {
        if chars[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars.get(i + 4) == Some(&'年')
        {
            let year: i32 = chars[i..i + 4]
                .iter()
                .collect::<String>()
                .parse()
                .ok()
                .unwrap_or(0);
            let year = (1990..=2100).contains(&year).then_some(year);
            let org: String = chars[..i].iter().collect();
            let org = org.trim().trim_end_matches(['（', '(']).trim().to_string();
            if !org.is_empty() {
                return (Some(org), year);
            }
            // `2023年度某局目标责任考核自查表`: the agency follows the year.
            let mut rest: String = chars[i + 5..].iter().collect();
            if let Some(r) = rest.strip_prefix('度') {
                rest = r.to_string();
            }
            let end = MARKERS
                .iter()
                .filter_map(|m| rest.find(m))
                .min()
                .unwrap_or(0);
            let org = rest[..end].trim().to_string();
            return ((!org.is_empty()).then_some(org), year);
        }
    }
    for marker in MARKERS {
        if let Some(pos) = title.find(marker) {
            let org = title[..pos].trim();
            if !org.is_empty() {
                return (Some(org.to_string()), None);
            }
        }
    }
    (None, None)
}
