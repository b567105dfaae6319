//! Target/result pairs in prose: self-evaluation reports and notices that
//! say what was planned and what was done, in one sentence or two.
//!
//! * `开发公益性岗位420个，完成436个，完成率103.8%`: a target, then results;
//! * `新引进项目40个,完成市考核目标45个的88.9%`: a result, then the target
//!   it is a share of;
//! * `316个重点项目累计开复工291个`: both in one clause;
//! * `计划新建A80个,B271个,实际分别完成95个、310个`: a list, paired by place;
//! * `全年任务为282个村,已全部建设完成`: a target answered in words.
//!
//! Clauses are read left to right; a target waits for the result that
//! answers it (the same kind of unit, the words they share), across the
//! sentences of one paragraph and into the next.

use crate::quantity::{self, Kind, Quantity};
use crate::units;

/// One pair found in prose.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The subject (the clause naming the work, or the target's own words).
    pub name: String,
    /// The target's words.
    pub target: String,
    /// The result's words, with a stated rate that follows them.
    pub actual: String,
    /// A completion rate stated as a share of the target (`88.9%`), when
    /// the result's words do not hold it.
    pub rate: Option<String>,
    /// The clause that states the share, kept for the reader.
    pub note: String,
    /// Original line of the target.
    pub line: u32,
}

/// A clause of a paragraph with its measures.
#[derive(Debug)]
struct Clause {
    text: String,
    line: u32,
    measures: Vec<Quantity>,
    /// The clause ends a sentence.
    sentence_end: bool,
}

const TARGET_WORDS: &[&str] = &["目标", "任务", "计划", "下达", "预期", "预计完成", "考核"];
/// Words that report work done.
const DONE_WORDS: &[&str] = &[
    "完成", "实际", "已", "累计", "建成", "到位", "实现", "达到", "复工", "投用", "截至",
];
/// Words that name the work, planned or done: a result only where no
/// target of the same sentence waits for more of its list.
const WORK_WORDS: &[&str] = &[
    "新增",
    "新开工",
    "开工",
    "发放",
    "培训",
    "服务",
    "受理",
    "办结",
    "引进",
    "改造",
    "签约",
];
const ALL_DONE: &[&str] = &[
    "已全部",
    "全部完成",
    "已全面",
    "全面完成",
    "已完成",
    "圆满完成",
    "提前完成",
    "超额完成",
];

fn measures(text: &str) -> Vec<Quantity> {
    quantity::extract(text)
        .into_iter()
        .filter(|q| matches!(q.kind, Kind::Measure | Kind::Percent))
        .collect()
}

fn clauses(lines: &[(u32, String)]) -> Vec<Clause> {
    let mut out = Vec::new();
    for (line, text) in lines {
        let mut start = 0;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (k, &(at, c)) in chars.iter().enumerate() {
            let brk = matches!(c, '，' | ',' | '；' | ';' | '。' | '：' | ':' | '！' | '？');
            let last = k + 1 == chars.len();
            if brk || last {
                let end = if brk { at } else { text.len() };
                let t = text[start..end].trim();
                if !t.is_empty() {
                    out.push(Clause {
                        text: t.to_string(),
                        line: *line,
                        measures: measures(t),
                        sentence_end: matches!(c, '。' | '；' | ';' | '！' | '？') || last,
                    });
                } else if let Some(prev) = out.last_mut() {
                    prev.sentence_end |= matches!(c, '。' | '；' | ';');
                }
                start = at + c.len_utf8();
            }
        }
    }
    out
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// `完成市考核目标45个的88.9%`, `为年投资计划的74.1%`, `是其全年任务量的6.4倍`:
/// the words naming the target, and whether it is such a share.
fn share_of(text: &str) -> Option<String> {
    let of = text.rfind('的')?;
    let after = &text[of + '的'.len_utf8()..];
    let is_share = after.trim_end().ends_with(['%', '％', '倍']) && after.chars().count() <= 10;
    if !is_share {
        return None;
    }
    let before = &text[..of];
    for lead in ["完成", "为", "是其", "是", "占", "达"] {
        if let Some(i) = before.rfind(lead) {
            let named = before[i + lead.len()..].trim();
            if !named.is_empty() && has_any(named, &["目标", "任务", "计划"]) {
                return Some(named.to_string());
            }
        }
    }
    None
}

/// The clause's words before its first figure, when they name what is
/// counted or done (`新引进省外亿元投资项目40个` → the whole clause).
fn leads_with_measure(c: &Clause) -> bool {
    c.measures.first().is_some_and(|q| {
        let before = &c.text[..q.start];
        before.chars().filter(|ch| !ch.is_whitespace()).count() <= 6 && !has_any(before, DONE_WORDS)
    })
}

/// Reads every pair in a text's paragraphs (lines not used by a table).
pub fn pairs(lines: &[(u32, String)]) -> Vec<Pair> {
    let clauses = clauses(lines);
    let mut out: Vec<Pair> = Vec::new();
    // Targets waiting for their result: (clause index, measure, name).
    let mut pending: Vec<(usize, Option<Quantity>, String)> = Vec::new();
    // The last clause naming the work without a figure (`…美丽村庄建设`).
    let mut topic = String::new();
    // The last result not yet paired (for a share that follows it).
    let mut last_result: Option<usize> = None;
    // The pair whose result a following rate clause belongs to.
    let mut open_pair: Option<usize> = None;
    let mut sentences_since_target = 0;
    for (i, c) in clauses.iter().enumerate() {
        let t = c.text.as_str();
        // A share of a named target: pairs with the result before it.
        if let Some(named) = share_of(t) {
            let result = last_result
                .filter(|r| *r + 3 >= i)
                .map(|r| clauses[r].text.clone())
                .unwrap_or_default();
            if !result.is_empty() {
                out.push(Pair {
                    name: topic_or(&topic, &clauses[last_result.unwrap_or(i)].text),
                    target: named,
                    actual: result,
                    rate: share_rate(t),
                    note: t.to_string(),
                    line: c.line,
                });
                open_pair = Some(out.len() - 1);
                last_result = None;
                continue;
            }
        }
        let target_words = has_any(t, TARGET_WORDS) && !t.contains("完成率");
        // A target waiting in this very sentence: a work word continues its list.
        let list_open = pending
            .last()
            .is_some_and(|(k, _, _)| (*k..i).all(|j| !clauses[j].sentence_end));
        let done = has_any(t, DONE_WORDS) || has_any(t, WORK_WORDS) && !list_open;
        let all_done = has_any(t, ALL_DONE);
        // A rate after a pair's result belongs to that result.
        if let Some(p) = open_pair {
            let rate_only =
                (t.contains("完成率") || t.contains("超额完成") || t.contains("分别完成"))
                    && c.measures.iter().all(|q| q.unit == "%" || q.unit == "倍");
            if rate_only && !c.measures.is_empty() {
                out[p].actual = format!("{}，{}", out[p].actual, t);
                continue;
            }
        }
        if c.measures.is_empty() {
            if all_done && !pending.is_empty() && !t.contains("目标任务") {
                let (k, _, name) = pending.remove(0);
                out.push(Pair {
                    name,
                    target: clauses[k].text.clone(),
                    actual: t.to_string(),
                    rate: None,
                    note: String::new(),
                    line: clauses[k].line,
                });
                open_pair = Some(out.len() - 1);
            } else if !done && !target_words && t.chars().count() <= 30 {
                topic = t.to_string();
            }
            continue;
        }
        // Both in one clause: `316个州重点建设项目累计开复工291个`,
        // `146个续建项目已全面复工`.
        if leads_with_measure(c) && !target_words {
            let first = &c.measures[0];
            let rest = &t[first.end..];
            if let Some(v) = ["已", "累计", "实际", "完成"]
                .iter()
                .filter_map(|w| rest.find(w))
                .min()
            {
                let split = first.end + v;
                let answer = &t[split..];
                let second = c.measures.get(1).filter(|q| q.start >= split);
                let answered = second.is_some_and(|q| units::compatible(q.unit, first.unit))
                    || has_any(answer, ALL_DONE);
                if answered {
                    out.push(Pair {
                        name: t[..split].to_string(),
                        target: t[..split].to_string(),
                        actual: answer.to_string(),
                        rate: None,
                        note: String::new(),
                        line: c.line,
                    });
                    open_pair = Some(out.len() - 1);
                    continue;
                }
            }
        }
        if target_words && !(done && !has_any(t, &["计划", "目标", "任务为", "任务量"])) {
            // A target, or a list of targets joined by 、.
            let pieces = split_list(t, &c.measures);
            if pieces.len() > 1 {
                for p in pieces {
                    pending.push((i, measures(&p).into_iter().next(), p));
                }
                // Keep each piece's words as the target text.
                let start = pending.len() - split_list(t, &c.measures).len();
                for (n, p) in split_list(t, &c.measures).into_iter().enumerate() {
                    pending[start + n].2 = p;
                }
            } else {
                pending.push((i, c.measures.first().cloned(), topic_or(&topic, t)));
            }
            sentences_since_target = 0;
            open_pair = None;
            continue;
        }
        // A list continuing a target list: `新增农户家庭农场271个`.
        if !done
            && !pending.is_empty()
            && pending
                .last()
                .is_some_and(|(k, _, _)| *k + 1 == i || clauses[*k].line == c.line)
            && leads_with_measure(c) == false
            && c.measures.len() == 1
            && !t.contains('%')
        {
            pending.push((i, c.measures.first().cloned(), t.to_string()));
            continue;
        }
        // `开发公益性岗位420个，完成436个`: a figure, then what was done of it.
        if !done && !target_words && c.measures.len() == 1 && c.measures[0].unit != "%" {
            if let Some(next) = clauses.get(i + 1) {
                let answers = ["完成", "实际", "已完成", "累计完成"]
                    .iter()
                    .any(|w| next.text.starts_with(w))
                    && next
                        .measures
                        .iter()
                        .any(|q| units::compatible(q.unit, c.measures[0].unit));
                if answers {
                    pending.push((i, c.measures.first().cloned(), t.to_string()));
                    continue;
                }
            }
        }
        // `口袋公园建设完成6个，完成率150%`: the target only as the rate's base.
        if done && pending.is_empty() && c.measures.iter().any(|q| q.unit != "%") {
            if let Some(next) = clauses.get(i + 1) {
                if next.text.contains("完成率") && !next.measures.is_empty() {
                    let cut = t.find("完成").unwrap_or(0);
                    let name = t[..cut].trim().to_string();
                    if !name.is_empty() {
                        out.push(Pair {
                            name: name.clone(),
                            target: name,
                            actual: t[cut..].to_string(),
                            rate: None,
                            note: String::new(),
                            line: c.line,
                        });
                        open_pair = Some(out.len() - 1);
                        continue;
                    }
                }
            }
        }
        if done || all_done {
            // `实际分别完成95个、310个、7397个`: one result per waiting target.
            if t.contains("分别") && c.measures.len() > 1 && pending.len() >= 2 {
                let results: Vec<&Quantity> = c.measures.iter().filter(|q| q.unit != "%").collect();
                let n = results.len().min(pending.len());
                let taken: Vec<_> = pending.drain(..n).collect();
                for ((k, _, name), q) in taken.into_iter().zip(results) {
                    let target = if name.is_empty() {
                        clauses[k].text.clone()
                    } else {
                        name.clone()
                    };
                    out.push(Pair {
                        name: target.clone(),
                        target,
                        actual: t[q.start..q.end].to_string(),
                        rate: None,
                        note: String::new(),
                        line: clauses[k].line,
                    });
                }
                open_pair = None;
                continue;
            }
            if let Some(pos) = best_pending(&pending, c, &clauses) {
                let (k, _, name) = pending.remove(pos);
                let target = target_text(&clauses[k].text, &name);
                out.push(Pair {
                    name: name.clone(),
                    target,
                    actual: t.to_string(),
                    rate: None,
                    note: String::new(),
                    line: clauses[k].line,
                });
                open_pair = Some(out.len() - 1);
                continue;
            }
            last_result = Some(i);
            open_pair = None;
        }
        if c.sentence_end {
            sentences_since_target += 1;
            if sentences_since_target > 3 {
                pending.clear();
            }
        }
    }
    out
}

fn topic_or(topic: &str, text: &str) -> String {
    if topic.is_empty() {
        text.to_string()
    } else {
        topic.to_string()
    }
}

/// The words of a list piece or the clause, whichever names the target.
fn target_text(clause: &str, name: &str) -> String {
    if clause.contains(name) && !name.is_empty() && name != clause {
        name.to_string()
    } else {
        clause.to_string()
    }
}

/// The share after the last 的: `88.9%`, or `6.4倍` as `640%`.
fn share_rate(clause: &str) -> Option<String> {
    let of = clause.rfind('的')?;
    let share = clause[of + '的'.len_utf8()..].trim();
    if let Some(times) = share.strip_suffix('倍') {
        let x: f64 = kaohe_numerals::normalize_str(times).parse().ok()?;
        return Some(format!("{}%", (x * 1000.0).round() / 10.0));
    }
    Some(share.to_string())
}

/// Splits `下达新开工11300套、基本建成8600套的目标任务` at each `、` that
/// follows a figure.
fn split_list(text: &str, qs: &[Quantity]) -> Vec<String> {
    if qs.len() < 2 {
        return vec![text.to_string()];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for q in qs {
        let after = &text[q.end..];
        if after.starts_with('、') || after.starts_with("和") || after.starts_with('及') {
            out.push(text[start..q.end].to_string());
            start = q.end + after.chars().next().map_or(0, char::len_utf8);
        }
    }
    if out.is_empty() {
        return vec![text.to_string()];
    }
    let tail = &text[start..];
    let tail = tail
        .find("的目标")
        .or_else(|| tail.find("的任务"))
        .map_or(tail, |i| &tail[..i]);
    out.push(tail.to_string());
    out
}

/// The waiting target a result answers: the same kind of unit, most words
/// shared, else the first.
fn best_pending(
    pending: &[(usize, Option<Quantity>, String)],
    result: &Clause,
    clauses: &[Clause],
) -> Option<usize> {
    let unit = result
        .measures
        .iter()
        .find(|q| q.unit != "%")
        .map(|q| q.unit);
    let mut best: Option<(usize, usize)> = None;
    for (n, (k, q, name)) in pending.iter().enumerate() {
        let fits = match (q, unit) {
            (Some(q), Some(u)) => units::compatible(q.unit, u),
            (Some(_), None) => has_any(&result.text, ALL_DONE),
            (None, _) => true,
        };
        if !fits {
            continue;
        }
        let words = shared_pairs(&format!("{}{}", clauses[*k].text, name), &result.text);
        if best.is_none_or(|(_, w)| words > w) {
            best = Some((n, words));
        }
    }
    best.map(|(n, _)| n)
}

/// How many two-character runs two texts share.
fn shared_pairs(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().filter(|c| !c.is_ascii_digit()).collect();
    let b: Vec<char> = b.chars().filter(|c| !c.is_ascii_digit()).collect();
    a.windows(2)
        .filter(|w| b.windows(2).any(|v| v == *w))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, String)> {
        let lines: Vec<(u32, String)> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i as u32 + 1, l.to_string()))
            .collect();
        pairs(&lines)
            .into_iter()
            .map(|p| (p.target, p.actual))
            .collect()
    }

    #[test]
    fn sentences() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "开发公益性岗位420个，完成436个，完成率103.8%。",
                &[("开发公益性岗位420个", "完成436个，完成率103.8%")],
            ),
            (
                "1-7月份,贵池区新引进省外亿元投资项目40个,完成市考核目标45个的88.9%,其中总投资15亿元以上项目1个。",
                &[("市考核目标45个", "贵池区新引进省外亿元投资项目40个")],
            ),
            (
                "1-9月份,316个州重点建设项目累计开复工291个,开复工率92%。其中,146个续建项目已全面复工;170个新开项目已开工145个。",
                &[
                    ("316个州重点建设项目", "累计开复工291个"),
                    ("146个续建项目", "已全面复工"),
                    ("170个新开项目", "已开工145个"),
                ],
            ),
            (
                "“六化六有”美丽村庄建设,全年任务为282个村,已全部建设完成;困难群众存量危房改造,全年任务为3800户,实际改造4559户,超额完成20%;",
                &[
                    ("全年任务为282个村", "已全部建设完成"),
                    ("全年任务为3800户", "实际改造4559户，超额完成20%"),
                ],
            ),
        ];
        for (text, want) in cases {
            let got = run(text);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
