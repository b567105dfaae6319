//! The table as one self-contained HTML file with print CSS (A4 landscape,
//! the header row repeated on every printed page).

use std::fmt::Write as _;

use crate::family::{layout, runs, Layout};
use crate::{
    dimension_runs, verification_lines, xml_escape, Document, Options, COLUMNS, VERIFICATION_COLUMN,
};

const CSS: &str = r#"body{font-family:"仿宋_GB2312","仿宋","FangSong","STFangsong","Noto Serif CJK SC",serif;font-size:12pt;margin:1.5rem;color:#000}
h1{font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","华文中宋","STZhongsong","Noto Serif CJK SC",serif;font-weight:normal;text-align:center;font-size:18pt;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #000;padding:4px 6px;vertical-align:top;text-align:left}
th{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-weight:normal;text-align:center;vertical-align:middle}
td.dimension{text-align:center;vertical-align:middle}
td p{margin:0}
thead{display:table-header-group}
tr{break-inside:avoid}
@page{size:A4 landscape;margin:15mm 12mm}"#;

/// What a family document adds: its captions, subtitle and totals.
const FAMILY_CSS: &str = r#"
h2{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-weight:normal;font-size:13pt;margin:1rem 0 .5rem}
p.subtitle{text-align:center;margin:0 0 1rem}
p.total{margin:.5rem 0 0}"#;

/// The HTML text.
pub fn html(doc: &Document, options: &Options) -> String {
    let title = xml_escape(&doc.title);
    let extra = if doc.family.is_some() { FAMILY_CSS } else { "" };
    let mut out = format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\n{CSS}{extra}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    if let Some(family) = &doc.family {
        family_body(&mut out, &layout(family, options));
        out.push_str("</body>\n</html>\n");
        return out;
    }
    out.push_str("<table>\n");
    let widths: &[u32] = if options.verification {
        &[8, 24, 36, 12, 20]
    } else {
        &[10, 28, 47, 15]
    };
    out.push_str("<colgroup>");
    for w in widths {
        let _ = write!(out, "<col style=\"width:{w}%\">");
    }
    out.push_str("</colgroup>\n<thead><tr>");
    let mut headers: Vec<&str> = COLUMNS.to_vec();
    if options.verification {
        headers.push(VERIFICATION_COLUMN);
    }
    for h in headers {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let runs = dimension_runs(&doc.rows);
    let paras = |lines: &[String]| -> String {
        lines
            .iter()
            .map(|l| format!("<p>{}</p>", xml_escape(l)))
            .collect()
    };
    for (i, row) in doc.rows.iter().enumerate() {
        out.push_str("<tr>");
        if let Some((_, n)) = runs.iter().find(|(start, _)| *start == i) {
            let _ = write!(
                out,
                "<td class=\"dimension\" rowspan=\"{n}\">{}</td>",
                xml_escape(&row.dimension)
            );
        }
        let _ = write!(
            out,
            "<td>{}</td><td>{}</td><td>{}</td>",
            paras(&row.content),
            paras(&row.status),
            paras(&row.problems)
        );
        if options.verification {
            let _ = write!(out, "<td>{}</td>", paras(&verification_lines(row)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

fn paras(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("<p>{}</p>", xml_escape(l)))
        .collect()
}

/// A family document: the subtitle, notes, each grid with its merged
/// leading columns as rowspans, the footer.
fn family_body(out: &mut String, l: &Layout) {
    let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", xml_escape(&l.subtitle));
    if !l.notes.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for n in &l.notes {
            let _ = write!(out, "<li>{}</li>", xml_escape(n));
        }
        out.push_str("</ul>\n");
    }
    for g in &l.grids {
        if let Some(c) = &g.caption {
            let _ = writeln!(out, "<h2>{}</h2>", xml_escape(c));
        }
        out.push_str("<table>\n<colgroup>");
        let sum: f64 = g.widths.iter().sum();
        for w in &g.widths {
            let _ = write!(out, "<col style=\"width:{:.1}%\">", w * 100.0 / sum);
        }
        out.push_str("</colgroup>\n<thead><tr>");
        for h in &g.header {
            let _ = write!(out, "<th>{}</th>", xml_escape(h));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        let runs: Vec<Vec<(usize, usize)>> = (0..g.merged).map(|c| runs(g, c)).collect();
        for (i, row) in g.rows.iter().enumerate() {
            out.push_str("<tr>");
            for (c, cell) in row.iter().enumerate() {
                if c < g.merged {
                    match runs[c].iter().find(|(start, _)| *start == i) {
                        Some((_, n)) if *n > 1 => {
                            let _ = write!(
                                out,
                                "<td class=\"dimension\" rowspan=\"{n}\">{}</td>",
                                paras(cell)
                            );
                        }
                        Some(_) => {
                            let _ = write!(out, "<td class=\"dimension\">{}</td>", paras(cell));
                        }
                        None => {}
                    }
                } else {
                    let _ = write!(out, "<td>{}</td>", paras(cell));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for f in &l.footer {
        let _ = writeln!(out, "<p class=\"total\">{}</p>", xml_escape(f));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn self_contained_and_escaped() {
        let h = html(&sample::document(), &Options::default());
        assert!(h.contains("<td class=\"dimension\" rowspan=\"2\">党的建设</td>"));
        assert!(h.contains("@page{size:A4 landscape"));
        assert!(!h.contains("<500>") && h.contains("&lt;500&gt;"));
        assert!(
            !h.contains("src=") && !h.contains("href="),
            "nothing fetched"
        );
    }
}
