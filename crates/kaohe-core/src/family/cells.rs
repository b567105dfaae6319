//! Text to rows of cells, in the forms tables arrive as text: cells between
//! `|` (a web page), between tabs (copied from Word, WPS or Excel), between
//! runs of spaces (a PDF's columns), or one cell a line (a web page whose
//! cells are blocks, a flattened PDF). Page furniture never becomes a row.

/// A cell with its original line.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The text as written, trimmed.
    pub text: String,
    /// Original line, 1-based.
    pub line: u32,
}

/// One line's cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The cells, empty ones kept (an empty cell is a blank result).
    pub cells: Vec<Cell>,
    /// Original line.
    pub line: u32,
    /// Whether the line was split at a delimiter (`|`, tab, a space run):
    /// its cells are one table row. A line of one cell may be one cell of
    /// a row spread down the page.
    pub delimited: bool,
    /// How the line was split.
    pub form: Form,
    /// The display column where the line's text starts (a CJK character
    /// is two columns wide).
    pub indent: usize,
    /// The line as written.
    pub raw: String,
}

impl Row {
    /// The cells that hold text.
    pub fn filled(&self) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(|c| !c.text.is_empty())
    }

    /// How many cells hold text.
    pub fn filled_count(&self) -> usize {
        self.filled().count()
    }
}

/// How a line's cells are delimited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Form {
    /// One cell, no delimiter.
    Single,
    /// Cells between `|`. `open_end`: the line does not end with `|`, so
    /// its last cell goes on on the next line.
    Pipe { open_end: bool },
    /// Cells between tabs: every cell in its column, empty ones too.
    Tab,
    /// Cells between runs of spaces, with the display column each starts at.
    Spaces { starts: Vec<usize> },
}

/// The rows of a text, and what it said about units (`单位：万元`).
#[derive(Clone, Debug, Default)]
pub struct Rows {
    /// Every line that is not page furniture, as cells.
    pub rows: Vec<Row>,
    /// Units stated for a table (`单位：个、亿元`), with their line.
    pub unit_notes: Vec<(u32, String)>,
}

fn blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}'
}

fn trim(s: &str) -> &str {
    s.trim_matches(blank)
}

/// Whether a line is page furniture: the site's headers and footers, not
/// the document's.
pub fn is_furniture(line: &str) -> bool {
    let l: String = line.chars().filter(|c| !blank(*c)).collect();
    if l.is_empty() {
        return false;
    }
    const STARTS: &[&str] = &[
        "来源:",
        "来源：",
        "作者:",
        "作者：",
        "发布时间",
        "发布日期",
        "发布机构",
        "信息来源",
        "索引号",
        "主题词",
        "主题分类",
        "文号:",
        "文号：",
        "点击",
        "访问次数",
        "浏览次数",
        "【字体",
        "字体:",
        "字体：",
        "打印本页",
        "【打印",
        "关闭窗口",
        "【关闭",
        "扫一扫",
        "分享到",
        "上一篇",
        "下一篇",
        "当前位置",
        "您当前的位置",
        "您的位置",
        "相关文件",
        "相关链接",
        "责任编辑",
        "编辑:",
        "编辑：",
        "栏目名称",
        "附件",
        "报表编号",
        "阅读次数",
        "【",
        "首页>",
        "首页 >",
    ];
    if STARTS.iter().any(|s| l.starts_with(s)) {
        return true;
    }
    const ANYWHERE: &[&str] = &["点击率", "打印本页", "关闭窗口", "在手机打开", "浏览次数:"];
    if ANYWHERE.iter().any(|s| l.contains(s)) {
        return true;
    }
    // 公开08表, 公开 12 表.
    if let Some(rest) = l.strip_prefix("公开") {
        let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() < rest.len() && digits.starts_with('表') {
            return true;
        }
    }
    // A line of only separators.
    l.chars()
        .all(|c| matches!(c, '|' | '｜' | '-' | '—' | '=' | '_' | '*'))
        && l.chars().count() > 3
}

/// The units a `单位：万元` / `金额单位：万元` / `单位:个、亿元` line states.
pub fn unit_note(line: &str) -> Option<String> {
    let l: String = line.chars().filter(|c| !blank(*c)).collect();
    let i = l.find("单位:").or_else(|| l.find("单位："))?;
    let before = &l[..i];
    if !(before.is_empty() || before.ends_with("金额") || before.ends_with("计量")) {
        return None;
    }
    let rest = l[i..].split_once([':', '：'])?.1;
    let rest = rest.trim_matches(['|', ' ']);
    let n = rest.chars().count();
    (n > 0 && n <= 12 && !rest.chars().any(|c| c.is_ascii_digit())).then(|| rest.to_string())
}

/// Splits a line into cells: at `|` (also full-width), at tabs, or at runs
/// of two or more spaces. `None` when the line has no such delimiter.
fn split(line: &str) -> Option<(Vec<String>, Form)> {
    if line.contains(['|', '｜']) {
        let body = line.trim_matches(blank);
        let mut parts: Vec<&str> = body.split(['|', '｜']).collect();
        if body.starts_with(['|', '｜']) && parts.len() > 1 {
            parts.remove(0);
        }
        // The piece after the last `|` is the line's end, not a cell,
        // unless text follows the bar: then that cell goes on below.
        let open_end = !body.ends_with(['|', '｜']);
        if !open_end {
            parts.pop();
        }
        let mut cells: Vec<String> = parts.into_iter().map(|p| trim(p).to_string()).collect();
        if cells.is_empty() {
            // A lone `|`: an empty cell, one a line.
            cells.push(String::new());
        }
        return Some((cells, Form::Pipe { open_end }));
    }
    if line.contains('\t') {
        let mut cells: Vec<String> = line.split('\t').map(|p| trim(p).to_string()).collect();
        while cells.len() > 1 && cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        return Some((cells, Form::Tab));
    }
    let mut cells = Vec::new();
    let mut starts = Vec::new();
    let mut cell = String::new();
    let mut spaces = 0;
    let mut column = 0;
    let mut start = 0;
    for c in line.chars() {
        if blank(c) {
            spaces += if c == '\u{3000}' { 2 } else { 1 };
            column += if c == '\u{3000}' { 2 } else { 1 };
            continue;
        }
        if spaces >= 2 && !cell.is_empty() {
            cells.push(std::mem::take(&mut cell));
            starts.push(start);
        } else if spaces == 1 && !cell.is_empty() {
            cell.push(' ');
        }
        if cell.is_empty() {
            start = column;
        }
        spaces = 0;
        cell.push(c);
        column += if c.is_ascii() { 1 } else { 2 };
    }
    if !cell.is_empty() {
        cells.push(cell);
        starts.push(start);
    }
    if cells.len() < 2 {
        return None;
    }
    Some((cells, Form::Spaces { starts }))
}

/// The display column of a line's first character.
fn indent_of(raw: &str) -> usize {
    raw.chars()
        .take_while(|c| blank(*c))
        .map(|c| if c == '\u{3000}' { 2 } else { 1 })
        .sum()
}

/// Reads a text's lines as rows of cells.
pub fn rows(text: &str) -> Rows {
    let mut out = Rows::default();
    // A page whose cells come one a line with an empty line between each
    // marks an empty cell by a line of spaces: there, that line is a cell.
    let (mut lines, mut empty) = (0usize, 0usize);
    for l in text.lines() {
        lines += 1;
        empty += usize::from(l.trim_end_matches('\r').is_empty());
    }
    let blank_separated = empty * 3 > lines;
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if is_furniture(raw) {
            continue;
        }
        if let Some(u) = unit_note(raw) {
            out.unit_notes.push((line, u));
            if !raw.contains(['|', '\t']) || raw.contains("金额单位") {
                continue;
            }
        }
        let row = match split(raw) {
            Some((cells, form)) => Row {
                cells: cells.into_iter().map(|text| Cell { text, line }).collect(),
                line,
                delimited: true,
                form,
                indent: indent_of(raw),
                raw: raw.to_string(),
            },
            None => {
                let t = trim(raw);
                let spaces_only = !raw.trim_end_matches('\r').is_empty() && blank_separated;
                if t.is_empty() && !raw.contains('\u{a0}') && !spaces_only {
                    // A blank line separates cells; it is no cell itself.
                    continue;
                }
                Row {
                    cells: vec![Cell {
                        text: t.to_string(),
                        line,
                    }],
                    line,
                    delimited: false,
                    form: Form::Single,
                    indent: indent_of(raw),
                    raw: raw.to_string(),
                }
            }
        };
        out.rows.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(r: &Row) -> Vec<&str> {
        r.cells.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn forms() {
        let cases: &[(&str, &[&[&str]])] = &[
            (
                "序号 | 项目名称 | 目标任务 |\n1 | 新增城镇就业 | 8950人 | 7123人 | 80% | ||",
                &[
                    &["序号", "项目名称", "目标任务"],
                    &["1", "新增城镇就业", "8950人", "7123人", "80%", "", ""],
                ],
            ),
            (
                "新增学位810个 | |||||",
                &[&["新增学位810个", "", "", "", "", ""]],
            ),
            ("|", &[&[""]]),
            ("部分老年人冬季就餐需求下降,", &[&["部分老年人冬季就餐需求下降,"]]),
            ("| 10 | 部分老年人", &[&["10", "部分老年人"]]),
            ("| a | b |", &[&["a", "b"]]),
            ("一级指标\t二级指标\t\t分值", &[&["一级指标", "二级指标", "", "分值"]]),
            (
                "产出指标  数量指标   新建站 12个",
                &[&["产出指标", "数量指标", "新建站 12个"]],
            ),
            ("指标1工程资金金额\n\n43.2\n\u{a0}\n", &[&["指标1工程资金金额"], &["43.2"], &[""]]),
            (
                "来源:某局 作者:办公室\n发布时间:2023-01-01\n【字体:大 中 小】\n公开08表\n单位：万元\n正文",
                &[&["正文"]],
            ),
        ];
        for (text, want) in cases {
            let got = rows(text);
            let got: Vec<Vec<&str>> = got.rows.iter().map(texts).collect();
            let want: Vec<Vec<&str>> = want.iter().map(|r| r.to_vec()).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn unit_notes() {
        assert_eq!(unit_note("单位:个、亿元").as_deref(), Some("个、亿元"));
        assert_eq!(unit_note("金额单位：万元").as_deref(), Some("万元"));
        assert_eq!(unit_note("实施单位:某局"), None);
        assert_eq!(unit_note("责任单位"), None);
    }
}
