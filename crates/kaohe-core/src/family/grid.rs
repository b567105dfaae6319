//! Indicator tables out of rows of cells: find the header by its column
//! names, then read each body row by the roles the header gives. Rows that
//! arrive one cell a line are rebuilt from the header's width; rows whose
//! merged cells were left out are anchored at the indicator's name.

use super::cells::{Cell, Form, Row, Rows};
use super::header::{is_first_level, is_level, points_in, role_of, Role};

/// One target row as read, before it is checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawRow {
    /// 一级 / 二级 levels.
    pub group: Vec<String>,
    /// The indicator's name.
    pub name: String,
    /// The target cell as written.
    pub target: String,
    /// The result cell as written.
    pub actual: String,
    /// 指标性质.
    pub comparator: Option<String>,
    /// 度量单位, or the unit the header or a unit note gives.
    pub unit: Option<String>,
    /// 完成率 as written.
    pub rate: Option<String>,
    /// 分值.
    pub full_score: Option<f64>,
    /// 得分.
    pub self_score: Option<f64>,
    /// 偏差原因 / 备注 (and a status word such as 顺利推进).
    pub note: String,
    /// Original line of the row.
    pub line: u32,
}

/// The budget block as read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawFunds {
    pub initial: Option<f64>,
    pub budget: Option<f64>,
    pub executed: Option<f64>,
    pub rate: Option<f64>,
    pub full_score: Option<f64>,
    pub self_score: Option<f64>,
    pub line: u32,
}

/// What the tables of a text hold.
#[derive(Clone, Debug, Default)]
pub struct Tables {
    /// Target rows in document order.
    pub rows: Vec<RawRow>,
    /// The budget block.
    pub funds: Option<RawFunds>,
    /// Headers found, by their roles: tells the family.
    pub headers: Vec<Vec<Role>>,
    /// Rows consumed by a table (indexes into [`Rows::rows`]); the rest is
    /// prose.
    pub used: Vec<bool>,
}

/// A number in a score or funds cell: `25.00`, `86%` (86), `IO` (an OCR'd
/// 10), `20分`.
pub fn number(cell: &str) -> Option<f64> {
    let t: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != ',')
        .collect();
    let t = t.trim_end_matches(['%', '％', '分']);
    match t {
        "IO" | "lO" | "1O" | "Io" => return Some(10.0),
        _ => {}
    }
    let t = kaohe_numerals::normalize_str(t);
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn is_number_cell(cell: &str) -> bool {
    number(cell).is_some()
}

pub fn is_empty_value(cell: &str) -> bool {
    matches!(
        cell.trim(),
        "" | "-" | "—" | "——" | "/" | "／" | "…" | "……" | "..." | "无" | "\u{a0}"
    )
}

/// A template placeholder left in the form: 指标2, ……, 指标1: with nothing.
pub fn is_placeholder(name: &str) -> bool {
    let n: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let n = n.trim_end_matches([':', '：']);
    if is_empty_value(n) || n.chars().all(|c| matches!(c, '.' | '…' | '。')) {
        return true;
    }
    let rest = n.strip_prefix("指标").map(|r| {
        r.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    });
    matches!(rest, Some(r) if r.is_empty() || r.chars().all(|c| matches!(c, 'L' | 'l' | 'I' | ':' | '：')))
}

/// A total or closing row: not an indicator.
fn is_closing(name: &str) -> bool {
    let n: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(n.as_str(), "合计" | "总计" | "小计" | "总分" | "总得分")
        || [
            "评价结论",
            "存在问题",
            "改进措施",
            "项目负责人",
            "财务负责人",
            "填表人",
            "联系电话",
            "偏差大或",
            "自评得分",
            "绩效自评总分",
        ]
        .iter()
        .any(|w| n.starts_with(w))
}

/// The header roles of a run of cells, joining fragments a line break
/// split (`年度` + `指标值`, `实际` + `完成值`). Returns the roles and how
/// many cells they used; `None` for a cell that names nothing.
fn header_run(cells: &[&Cell], join: bool) -> (Vec<Option<Role>>, Vec<usize>) {
    let mut roles = Vec::new();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let one = role_of(&cells[i].text);
        let two = cells
            .get(i + 1)
            .filter(|_| join && cells[i].text.chars().count() <= 4)
            .and_then(|next| role_of(&format!("{}{}", cells[i].text, next.text)));
        let alone = cells.get(i + 1).and_then(|next| role_of(&next.text));
        // Join two fragments of one name: `年度` + `指标值`, `实际` + `完成值`.
        let joins = match (one, two) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => a == b && alone == Some(b),
            _ => false,
        };
        if joins {
            roles.push(two);
            spans.push(2);
            i += 2;
        } else {
            roles.push(one);
            spans.push(1);
            i += 1;
        }
    }
    (roles, spans)
}

fn is_indicator_header(roles: &[Role]) -> bool {
    let has = |r: Role| roles.contains(&r);
    let named = roles.iter().filter(|r| r.is_indicator_column()).count();
    // A target table names its targets, points, units or levels; a header
    // of only a name, a result and a note (自查内容 / 落实情况 / 存在问题) is
    // the self-check table's, which its own reader reads.
    let target_table = [
        Role::Target,
        Role::PeriodTarget,
        Role::Rate,
        Role::FullScore,
        Role::SelfScore,
        Role::Level1,
        Role::Level2,
        Role::Unit,
        Role::Comparator,
    ]
    .iter()
    .any(|r| has(*r));
    named >= 3
        && target_table
        && (has(Role::Target) || has(Role::Name) || has(Role::PeriodTarget))
        && (has(Role::Actual) || has(Role::SelfScore) || has(Role::Rate))
}

fn is_funds_header(roles: &[Role]) -> bool {
    roles.contains(&Role::FundBudget) || roles.contains(&Role::FundExecuted)
}

/// Reads every indicator table and funds block in the rows.
pub fn read(rows: &Rows) -> Tables {
    let mut out = Tables {
        used: vec![false; rows.rows.len()],
        ..Tables::default()
    };
    let unit_note = rows.unit_notes.last().map(|(_, u)| u.clone());
    // Each line is asked once whether a header starts there: a body reader
    // stops at the next one.
    let headers: Vec<Option<Header>> = (0..rows.rows.len())
        .map(|i| header_at(&rows.rows, i))
        .collect();
    let starts: Vec<bool> = headers.iter().map(Option::is_some).collect();
    let mut i = 0;
    while i < rows.rows.len() {
        match headers[i].clone() {
            Some(h) => {
                for u in &mut out.used[i..h.body] {
                    *u = true;
                }
                let next = if is_funds_header(&h.roles) {
                    read_funds(&rows.rows, &h, &mut out)
                } else {
                    out.headers.push(h.roles.clone());
                    read_body(&rows.rows, &starts, &h, unit_note.as_deref(), &mut out)
                };
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// A header found: its roles, the header cell texts and where the body starts.
#[derive(Clone, Debug)]
struct Header {
    roles: Vec<Role>,
    texts: Vec<String>,
    /// Whether the body comes one cell a line.
    stream: bool,
    /// How the header line was split: the body is read the same way.
    form: Form,
    /// First body row.
    body: usize,
}

fn header_at(rows: &[Row], i: usize) -> Option<Header> {
    let row = &rows[i];
    // Most lines are body rows holding figures: no header names a figure.
    let figures = row
        .filled()
        .filter(|c| c.text.bytes().any(|b| b.is_ascii_digit()))
        .count();
    if figures * 2 > row.filled_count() {
        return None;
    }
    if row.delimited && row.filled_count() >= 3 {
        let cells: Vec<&Cell> = row.cells.iter().collect();
        let (roles, spans) = header_run(&cells, false);
        let named = roles.iter().flatten().count();
        // Most cells of a header name a column; a body row names none.
        if named * 2 < roles.iter().filter(|_| true).count().max(1) {
            return None;
        }
        let mut texts = texts_of(&cells, &spans);
        let mut roles: Vec<Role> = roles
            .into_iter()
            .map(|r| r.unwrap_or(Role::Other))
            .collect();
        let mut body = i + 1;
        // A header continued on the next line (`任务完成率 | 备注`).
        while let Some(next) = rows.get(body) {
            let cells: Vec<&Cell> = next.filled().collect();
            if cells.is_empty() || cells.len() > 4 {
                break;
            }
            let (more, spans) = header_run(&cells, false);
            if more.iter().any(Option::is_none) {
                break;
            }
            texts.extend(texts_of(&cells, &spans));
            roles.extend(more.into_iter().flatten());
            body += 1;
        }
        name_the_work(&mut roles);
        if is_indicator_header(&roles) || is_funds_header(&roles) {
            return Some(Header {
                roles,
                texts,
                stream: false,
                form: row.form.clone(),
                body,
            });
        }
        return None;
    }
    // One cell a line: a run of header names, the first naming a column
    // on its own or with the next (`年度` + `指标值`).
    let first = row.filled().next()?;
    let next = rows.get(i + 1).and_then(|r| r.filled().next());
    if role_of(&first.text).is_none()
        && next.is_none_or(|n| role_of(&format!("{}{}", first.text, n.text)).is_none())
    {
        return None;
    }
    let mut cells: Vec<&Cell> = Vec::new();
    let mut j = i;
    while let Some(r) = rows.get(j) {
        if r.filled_count() != 1 || cells.len() >= 16 {
            break;
        }
        let c = r.filled().next().expect("one filled cell");
        if c.text.chars().count() > 16 {
            break;
        }
        cells.push(c);
        j += 1;
    }
    if cells.len() < 3 {
        return None;
    }
    let (roles, spans) = header_run(&cells, true);
    // The run ends at the first cell that names nothing.
    let mut used = 0;
    let mut kept = Vec::new();
    let mut kept_spans = Vec::new();
    for (r, s) in roles.iter().zip(&spans) {
        match r {
            Some(r) => {
                kept.push(*r);
                kept_spans.push(*s);
                used += s;
            }
            None => break,
        }
    }
    if kept.first() != roles.first().copied().flatten().as_ref() || kept.is_empty() {
        return None;
    }
    if !(is_indicator_header(&kept) && kept.len() >= 4 || is_funds_header(&kept) && kept.len() >= 3)
    {
        return None;
    }
    let texts = texts_of(&cells[..used], &kept_spans);
    name_the_work(&mut kept);
    Some(Header {
        roles: kept,
        texts,
        stream: true,
        form: Form::Single,
        body: i + used,
    })
}

/// A header with two target columns and no name (`工作目标` … `年度目标任务`):
/// the first names the work.
fn name_the_work(roles: &mut [Role]) {
    if roles.contains(&Role::Name) || roles.iter().filter(|r| **r == Role::Target).count() < 2 {
        return;
    }
    if let Some(first) = roles.iter_mut().find(|r| **r == Role::Target) {
        *first = Role::Name;
    }
}

fn texts_of(cells: &[&Cell], spans: &[usize]) -> Vec<String> {
    let mut out = Vec::new();
    let mut k = 0;
    for s in spans {
        out.push(
            cells[k..k + s]
                .iter()
                .map(|c| c.text.as_str())
                .collect::<String>(),
        );
        k += s;
    }
    out
}

/// A cell of a body read as a stream: cells one a line, or between `|`
/// with rows spread over lines.
#[derive(Clone, Debug)]
struct Flat {
    text: String,
    line: u32,
    /// Index of the row it came from.
    row: usize,
}

/// The body's cells in order, from the header to the table's end: `|`
/// lines (a cell cut by a line break joined again), and for a one-cell-a-
/// line table its single cells. Returns the cells and the row after them.
fn flatten(rows: &[Row], starts: &[bool], h: &Header) -> (Vec<Flat>, usize) {
    let mut out: Vec<Flat> = Vec::new();
    let mut open = false;
    let mut i = h.body;
    while i < rows.len() {
        if i > h.body && starts[i] {
            break;
        }
        let row = &rows[i];
        match &row.form {
            Form::Pipe { open_end } => {
                for (j, c) in row.cells.iter().enumerate() {
                    match out.last_mut() {
                        Some(last) if j == 0 && open => last.text.push_str(&c.text),
                        _ => out.push(Flat {
                            text: c.text.clone(),
                            line: c.line,
                            row: i,
                        }),
                    }
                }
                open = *open_end;
            }
            Form::Single if open => {
                if let Some(last) = out.last_mut() {
                    last.text.push_str(&row.cells[0].text);
                }
            }
            Form::Single if h.stream => out.push(Flat {
                text: row.cells[0].text.clone(),
                line: row.line,
                row: i,
            }),
            _ => break,
        }
        i += 1;
    }
    (out, i)
}

/// What a body reader needs to know of its table.
struct Body<'h> {
    header: &'h Header,
    /// The roles after the name column.
    values: Vec<Role>,
    /// Where the name column is.
    name_at: Option<usize>,
    /// The unit the target column's header names, or the table's unit note.
    unit: Option<String>,
}

/// The cells of the body, row by row: as the lines give them, or rebuilt
/// from a stream of cells.
fn read_body(
    rows: &[Row],
    starts: &[bool],
    h: &Header,
    unit_note: Option<&str>,
    out: &mut Tables,
) -> usize {
    let name_at = h.roles.iter().position(|r| *r == Role::Name);
    let body = Body {
        header: h,
        values: match name_at {
            Some(n) => h.roles[n + 1..].to_vec(),
            None => h.roles.clone(),
        },
        name_at,
        unit: h
            .roles
            .iter()
            .zip(&h.texts)
            .find(|(r, _)| matches!(r, Role::Target))
            .and_then(|(_, t)| bracket_unit(t))
            .or_else(|| single_unit(unit_note)),
    };
    match h.form {
        Form::Single | Form::Pipe { .. } => read_stream(rows, starts, &body, out),
        Form::Tab | Form::Spaces { .. } => read_lines(rows, starts, &body, out),
    }
}

fn read_stream(rows: &[Row], starts: &[bool], body: &Body, out: &mut Tables) -> usize {
    let h = body.header;
    let (cells, end) = flatten(rows, starts, h);
    let mut group: Vec<String> = Vec::new();
    let mut last_seq: Option<u32> = None;
    let mut k = 0;
    let mut end_row = end;
    let seq = h.roles.first() == Some(&Role::Seq);
    while k < cells.len() {
        let next_seq = last_seq.map(|n| n + 1).filter(|_| seq);
        match stream_row(&cells, k, &body.values, next_seq) {
            StreamRow::Level(text, used) => {
                set_level(&mut group, &text);
                k += used;
            }
            StreamRow::Skip => {
                if let Ok(n) = cells[k].text.trim_end_matches(['.', '、']).parse::<u32>() {
                    last_seq = Some(n);
                }
                k += 1;
            }
            StreamRow::End => {
                end_row = cells[k].row;
                break;
            }
            StreamRow::Row(name, values, used) => {
                let line = cells[k].line;
                k += used;
                if let Some(raw) = raw_row(body, &group, name, &values, line) {
                    out.rows.push(raw);
                }
            }
        }
    }
    for u in &mut out.used[h.body..end_row.min(rows.len())] {
        *u = true;
    }
    end_row
}

fn read_lines(rows: &[Row], starts: &[bool], body: &Body, out: &mut Tables) -> usize {
    let h = body.header;
    let mut group: Vec<String> = Vec::new();
    let mut i = h.body;
    let mut last_row: Option<usize> = None;
    let columns = match &rows[h.body.saturating_sub(1)].form {
        Form::Spaces { starts } if starts.len() == h.roles.len() => Some(starts.clone()),
        _ => None,
    };
    while i < rows.len() {
        if starts[i] {
            break;
        }
        let row = &rows[i];
        // Cells by the header's columns: a space-aligned line by where each
        // cell starts, a tab line as it is.
        let placed = match (&row.form, &columns) {
            (Form::Spaces { starts: at }, Some(cols)) => Some(place(&row.cells, at, cols)),
            (Form::Single, Some(cols)) => Some(place(&row.cells, &[row.indent], cols)),
            _ => None,
        };
        // A line continuing the row above in some of its columns (a wrapped
        // cell: `控制在4.5` / `以内`).
        if let (Some(cells), Some(k)) = (&placed, last_row) {
            let first_empty = cells
                .iter()
                .take(body.name_at.unwrap_or(1) + 1)
                .all(|c| c.is_empty());
            let filled = cells.iter().filter(|c| !c.is_empty()).count();
            if first_empty && filled * 2 <= cells.len() && filled > 0 {
                continue_row(&mut out.rows[k], body, cells);
                out.used[i] = true;
                i += 1;
                continue;
            }
        }
        if row.form == Form::Single && placed.is_none() {
            // A lone line under a table: a sub-row's continuation, or the
            // table has ended.
            let t = &row.cells[0].text;
            if let Some(last) = last_row.and_then(|k| out.rows.get_mut(k)) {
                if t.chars().count() <= 40
                    && !t.ends_with(['。', '：', ':'])
                    && !t.chars().any(|c| c.is_ascii_digit())
                {
                    last.name.push_str(t);
                    out.used[i] = true;
                    i += 1;
                    continue;
                }
            }
            break;
        }
        out.used[i] = true;
        i += 1;
        let texts: Vec<String> = match placed {
            Some(cells) => cells,
            None => row.cells.iter().map(|c| c.text.clone()).collect(),
        };
        let Some((name, values, levels)) = delimited_row(&texts, h, body.name_at) else {
            continue;
        };
        for l in levels {
            set_level(&mut group, &l);
        }
        if is_closing(&name) {
            break;
        }
        if let Some(raw) = raw_row(body, &group, name, &values, row.line) {
            last_row = Some(out.rows.len());
            out.rows.push(raw);
        }
    }
    i
}

/// Places cells starting at display columns `at` under the header columns
/// starting at `cols`: each under the column it starts nearest to.
fn place(cells: &[Cell], at: &[usize], cols: &[usize]) -> Vec<String> {
    let mut out = vec![String::new(); cols.len()];
    for (c, &x) in cells.iter().zip(at) {
        let k = cols
            .iter()
            .enumerate()
            .min_by_key(|(_, &col)| col.abs_diff(x))
            .map_or(0, |(k, _)| k);
        if !out[k].is_empty() {
            out[k].push(' ');
        }
        out[k].push_str(&c.text);
    }
    out
}

/// Adds a wrapped line's cells to the row above.
fn continue_row(raw: &mut RawRow, body: &Body, cells: &[String]) {
    for (k, text) in cells.iter().enumerate() {
        if text.is_empty() {
            continue;
        }
        let role = match body.name_at {
            Some(n) if k == n => Role::Name,
            Some(n) if k > n => body.values.get(k - n - 1).copied().unwrap_or(Role::Other),
            None => body.values.get(k).copied().unwrap_or(Role::Other),
            _ => Role::Other,
        };
        let field = match role {
            Role::Name => &mut raw.name,
            Role::Target => &mut raw.target,
            Role::Actual => &mut raw.actual,
            Role::Note | Role::Status => &mut raw.note,
            Role::Unit => raw.unit.get_or_insert_with(String::new),
            _ => continue,
        };
        field.push_str(text);
    }
}

/// A target row from its name and value cells (in the order of the roles
/// after the name), or `None` for a template's placeholder or an empty row.
fn raw_row(
    body: &Body,
    group: &[String],
    name: String,
    values: &[String],
    line: u32,
) -> Option<RawRow> {
    let mut raw = RawRow {
        group: group.to_vec(),
        name,
        line,
        ..RawRow::default()
    };
    for (role, cell) in body.values.iter().zip(values) {
        let text = cell.trim().to_string();
        match role {
            Role::Target => raw.target = text,
            Role::Actual => {
                if raw.actual.is_empty() {
                    raw.actual = text;
                } else if !text.is_empty() {
                    raw.actual = format!("{} {}", raw.actual, text);
                }
            }
            Role::Comparator => raw.comparator = Some(text),
            Role::Unit => raw.unit = Some(text).filter(|t| !t.is_empty()),
            Role::Rate => raw.rate = Some(text).filter(|t| !t.is_empty()),
            Role::FullScore => raw.full_score = number(&text),
            Role::SelfScore => raw.self_score = number(&text),
            Role::Note | Role::Status if !is_empty_value(&text) => {
                if !raw.note.is_empty() {
                    raw.note.push(' ');
                }
                raw.note.push_str(&text);
            }
            Role::Name if raw.name.is_empty() => raw.name = text,
            _ => {}
        }
    }
    // A rate column holding the result's words (the cells shifted).
    if let Some(rate) = raw.rate.clone() {
        if number(&rate).is_none() {
            raw.actual = format!("{} {}", raw.actual, rate).trim().to_string();
            raw.rate = None;
        }
    }
    if is_placeholder(&raw.name) && (is_empty_value(&raw.target) || is_placeholder(&raw.target))
        || is_placeholder(&raw.target) && !raw.target.is_empty()
    {
        return None;
    }
    if raw.target.is_empty() || is_empty_value(&raw.target) {
        // No target column, or only a milestone: the name states the target.
        let has_target_column = body.values.contains(&Role::Target);
        if !has_target_column || raw.target.is_empty() && digit_in(&raw.name) {
            raw.target = raw.name.clone();
        }
    }
    if raw.unit.is_none() {
        raw.unit = body.unit.clone();
    }
    let nothing = is_empty_value(&raw.target) && is_empty_value(&raw.actual);
    if nothing || raw.name.is_empty() && raw.target.is_empty() {
        return None;
    }
    Some(raw)
}

fn digit_in(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_ascii_digit() || "一二三四五六七八九十百千万".contains(c))
}

/// The unit in a header's brackets: `年投资计划(亿元)`, `目标值（%）`.
fn bracket_unit(header: &str) -> Option<String> {
    let open = header.find(['(', '（'])?;
    let inner = &header[open..];
    let inner = inner.trim_start_matches(['(', '（']);
    let close = inner.find([')', '）'])?;
    let u = inner[..close].trim();
    (!u.is_empty() && u.chars().count() <= 4 && !u.chars().any(|c| c.is_ascii_alphabetic()))
        .then(|| u.to_string())
}

/// A unit note that names one unit (`单位：万元`); `个、亿元` names several.
fn single_unit(note: Option<&str>) -> Option<String> {
    note.filter(|n| !n.contains(['、', ',', '，', '/']))
        .map(str::to_string)
}

fn set_level(group: &mut Vec<String>, level: &str) {
    let level = level.trim().to_string();
    if is_first_level(&level) || group.is_empty() {
        group.clear();
        group.push(level);
    } else {
        group.truncate(1);
        group.push(level);
    }
}

/// A delimited body row by roles: the name, the value cells after it, and
/// the levels it opens. Positional when it has the header's width, else
/// anchored at the name (merged cells on the left left out).
fn delimited_row(
    cells: &[String],
    h: &Header,
    name_at: Option<usize>,
) -> Option<(String, Vec<String>, Vec<String>)> {
    let mut texts: Vec<&str> = cells.iter().map(String::as_str).collect();
    if texts.iter().all(|t| t.is_empty()) {
        return None;
    }
    let mut levels = Vec::new();
    // A tab line leaves out only the empty cells at its end.
    if texts.len() < h.roles.len() && h.form == Form::Tab {
        texts.resize(h.roles.len(), "");
    }
    if texts.len() == h.roles.len() {
        let mut name = String::new();
        let mut values = Vec::new();
        for (k, (role, text)) in h.roles.iter().zip(&texts).enumerate() {
            match role {
                Role::Level1 | Role::Level2 if !text.is_empty() => levels.push(text.to_string()),
                Role::Name if Some(k) == name_at => name = text.to_string(),
                _ if name_at.is_some_and(|n| k > n) || name_at.is_none() => {
                    values.push(text.to_string())
                }
                _ => {}
            }
        }
        if name.is_empty() && name_at.is_some() {
            // A row whose name cell is merged with the one above is a
            // sub-row: its own cells still count.
            name = levels.last().cloned().unwrap_or_default();
        }
        return Some((name, values, levels));
    }
    // Anchored: skip the 序号, the levels and merged (empty) cells.
    let mut k = 0;
    while k < texts.len() {
        let t = texts[k];
        let seq = h.roles.first() == Some(&Role::Seq)
            && k == 0
            && (t.is_empty() || t.chars().all(|c| c.is_ascii_digit() || c == '.'));
        if seq || t.is_empty() {
            k += 1;
            continue;
        }
        if is_level(t) && k + 1 < texts.len() && name_at.is_some() {
            levels.push(t.to_string());
            k += 1;
            continue;
        }
        break;
    }
    let name = texts.get(k)?.to_string();
    let values: Vec<String> = if name_at.is_some() {
        texts[k + 1..].iter().map(|t| t.to_string()).collect()
    } else {
        texts[k..].iter().map(|t| t.to_string()).collect()
    };
    Some((name, values, levels))
}

enum StreamRow {
    /// A level cell (and how many lines it took).
    Level(String, usize),
    /// A stray empty cell.
    Skip,
    /// The table has ended.
    End,
    /// A name and its value cells, and how many lines they took.
    Row(String, Vec<String>, usize),
}

/// One row of a body read as a stream: a level, or a name and a value cell
/// for each of `roles`. `next_seq`, the 序号 the next row will carry, ends a
/// row whose last cells were left blank (a blank line is no cell).
fn stream_row(cells: &[Flat], i: usize, roles: &[Role], next_seq: Option<u32>) -> StreamRow {
    let width = roles.len();
    let cell = |k: usize| cells.get(k).map(|c| c.text.as_str());
    let Some(t) = cell(i) else {
        return StreamRow::End;
    };
    if t.is_empty() {
        return StreamRow::Skip;
    }
    // `经济效益` + `指标`: a level split by a line break.
    if let Some(next) = cell(i + 1) {
        if next == "指标" && is_level(&format!("{t}指标")) {
            return StreamRow::Level(format!("{t}指标"), 2);
        }
    }
    if is_level(t) {
        return StreamRow::Level(t.to_string(), 1);
    }
    if is_closing(t) {
        return StreamRow::End;
    }
    if is_number_cell(t) {
        return StreamRow::Skip;
    }
    let mut values = Vec::new();
    for k in 1..=width {
        let Some(v) = cell(i + k) else { break };
        // A value column never holds the next row's level or 序号.
        if is_level(v) {
            break;
        }
        // …a 序号 only where a word is due (备注, 责任单位): a figure
        // equal to it elsewhere is a value.
        let worded = matches!(
            roles[k - 1],
            Role::Note | Role::Responsible | Role::Status | Role::Other
        );
        let is_next_seq =
            next_seq.is_some_and(|n| v.trim_end_matches(['.', '、']) == n.to_string());
        // A blank cell left no line: the next 序号 comes early, followed by
        // the next row's name.
        let named_next =
            cell(i + k + 1).is_some_and(|t| t.chars().count() >= 2 && !is_number_cell(t));
        let figure_due = matches!(
            roles[k - 1],
            Role::Target | Role::Actual | Role::FullScore | Role::SelfScore
        );
        if is_next_seq && (worded || named_next && !figure_due) {
            break;
        }
        values.push(v.to_string());
    }
    let used = values.len() + 1;
    StreamRow::Row(t.to_string(), values, used)
}

/// The funds block: the header's roles over the first row of figures.
fn read_funds(rows: &[Row], h: &Header, out: &mut Tables) -> usize {
    let full_from_header = h.texts.iter().find_map(|t| points_in(t));
    let mut i = h.body;
    let end = (h.body + 8).min(rows.len());
    while i < end {
        let row = &rows[i];
        let values: Vec<&str> = if h.stream {
            // One cell a line: the label, then the figures.
            let mut v = Vec::new();
            let mut k = i + 1;
            while k < rows.len() && v.len() < h.roles.len() {
                let t = rows[k].filled().next().map_or("", |c| c.text.as_str());
                if !(is_number_cell(t) || t.is_empty()) {
                    break;
                }
                v.push(t);
                k += 1;
            }
            if v.iter().filter(|t| is_number_cell(t)).count() >= 2 {
                out.used[i..k].iter_mut().for_each(|u| *u = true);
                i = k;
                v
            } else {
                i += 1;
                continue;
            }
        } else {
            let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
            let figures: Vec<&str> = cells
                .iter()
                .skip_while(|t| !is_number_cell(t))
                .copied()
                .collect();
            out.used[i] = true;
            i += 1;
            if figures.iter().filter(|t| is_number_cell(t)).count() < 2 {
                continue;
            }
            figures
        };
        let roles: Vec<Role> = h
            .roles
            .iter()
            .copied()
            .filter(|r| {
                matches!(
                    r,
                    Role::FundInitial
                        | Role::FundBudget
                        | Role::FundExecuted
                        | Role::Rate
                        | Role::FullScore
                        | Role::SelfScore
                )
            })
            .collect();
        let mut funds = RawFunds {
            line: row.line,
            ..RawFunds::default()
        };
        // Walk roles and figures together; a percentage goes to the rate
        // even when cells before it were left out.
        let mut r = 0;
        for v in values {
            let Some(x) = number(v) else {
                if v.is_empty() || is_empty_value(v) {
                    r += 1;
                }
                continue;
            };
            let percent = v.trim().ends_with(['%', '％']);
            if percent {
                if let Some(k) = roles[r.min(roles.len())..]
                    .iter()
                    .position(|x| *x == Role::Rate)
                {
                    r += k;
                }
            }
            let Some(role) = roles.get(r) else { break };
            match role {
                Role::FundInitial => funds.initial = Some(x),
                Role::FundBudget => funds.budget = Some(x),
                Role::FundExecuted => funds.executed = Some(x),
                Role::Rate => funds.rate = Some(x),
                Role::FullScore => funds.full_score = Some(x),
                Role::SelfScore => funds.self_score = Some(x),
                _ => {}
            }
            r += 1;
        }
        if funds.full_score.is_none() {
            funds.full_score = full_from_header;
        }
        if out.funds.is_none() {
            out.funds = Some(funds);
        }
        return i;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::super::cells;
    use super::*;

    /// Name, target, result, 分值, 得分.
    type Read = (String, String, String, Option<f64>, Option<f64>);

    fn names(text: &str) -> Vec<Read> {
        read(&cells::rows(text))
            .rows
            .into_iter()
            .map(|r| (r.name, r.target, r.actual, r.full_score, r.self_score))
            .collect()
    }

    #[test]
    fn row_forms() {
        let pipe = "序号 | 项目名称 | 责任单位 | 目标任务 | 1- 8月 实际完成情况 |\n任务完成率 | 备注 | |\n1 | 新增城镇就业 | 区人社局 | 8950人 | 7123人 | 80% | ||\n";
        let got = names(pipe);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "新增城镇就业");
        assert_eq!(got[0].1, "8950人");
        assert_eq!(got[0].2, "7123人");

        let tabs = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n产出指标\t数量指标\t新建站点\t≥12个\t13个\t10\t10\t无\n\t\t培训人次\t≥500人次\t420人次\t10\t10\t\n";
        let got = names(tabs);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].0, "培训人次");
        assert_eq!(got[1].2, "420人次");
        assert_eq!(got[1].4, Some(10.0));

        let stream = "一级指标\n\n二级指标\n\n三级指标\n\n年度\n\n指标值\n\n实际\n\n完成值\n\n分值\n\n得分\n\n偏差原因分析及改进措施\n\n产出指标\n\n数量指标\n\n指标1工程资金金额\n\n43.2\n\n37.24\n\n10\n\n9\n\n已完工。\n\n指标2\n\n\u{a0}\n\n\u{a0}\n\n\u{a0}\n\n\u{a0}\n\n\u{a0}\n\n质量指标\n\n指标1工程完工率\n\n100\n\n100\n\n10\n\n10\n\n\u{a0}\n";
        let got = names(stream);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[0],
            (
                "指标1工程资金金额".into(),
                "43.2".into(),
                "37.24".into(),
                Some(10.0),
                Some(9.0)
            )
        );
        assert_eq!(got[1].0, "指标1工程完工率");
    }

    #[test]
    fn funds_blocks() {
        let t = "预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) | |||||\n部门整体支出总额 | 864.2 | 100% | 20 | ||||||\n";
        let f = read(&cells::rows(t)).funds.expect("funds");
        assert_eq!(f.budget, Some(864.2));
        assert_eq!(f.rate, Some(100.0));
        assert_eq!(f.self_score, Some(20.0));
        assert_eq!(f.full_score, Some(20.0));
        let t = "预算执行情况（万元）（10分）\t预算数（A）\t执行数（B）\t执行率（B/A）\t得分（10分×执行率）\n\t1,862.35\t1,790.12\t96.12%\t9.6\n";
        let f = read(&cells::rows(t)).funds.expect("funds");
        assert_eq!(
            (f.budget, f.executed, f.rate, f.self_score, f.full_score),
            (
                Some(1862.35),
                Some(1790.12),
                Some(96.12),
                Some(9.6),
                Some(10.0)
            )
        );
    }
}
