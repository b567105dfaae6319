//! The table as one self-contained HTML file with print CSS (A4 landscape,
//! the header row repeated on every printed page).

use std::fmt::Write as _;

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

/// The HTML text.
pub fn html(doc: &Document, options: &Options) -> String {
    let title = xml_escape(&doc.title);
    let mut out = format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n<table>\n"
    );
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
