//! Charts drawn on the server as SVG: no script, print as they look.

use std::fmt::Write as _;

use super::render::escape;

const WIDTH: f64 = 560.0;
const LABEL: f64 = 170.0;
const ROW: f64 = 26.0;

/// One bar: label, value in 0..=max, the text after the bar.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

fn frame(rows: usize, title: &str, body: &str) -> String {
    let height = (rows.max(1) as f64) * ROW + 16.0;
    format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"13\">{body}</svg>",
        escape(title)
    )
}

/// Horizontal bars against `max`, one per row.
pub fn bars(title: &str, items: &[Bar], max: f64, color: &str) -> String {
    if items.is_empty() {
        return "<p class=\"muted\">暂无数据</p>".into();
    }
    let span = WIDTH - LABEL - 70.0;
    let mut body = String::new();
    for (i, b) in items.iter().enumerate() {
        let y = 8.0 + i as f64 * ROW;
        let w = if max > 0.0 {
            (b.value / max).clamp(0.0, 1.0) * span
        } else {
            0.0
        };
        let _ = write!(
            body,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{:.0}\" width=\"{w:.1}\" height=\"16\" fill=\"{color}\"><title>{}：{}</title></rect>\
             <text x=\"{:.1}\" y=\"{:.0}\">{}</text>",
            LABEL - 8.0,
            y + 13.0,
            escape(&short(&b.label, 12)),
            y,
            escape(&b.label),
            escape(&b.text),
            LABEL + w + 6.0,
            y + 13.0,
            escape(&b.text),
        );
    }
    frame(items.len(), title, &body)
}

/// One stacked row: label and (count, color, name) segments.
pub struct Stack {
    pub label: String,
    pub parts: Vec<(i64, &'static str, &'static str)>,
}

/// Stacked horizontal bars, each row scaled to the largest total.
pub fn stacked(title: &str, rows: &[Stack]) -> String {
    if rows.is_empty() {
        return "<p class=\"muted\">暂无数据</p>".into();
    }
    let max = rows
        .iter()
        .map(|r| r.parts.iter().map(|p| p.0).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let span = WIDTH - LABEL - 20.0;
    let mut body = String::new();
    for (i, r) in rows.iter().enumerate() {
        let y = 8.0 + i as f64 * ROW;
        let _ = write!(
            body,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>",
            LABEL - 8.0,
            y + 13.0,
            escape(&short(&r.label, 12))
        );
        let mut x = LABEL;
        for (n, color, name) in &r.parts {
            if *n <= 0 {
                continue;
            }
            let w = *n as f64 / max * span;
            let _ = write!(
                body,
                "<rect x=\"{x:.1}\" y=\"{y:.0}\" width=\"{w:.1}\" height=\"16\" fill=\"{color}\"><title>{}：{name} {n}</title></rect>",
                escape(&r.label)
            );
            if w > 18.0 {
                let _ = write!(
                    body,
                    "<text x=\"{:.1}\" y=\"{:.0}\" fill=\"#fff\" text-anchor=\"middle\">{n}</text>",
                    x + w / 2.0,
                    y + 13.0
                );
            }
            x += w;
        }
    }
    frame(rows.len(), title, &body)
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(std::iter::once('…')).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_with_escaped_labels() {
        let svg = bars(
            "达标率",
            &[Bar {
                label: "<b>局".into(),
                value: 0.5,
                text: "50%".into(),
            }],
            1.0,
            "#1a7f37",
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("&lt;b&gt;局") && !svg.contains("<b>局"));
        let s = stacked(
            "结论",
            &[Stack {
                label: "甲".into(),
                parts: vec![(3, "#1a7f37", "达标"), (1, "#b42318", "未达标")],
            }],
        );
        assert!(s.contains("达标 3") && s.contains("未达标 1"));
        assert!(bars("x", &[], 1.0, "#000").contains("暂无数据"));
    }
}
