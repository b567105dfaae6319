//! The report as a person reads it: Chinese text for a terminal, Markdown.

use std::fmt::Write;

use kaohe_core::check::{Report, TargetReport};
use kaohe_core::family::Family;
use kaohe_core::quantity::Quantity;
use kaohe_core::target::TargetKind;
use kaohe_core::verify::{Flag, Verdict};
use serde_json::{json, Value};

fn mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "✓ 达标",
        Verdict::NotMet => "✗ 未达标",
        Verdict::Unverified => "? 待核实",
        Verdict::Qualitative => "· 定性",
    }
}

fn target_line(t: &TargetReport) -> String {
    let mut s = format!("  [{}] {}", mark(t.verdict), t.text);
    if t.kind != TargetKind::Qualitative {
        if let Some(a) = &t.actual {
            let line = a.line.map(|l| format!("（第{l}行）")).unwrap_or_default();
            let _ = write!(s, "\n        实际：{}{}", a.text, line);
        }
        let _ = write!(s, "\n        理由：{}", t.reason);
    }
    s
}

fn number(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

fn opt(x: Option<f64>) -> String {
    x.map_or("—".to_string(), number)
}

/// A performance, progress or report document, as a person reads it.
fn family_text(r: &Report, source: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", r.title.as_deref().unwrap_or(r.family.chinese()));
    let _ = write!(
        out,
        "类别：{}    单位：{}    年度：{}",
        r.family.chinese(),
        r.organization.as_deref().unwrap_or("未写明"),
        r.year.map_or("未写明".to_string(), |y| y.to_string()),
    );
    if let Some(p) = r.period {
        let _ = write!(out, "    期间：{}", p.text());
    }
    let _ = writeln!(out, "    来源：{source}");
    if let Some(f) = &r.funds {
        let _ = writeln!(
            out,
            "\n【预算执行】预算数 {}，执行数 {}（{}），执行率 {}%；分值 {}，自评 {}，按规则 {}",
            opt(f.budget),
            opt(f.executed),
            f.unit,
            opt(f.rate),
            opt(f.full_score),
            opt(f.self_score),
            opt(f.suggested_score)
        );
        for flag in &f.flags {
            let _ = writeln!(out, "  ⚠ {}", flag.chinese());
        }
    }
    let mut group: Vec<String> = Vec::new();
    for i in &r.indicators {
        if !i.group.is_empty() && i.group != group {
            group = i.group.clone();
            let _ = writeln!(out, "\n【{}】", group.join(" / "));
        }
        let line = i.line.map(|l| format!("（第{l}行）")).unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{}. {}{}",
            i.index,
            first_chars(&i.indicator, 60),
            line
        );
        let _ = writeln!(
            out,
            "  目标：{}    实际：{}",
            first_chars(&i.target_text, 60),
            if i.actual_text.is_empty() {
                "（空）".to_string()
            } else {
                first_chars(&i.actual_text, 60)
            }
        );
        if i.full_score.is_some() || i.self_score.is_some() {
            let _ = writeln!(
                out,
                "  分值 {}，自评得分 {}，按规则 {}",
                opt(i.full_score),
                opt(i.self_score),
                opt(i.suggested_score)
            );
        }
        let _ = writeln!(out, "  [{}] {}", mark(i.verdict), i.reason);
        if let (Some(light), Some(expected)) = (i.light, i.expected_ratio) {
            let _ = writeln!(
                out,
                "  {}：已完成全年目标的 {}%，按时间进度应完成 {}%",
                light.chinese(),
                opt(i.ratio.map(|x| x * 100.0)),
                number(expected * 100.0)
            );
        }
        for flag in &i.flags {
            let _ = writeln!(out, "  ⚠ {}", flag.chinese());
        }
    }
    let s = &r.summary;
    let _ = write!(
        out,
        "\n合计：{} 项指标：达标 {}，未达标 {}，待核实 {}，定性 {}。",
        s.indicators, s.met, s.not_met, s.unverified, s.qualitative
    );
    if let Some(own) = s.self_score_total {
        let _ = write!(
            out,
            "自评总分 {}（{}）",
            number(own),
            s.self_grade.map_or("—", |g| g.chinese())
        );
    }
    if let Some(rule) = s.suggested_score_total {
        let _ = write!(
            out,
            "，按评分规则 {}（{}）",
            number(rule),
            s.grade.map_or("—", |g| g.chinese())
        );
    }
    let _ = writeln!(out);
    if !r.target_quality.is_empty() {
        let _ = writeln!(out, "\n目标无法核对：");
        for q in &r.target_quality {
            let _ = writeln!(out, "  {}. {}：{}", q.index, q.indicator, q.message);
        }
    }
    warnings(&mut out, r);
    out
}

fn warnings(out: &mut String, r: &Report) {
    if !r.warnings.is_empty() {
        let _ = writeln!(out, "\n读取提示：");
        for w in &r.warnings {
            match w.line {
                Some(l) => {
                    let _ = writeln!(out, "  第{l}行：{}", w.message);
                }
                None => {
                    let _ = writeln!(out, "  {}", w.message);
                }
            }
        }
    }
}

/// The readable Chinese report.
pub fn text(r: &Report, source: &str) -> String {
    if r.family != Family::SelfCheck {
        return family_text(r, source);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{}", r.title.as_deref().unwrap_or("自查表"));
    let _ = writeln!(
        out,
        "单位：{}    年度：{}    来源：{}",
        r.organization.as_deref().unwrap_or("未写明"),
        r.year.map_or("未写明".to_string(), |y| y.to_string()),
        source
    );
    let mut dimension = String::new();
    for task in &r.tasks {
        if task.dimension != dimension {
            dimension = task.dimension.clone();
            let _ = writeln!(
                out,
                "\n【{}】",
                if dimension.is_empty() {
                    "未分维度"
                } else {
                    &dimension
                }
            );
        }
        let lines = task
            .source_lines
            .content
            .map(|[a, b]| {
                if a == b {
                    format!("第{a}行")
                } else {
                    format!("第{a}–{b}行")
                }
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{}. {}（{}，自称{}）",
            task.index,
            first_chars(&task.content, 60),
            lines,
            task.claimed.chinese()
        );
        for t in &task.targets {
            let _ = writeln!(out, "{}", target_line(t));
        }
        if !task.problems.is_empty() && task.problems != "无" {
            let _ = writeln!(out, "  存在问题：{}", task.problems);
        }
        if task.flags.contains(&Flag::ClaimedCompletedButNotMet) {
            let _ = writeln!(out, "  ⚠ 自称已完成，但有目标未达到");
        }
    }
    let s = &r.summary;
    let _ = writeln!(
        out,
        "\n合计：{} 项任务，{} 个量化目标：达标 {}，未达标 {}，待核实 {}；定性 {} 项；自称完成但未达标的任务 {} 项。",
        s.tasks, s.targets, s.met, s.not_met, s.unverified, s.qualitative, s.flagged_tasks
    );
    warnings(&mut out, r);
    out
}

fn first_chars(s: &str, n: usize) -> String {
    let mut t: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        t.push('…');
    }
    t
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

/// The report as a GFM table with a verification column, then a summary.
pub fn markdown(r: &Report) -> String {
    if r.family != Family::SelfCheck {
        let doc = kaohe_export::Document::from_report(r);
        return kaohe_export::markdown(&doc, &kaohe_export::Options { verification: true });
    }
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", r.title.as_deref().unwrap_or("自查表"));
    let _ = writeln!(
        out,
        "| 考评维度 | 自查内容（年度任务） | 落实情况 | 存在问题及原因 | 核对结果 |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for task in &r.tasks {
        let content = if task.items.len() > 1 {
            task.items.join("<br>")
        } else {
            task.content.clone()
        };
        let status = if task.status_items.len() > 1 {
            task.status_items.join("<br>")
        } else {
            task.status.clone()
        };
        let checks: Vec<String> = task
            .targets
            .iter()
            .filter(|t| t.verdict != Verdict::Qualitative)
            .map(|t| format!("{}：{}", t.verdict.chinese(), t.reason))
            .collect();
        let checks = if checks.is_empty() {
            "定性".to_string()
        } else {
            checks.join("<br>")
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md_cell(&task.dimension),
            md_cell(&content),
            md_cell(&status),
            md_cell(&task.problems),
            md_cell(&checks)
        );
    }
    let s = &r.summary;
    let _ = writeln!(
        out,
        "\n**合计**：{} 项任务，{} 个量化目标，达标 {}，未达标 {}，待核实 {}，定性 {}。",
        s.tasks, s.targets, s.met, s.not_met, s.unverified, s.qualitative
    );
    out
}

fn kind_name(q: &Quantity) -> &'static str {
    use kaohe_core::quantity::Kind::*;
    match q.kind {
        Measure => "measure",
        Percent => "percent",
        Date => "date",
        Code => "code",
        Name => "name",
        Schedule => "schedule",
        Spec => "spec",
        RateBase => "rate_base",
        Vague => "vague",
        Ordinal => "ordinal",
    }
}

/// One quantity as a tab-separated line: span, value, unit, kind, line, then
/// comparator, approximation, period and change where there are any.
pub fn quantity_line(q: &Quantity, span: &str, line: usize) -> String {
    let mut extra = Vec::new();
    if let Some(c) = q.comparator {
        extra.push(c.symbol().to_string());
    }
    if let Some(a) = q.approx {
        extra.push(format!("{a:?}").to_lowercase());
    }
    if let Some(p) = q.period {
        extra.push(format!("{p:?}").to_lowercase());
    }
    if let Some(c) = q.change {
        extra.push(format!("{c:?}").to_lowercase());
    }
    format!(
        "{span}\t{}\t{}\t{}\t{line}\t{}",
        q.value,
        q.unit,
        kind_name(q),
        extra.join(" ")
    )
}

/// One quantity as JSON.
pub fn quantity_json(q: &Quantity, span: &str, line: usize) -> Value {
    let value = match q.value.to_i64() {
        Some(i) => json!(i),
        None => json!(q.value.to_f64()),
    };
    json!({
        "span": span,
        "value": value,
        "unit": q.unit,
        "kind": kind_name(q),
        "comparator": q.comparator.map(|c| c.symbol()),
        "approx": q.approx,
        "period": q.period,
        "change": q.change,
        "upper": q.upper.map(|u| u.to_f64()),
        "line": line,
        "start": q.start,
        "end": q.end,
    })
}
