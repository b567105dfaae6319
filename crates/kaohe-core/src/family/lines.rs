//! Indicator rows that no header cell names: lines whose cells run
//! together with single spaces (`产出指标 质量指标 覆盖率 … >= 98 %(百分比)
//! 100% 完成 25.00 25.00 6.25`), read by their figures: the bound and value
//! are the target, the next figure the result, the numbers after it the
//! points and the score. And the overall goals under a 年度预期目标 /
//! 具体完成情况 heading.

use super::cells::Rows;
use super::grid::{number, RawRow, Tables};
use super::header::is_level;

const BOUNDS: &[&str] = &[
    ">=", "<=", "≥", "≤", "≧", "≦", "＝", "=", "═", ">", "<", "＞", "＜",
];

fn is_bound(tok: &str) -> bool {
    BOUNDS.contains(&tok)
}

fn has_figure(tok: &str) -> bool {
    tok.chars().any(|c| c.is_ascii_digit())
}

fn is_status_word(tok: &str) -> bool {
    matches!(
        tok,
        "完成"
            | "未完成"
            | "达成"
            | "未达成"
            | "部分完成"
            | "基本完成"
            | "部分达成"
            | "是"
            | "否"
    )
}

/// A goal's label: 年度总体目标, 项目年度目标.
fn is_goal_label(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches([':', '：']);
    matches!(
        t,
        "年度总体目标" | "项目年度目标" | "总体目标" | "年度目标" | "整体目标" | "部门年度目标"
    ) || t.starts_with("年度总体目标(")
        || t.starts_with("年度总体目标（")
}

/// A heading of a goal block's columns: 预期目标, 实际完成情况.
fn is_goal_heading(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    t.chars().count() <= 14
        && [
            "预期目标",
            "实际完成情况",
            "目标完成情况",
            "年初设定目标",
            "全年实际完成",
            "具体完成情况",
            "完成情况",
            "实际完成",
        ]
        .iter()
        .any(|w| t.contains(w))
}

/// Goals given as a label, the block's column headings and then the goal
/// and what was done, in cells (one a line or side by side).
fn goal_blocks(rows: &Rows, tables: &mut Tables) {
    let mut k = 0;
    while k < rows.rows.len() {
        let first = rows.rows[k].filled().next().map(|c| c.text.clone());
        if tables.used[k] || !first.as_deref().is_some_and(is_goal_label) {
            k += 1;
            continue;
        }
        // The cells from the label on, over a few lines.
        let mut cells: Vec<(usize, String)> = Vec::new();
        for (j, row) in rows.rows.iter().enumerate().skip(k).take(6) {
            if j > k && tables.used[j] {
                break;
            }
            for c in row.filled() {
                cells.push((j, c.text.clone()));
            }
            if cells.len() >= 5 {
                break;
            }
        }
        let values: Vec<&(usize, String)> = cells
            .iter()
            .skip(1)
            .filter(|(_, t)| !is_goal_heading(t) && !is_goal_label(t))
            .take(2)
            .collect();
        if let [target, actual] = values[..] {
            let last = actual.0;
            let line = rows.rows[target.0].line;
            for u in &mut tables.used[k..=last] {
                *u = true;
            }
            tables.rows.push(RawRow {
                group: vec!["年度总体目标".to_string()],
                name: first.unwrap_or_default(),
                target: target.1.clone(),
                actual: actual.1.clone(),
                line,
                ..RawRow::default()
            });
            k = last + 1;
        } else {
            k += 1;
        }
    }
}

/// Reads the lines the tables left.
pub fn read(rows: &Rows, tables: &mut Tables) {
    goal_blocks(rows, tables);
    let mut in_goals = false;
    for (k, row) in rows.rows.iter().enumerate() {
        if tables.used[k] {
            continue;
        }
        let raw = row.raw.trim();
        if raw.contains("年度预期目标") && raw.contains("完成情况")
            || raw.contains("年度总体目标") && raw.contains("完成情况")
        {
            in_goals = true;
            tables.used[k] = true;
            continue;
        }
        if in_goals {
            if let Some((target, actual)) = goal_row(raw) {
                tables.used[k] = true;
                tables.rows.push(RawRow {
                    group: vec!["年度总体目标".to_string()],
                    name: target.clone(),
                    target,
                    actual,
                    line: row.line,
                    ..RawRow::default()
                });
                continue;
            }
            in_goals = false;
        }
        if let Some(r) = figure_row(raw, row.line) {
            tables.used[k] = true;
            tables.rows.push(r);
        }
    }
}

/// `目标句 完成句 100.00`: the goal and what was done (the same words, as a
/// rule), the rate dropped.
fn goal_row(raw: &str) -> Option<(String, String)> {
    let mut parts: Vec<&str> = raw.split_whitespace().collect();
    if parts.last().is_some_and(|p| number(p).is_some()) {
        parts.pop();
    }
    if parts.len() != 2 || parts.iter().any(|p| p.chars().count() < 6) {
        return None;
    }
    if parts[0].starts_with(['一', '二', '三', '四', '五']) && parts[0].contains('、') {
        return None;
    }
    Some((parts[0].to_string(), parts[1].to_string()))
}

/// A line holding a bound and a figure: `[levels] name [explanation] >= 98
/// %(百分比) 100% 完成 25.00 25.00 [6.25]`.
fn figure_row(raw: &str, line: u32) -> Option<RawRow> {
    let toks: Vec<&str> = raw.split_whitespace().collect();
    let b = toks
        .iter()
        .position(|t| is_bound(t) || BOUNDS.iter().any(|x| t.starts_with(x) && has_figure(t)))?;
    // The target: the bound, its figure and the unit after it.
    let mut end = b + 1;
    if is_bound(toks[b]) {
        if !toks.get(end).is_some_and(|t| has_figure(t)) {
            return None;
        }
        end += 1;
    }
    if toks
        .get(end)
        .is_some_and(|t| !has_figure(t) && !is_status_word(t) && t.chars().count() <= 8)
    {
        end += 1;
    }
    let target = toks[b..end].join(" ");
    let actual = toks
        .get(end)
        .filter(|t| has_figure(t) || !is_status_word(t))?
        .to_string();
    let mut rest = toks[end + 1..]
        .iter()
        .copied()
        .filter(|t| !is_status_word(t));
    let full_score = rest.next().and_then(number);
    let self_score = rest.next().and_then(number);
    let mut levels = Vec::new();
    let mut name = String::new();
    for t in &toks[..b] {
        if name.is_empty() && is_level(t) {
            levels.push(t.to_string());
        } else if name.is_empty() {
            name = t.to_string();
        }
    }
    if name.is_empty() {
        return None;
    }
    Some(RawRow {
        group: levels,
        name,
        target,
        actual,
        full_score,
        self_score,
        line,
        ..RawRow::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_rows() {
        let r = figure_row("产出指标 质量指标 符合条件申报对象覆盖率 享受补贴政策人数占符合条件申报对象总数的比例 >= 98 %(百分比) 100% 完成 25.00 25.00 6.25", 7).unwrap();
        assert_eq!(r.name, "符合条件申报对象覆盖率");
        assert_eq!(r.target, ">= 98 %(百分比)");
        assert_eq!(r.actual, "100%");
        assert_eq!(r.full_score, Some(25.0));
        assert_eq!(r.self_score, Some(25.0));
        assert_eq!(r.group, vec!["产出指标", "质量指标"]);
        assert!(figure_row("其中:财政资金 6.84 其中:财政资金 6.84", 1).is_none());
        assert_eq!(
            goal_row("为我县百岁高龄老年人发放补贴,使老年人得到更好的照顾。 为我县百岁高龄老年人发放补贴,使老年人得到更好的照顾。 100.00"),
            Some(("为我县百岁高龄老年人发放补贴,使老年人得到更好的照顾。".into(), "为我县百岁高龄老年人发放补贴,使老年人得到更好的照顾。".into()))
        );
    }
}
