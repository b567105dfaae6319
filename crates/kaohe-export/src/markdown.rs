//! The table as GitHub-flavoured Markdown: a title and one table; items on
//! their own lines (`<br>`); the dimension written on every row so that each
//! row reads on its own.

use crate::{verification_lines, Document, Options, COLUMNS, VERIFICATION_COLUMN};

/// A cell: pipes escaped, lines joined by `<br>`, no raw newlines.
fn cell(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| {
            l.replace('\\', "\\\\")
                .replace('|', "\\|")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace(['\r', '\n'], " ")
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// The Markdown text.
pub fn markdown(doc: &Document, options: &Options) -> String {
    let mut out = format!("# {}\n\n", doc.title.replace('\n', " "));
    let mut headers: Vec<&str> = COLUMNS.to_vec();
    if options.verification {
        headers.push(VERIFICATION_COLUMN);
    }
    out.push_str(&format!("| {} |\n", headers.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
    for row in &doc.rows {
        let mut cells = vec![
            cell(std::slice::from_ref(&row.dimension)),
            cell(&row.content),
            cell(&row.status),
            cell(&row.problems),
        ];
        if options.verification {
            cells.push(cell(&verification_lines(row)));
        }
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn a_gfm_table_with_items_on_lines() {
        let md = markdown(&sample::document(), &Options::default());
        assert!(md.starts_with("# 某某区教育局"));
        assert!(md.contains(
            "| 考评维度 | 自查内容（年度任务） | 落实情况 | 存在问题及原因 |\n|---|---|---|---|\n"
        ));
        assert!(md.contains("1.开展理论学习12次。<br>2.召开民主生活会。"));
        assert!(md.contains("培训教师&lt;500&gt;人次"));
        assert_eq!(
            md.lines().filter(|l| l.starts_with("| 党的建设")).count(),
            2
        );
    }
}
