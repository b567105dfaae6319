//! The table as GitHub-flavoured Markdown: a title and one table; items on
//! their own lines (`<br>`); the dimension written on every row so that each
//! row reads on its own.

use crate::{verification_lines, Document, Options, COLUMNS, VERIFICATION_COLUMN};

/// One line of text that renders as itself and nothing else: no HTML (`<`,
/// `>` and `&` as entities), no links or images (`[` `]` escaped, so
/// `[x](javascript:…)` stays text), no table breaks (`|` escaped), no raw
/// newlines. kaohe-import's Markdown reader undoes exactly this.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A cell: lines made [`inline`] and joined by `<br>`.
fn cell(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| inline(l))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// The Markdown text.
pub fn markdown(doc: &Document, options: &Options) -> String {
    let mut out = format!("# {}\n\n", inline(&doc.title));
    if let Some(family) = &doc.family {
        family_body(&mut out, &crate::family::layout(family, options));
        return out;
    }
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

/// A family document: the subtitle, notes, each grid as a GFM table (the
/// levels written on every row, so that each row reads on its own), the
/// footer.
fn family_body(out: &mut String, l: &crate::family::Layout) {
    out.push_str(&format!("{}\n\n", inline(&l.subtitle)));
    for n in &l.notes {
        out.push_str(&format!("- {}\n", inline(n)));
    }
    if !l.notes.is_empty() {
        out.push('\n');
    }
    for g in &l.grids {
        if let Some(c) = &g.caption {
            out.push_str(&format!("## {}\n\n", inline(c)));
        }
        let header: Vec<String> = g.header.iter().map(|h| inline(h)).collect();
        out.push_str(&format!("| {} |\n", header.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
        for row in &g.rows {
            let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out.push('\n');
    }
    for f in &l.footer {
        out.push_str(&format!("{}\n\n", inline(f)));
    }
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

    #[test]
    fn text_never_becomes_markup() {
        // (text, what it must be written as)
        let cases = [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
            ("![a](http://e/x.png)", "!\\[a\\](http://e/x.png)"),
            ("a | b", "a \\| b"),
            ("&lt; 已是实体", "&amp;lt; 已是实体"),
            ("<http://evil>", "&lt;http://evil&gt;"),
            ("两行\n文字", "两行 文字"),
        ];
        for (text, want) in cases {
            assert_eq!(inline(text), want, "{text}");
        }
        let mut doc = sample::document();
        doc.title = "<script>alert(1)</script>[x](javascript:y)".into();
        let md = markdown(&doc, &Options::default());
        assert!(md.starts_with("# &lt;script&gt;alert(1)&lt;/script&gt;\\[x\\](javascript:y)\n"));
    }
}
