//! A 绩效自评表 whose cells were run together into one stream of text, as
//! OCR and document-sharing sites give a scanned form:
//! `…数量指标(10分)保障人数102370人2370人IO指标2:质量指标…`. No cell
//! boundary survives, but a row's target and result are most often written
//! the same (`2370人2370人`): such a doubled text marks a row, the figure
//! before it is the row's 分值, the one after it the 得分, and the words
//! before the 分值 back to the last level or row are the indicator's name.

use super::grid::{number, RawRow};
use super::header::is_level;

/// The largest text read this way: a scanned form is a few pages; each
/// character is compared with up to 60 after it.
pub const MAX_BYTES: usize = 256 * 1024;

/// Whether a text reads as a form run together: its header words with no
/// separator between them.
pub fn is_run_together(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    [
        "一级指标二级指标三级指标",
        "二级指标三级指标",
        "三级指标指标值",
        "三级指标年度指标值",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Words that end a row's name on the left: a level, a placeholder, points.
fn cut_name(before: &str) -> &str {
    let mut start = 0;
    for marker in [
        "分)",
        "分）",
        "指标2:",
        "指标1:",
        "指标2：",
        "指标1：",
        "指标L",
        "指标",
        ":",
        "：",
    ] {
        if let Some(i) = before.rfind(marker) {
            start = start.max(i + marker.len());
        }
    }
    before[start..].trim()
}

/// The rows found: each doubled result with its name, 分值 and 得分.
pub fn rows(text: &str, first_line: u32) -> Vec<RawRow> {
    // Page markers of the sharing site (`2、`, `3、` at a line's start) go.
    let mut joined = String::new();
    for line in text.lines() {
        let l = line.trim();
        let l = match l.find('、') {
            Some(i) if i > 0 && l[..i].bytes().all(|b| b.is_ascii_digit()) => {
                &l[i + '、'.len_utf8()..]
            }
            _ => l,
        };
        joined.push_str(l);
    }
    let chars: Vec<char> = joined.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut last_end = 0;
    while i < chars.len() {
        let Some(len) = doubled_at(&chars, i) else {
            i += 1;
            continue;
        };
        let value: String = chars[i..i + len].iter().collect();
        // The 分值 is the figure just before; the name the words before it.
        let mut j = i;
        while j > last_end && chars[j - 1].is_ascii_digit() && i - j < 3 {
            j -= 1;
        }
        let full: String = chars[j..i].iter().collect();
        let before: String = chars[last_end..j].iter().collect();
        let name = cut_name(&before).to_string();
        // The 得分: digits (or an OCR'd `IO`) after the doubled text.
        let after = i + 2 * len;
        let mut k = after;
        while k < chars.len()
            && k - after < 4
            && (chars[k].is_ascii_digit() || matches!(chars[k], '.' | 'I' | 'O' | 'l'))
        {
            k += 1;
        }
        let own: String = chars[after..k].iter().collect();
        // Rows before this one whose target and result differ.
        out.extend(undoubled(&before, first_line));
        if !name.is_empty() && !is_level(&name) && name.chars().count() <= 40 {
            out.push(RawRow {
                name,
                target: value.clone(),
                actual: value,
                full_score: number(&full),
                self_score: number(&own),
                line: first_line,
                ..RawRow::default()
            });
        }
        last_end = k;
        i = k.max(i + 1);
    }
    let tail: String = chars[last_end.min(chars.len())..].iter().collect();
    out.extend(undoubled(&tail, first_line));
    if let Some(goal) = goal(&joined, first_line) {
        out.insert(0, goal);
    }
    out
}

/// Units a run-together row's target and result end with.
const UNITS: &[&str] = &[
    "万元",
    "元",
    "人次",
    "人",
    "个",
    "次",
    "天",
    "所",
    "家",
    "%",
    "平方米",
    "公里",
];

/// Rows whose target and result differ, in a stretch between doubled rows:
/// `绿化、水电费等成本3M.8万元14.8万元3` is the name, 分值 3, target `M.8万元`,
/// result `14.8万元`, 得分 3: two figures of one unit back to back.
fn undoubled(segment: &str, line: u32) -> Vec<RawRow> {
    let mut out = Vec::new();
    let mut from = 0;
    while from < segment.len() {
        let Some((name, full, target, actual, own, end)) = next_undoubled(&segment[from..]) else {
            break;
        };
        if !name.is_empty() && !is_level(&name) {
            out.push(RawRow {
                name,
                target,
                actual,
                full_score: number(&full),
                self_score: number(&own),
                line,
                ..RawRow::default()
            });
        }
        from += end.max(1);
    }
    out
}

type Undoubled = (String, String, String, String, String, usize);

fn next_undoubled(s: &str) -> Option<Undoubled> {
    let mut best: Option<(usize, Undoubled)> = None;
    for unit in UNITS {
        for (e1, _) in s.match_indices(unit) {
            let b0 = e1 + unit.len();
            let b_len = s[b0..]
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(s.len() - b0);
            if b_len == 0 || !s[b0 + b_len..].starts_with(unit) {
                continue;
            }
            let actual_end = b0 + b_len + unit.len();
            // The target's figure: digits, dots and an OCR'd letter before the unit.
            let run_start = s[..e1]
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '.')
                .last()
                .map_or(e1, |(i, _)| i);
            let run = &s[run_start..e1];
            let b: f64 = s[b0..b0 + b_len].parse().ok()?;
            // The 分值 is the run's leading digits: up to a letter, else the
            // split that leaves the target nearest the result.
            let split = match run.find(|c: char| c.is_ascii_alphabetic()) {
                Some(j) if j > 0 && run[..j].bytes().all(|c| c.is_ascii_digit()) => j,
                Some(_) => continue,
                None => (1..=2.min(run.len().saturating_sub(1)))
                    .min_by(|&x, &y| {
                        let d =
                            |k: usize| run[k..].parse::<f64>().map_or(f64::MAX, |a| (a - b).abs());
                        d(x).total_cmp(&d(y))
                    })
                    .unwrap_or(0),
            };
            if split == 0 {
                continue;
            }
            let full = run[..split].to_string();
            let target = format!("{}{unit}", &run[split..]);
            let actual = s[b0..actual_end].to_string();
            let own_len = s[actual_end..]
                .char_indices()
                .take_while(|(i, c)| *i < 3 && (c.is_ascii_digit() || matches!(c, '.' | 'I' | 'O')))
                .count();
            let own = s[actual_end..actual_end + own_len].to_string();
            let name = cut_name(&s[..run_start]).to_string();
            let found = (name, full, target, actual, own, actual_end + own_len);
            if best.as_ref().is_none_or(|(at, _)| run_start < *at) {
                best = Some((run_start, found));
            }
        }
    }
    best.map(|(_, f)| f)
}

/// The overall goal of a run-together form: `年初设定目标保障学校正常工作运行
/// 年度总体目标完成情况公,4一级指标`.
fn goal(text: &str, line: u32) -> Option<RawRow> {
    let (l1, at1) = ["年初设定目标", "预期目标"]
        .iter()
        .find_map(|l| text.find(l).map(|i| (*l, i)))?;
    let rest = &text[at1 + l1.len()..];
    let (l2, at2) = ["年度总体目标完成情况", "实际完成情况", "目标完成情况"]
        .iter()
        .find_map(|l| rest.find(l).map(|i| (*l, i)))?;
    let target = rest[..at2].trim();
    let after = &rest[at2 + l2.len()..];
    let end = after.find("一级指标").unwrap_or(after.len().min(300));
    let actual = after[..end].trim();
    (!target.is_empty() && target.chars().count() <= 200 && actual.chars().count() <= 200).then(
        || RawRow {
            group: vec!["年度总体目标".to_string()],
            name: "年度总体目标".to_string(),
            target: target.to_string(),
            actual: actual.to_string(),
            line,
            ..RawRow::default()
        },
    )
}

/// The length of the longest text starting at `i` that is written twice in
/// a row, when it can be a cell: three characters or more, not only figures,
/// no level name.
fn doubled_at(chars: &[char], i: usize) -> Option<usize> {
    let most = (chars.len() - i) / 2;
    (3..=most.min(60)).rev().find(|&len| {
        let a = &chars[i..i + len];
        a == &chars[i + len..i + 2 * len]
            && !a.iter().all(|c| c.is_ascii_digit() || *c == '.')
            && !a.iter().collect::<String>().contains("指标")
            && !a
                .first()
                .is_some_and(|c| matches!(c, ',' | '，' | '。' | '、'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubled_cells() {
        let text = "一级指标二级指标三级指标考值参分指标值(八)全年实际值(B)得分数量指标(10分)保障人数102370人2370人IO指标2:质量指标(5分)公用经费标准5符合相关文件要求符合相关文件要求5指标2:成本指标(10分)办公所需成本415万元15万元4维修(维护)所需成本335万元35万元3绿化、水电费等成本3M.8万元14.8万元3";
        assert!(is_run_together(text));
        let got: Vec<(String, String, Option<f64>, Option<f64>)> = rows(text, 1)
            .into_iter()
            .map(|r| (r.name, r.target, r.full_score, r.self_score))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "保障人数".to_string(),
                    "2370人".to_string(),
                    Some(10.0),
                    Some(10.0)
                ),
                (
                    "公用经费标准".to_string(),
                    "符合相关文件要求".to_string(),
                    Some(5.0),
                    Some(5.0)
                ),
                (
                    "办公所需成本".to_string(),
                    "15万元".to_string(),
                    Some(4.0),
                    Some(4.0)
                ),
                (
                    "维修(维护)所需成本".to_string(),
                    "35万元".to_string(),
                    Some(3.0),
                    Some(3.0)
                ),
                (
                    "绿化、水电费等成本".to_string(),
                    "M.8万元".to_string(),
                    Some(3.0),
                    Some(3.0)
                ),
            ]
        );
        assert!(
            rows("今年完成了工作工作，很好很好。", 1).is_empty()
                || !is_run_together("今年完成了工作")
        );
    }
}
