//! The table as an Excel workbook: sheet 自查表 (the official layout, merged
//! dimension cells, wrapped text, the header row repeated when printed) and
//! sheet 核对结果 (one row per target, with filters).

use std::fmt::Write as _;

use crate::family::{layout, light_text, runs, FamilyDoc};
use crate::zip::ZipWriter;
use crate::{dimension_runs, xml_escape, Document, Options, COLUMNS};

/// Column letters for 0-based indexes below 26.
fn col(i: usize) -> char {
    (b'A' + i as u8) as char
}

fn text_cell(out: &mut String, r: usize, c: usize, text: &str, style: u32) {
    let _ = write!(
        out,
        "<c r=\"{}{r}\" t=\"inlineStr\" s=\"{style}\"><is><t xml:space=\"preserve\">{}</t></is></c>",
        col(c),
        xml_escape(text)
    );
}

fn number_cell(out: &mut String, r: usize, c: usize, value: f64, style: u32) {
    let _ = write!(
        out,
        "<c r=\"{}{r}\" s=\"{style}\"><v>{value}</v></c>",
        col(c)
    );
}

/// Column widths of sheet 1, in Excel's units (about one digit each).
const WIDTHS: [f64; 4] = [12.0, 36.0, 60.0, 18.0];

/// Lines a wrapped cell takes: Chinese characters are two units wide.
fn wrapped_lines(lines: &[String], width: f64) -> usize {
    lines
        .iter()
        .map(|l| {
            let units: f64 = l
                .chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.0 })
                .sum();
            ((units / (width - 1.5)).ceil() as usize).max(1)
        })
        .sum::<usize>()
        .max(1)
}

/// A row height that shows every line: spreadsheet programs do not all fit
/// wrapped rows on opening, so the height is written.
fn row_height(cells: [&[String]; 4]) -> f64 {
    let lines = cells
        .iter()
        .zip(WIDTHS)
        .map(|(c, w)| wrapped_lines(c, w))
        .max()
        .unwrap_or(1);
    (lines as f64 * 14.5 + 4.0).min(409.0)
}

const STYLE_TITLE: u32 = 1;
const STYLE_HEADER: u32 = 2;
const STYLE_BODY: u32 = 3;
const STYLE_CENTER: u32 = 4;
/// No border, wrapped: the lines above and below a family document's grids.
const STYLE_PLAIN: u32 = 5;
/// No border, centered: a family document's subtitle.
const STYLE_CENTER_PLAIN: u32 = 6;

/// The two sheets' XML (for snapshots): (自查表, 核对结果).
pub fn xlsx_sheet_xml(doc: &Document, options: &Options) -> (String, String) {
    if let Some(family) = &doc.family {
        return family_sheets(doc, family, options);
    }
    // Sheet 1: the official table.
    let mut s = String::with_capacity(64 * 1024);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">");
    s.push_str("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>");
    s.push_str("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>");
    // Widths in the reference proportions (1 : 3 : 5 : 1.5).
    s.push_str("<cols><col min=\"1\" max=\"1\" width=\"12\" customWidth=\"1\"/><col min=\"2\" max=\"2\" width=\"36\" customWidth=\"1\"/><col min=\"3\" max=\"3\" width=\"60\" customWidth=\"1\"/><col min=\"4\" max=\"4\" width=\"18\" customWidth=\"1\"/></cols><sheetData>");
    s.push_str("<row r=\"1\" ht=\"36\" customHeight=\"1\">");
    text_cell(&mut s, 1, 0, &doc.title, STYLE_TITLE);
    for c in 1..4 {
        let _ = write!(s, "<c r=\"{}1\" s=\"{STYLE_TITLE}\"/>", col(c));
    }
    s.push_str("</row><row r=\"2\">");
    for (c, h) in COLUMNS.iter().enumerate() {
        text_cell(&mut s, 2, c, h, STYLE_HEADER);
    }
    s.push_str("</row>");
    let runs = dimension_runs(&doc.rows);
    for (i, row) in doc.rows.iter().enumerate() {
        let r = i + 3;
        let dim = [row.dimension.clone()];
        let height = row_height([&dim, &row.content, &row.status, &row.problems]);
        let _ = write!(s, "<row r=\"{r}\" ht=\"{height:.1}\" customHeight=\"1\">");
        let first = runs.iter().any(|(start, _)| *start == i);
        if first {
            text_cell(&mut s, r, 0, &row.dimension, STYLE_CENTER);
        } else {
            let _ = write!(s, "<c r=\"A{r}\" s=\"{STYLE_CENTER}\"/>");
        }
        text_cell(&mut s, r, 1, &row.content.join("\n"), STYLE_BODY);
        text_cell(&mut s, r, 2, &row.status.join("\n"), STYLE_BODY);
        text_cell(&mut s, r, 3, &row.problems.join("\n"), STYLE_BODY);
        s.push_str("</row>");
    }
    s.push_str("</sheetData>");
    let merges: Vec<String> = std::iter::once("A1:D1".to_string())
        .chain(
            runs.iter()
                .filter(|(_, n)| *n > 1)
                .map(|(start, n)| format!("A{}:A{}", start + 3, start + 2 + n)),
        )
        .collect();
    let _ = write!(s, "<mergeCells count=\"{}\">", merges.len());
    for m in &merges {
        let _ = write!(s, "<mergeCell ref=\"{m}\"/>");
    }
    s.push_str("</mergeCells><pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/><headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>");

    // Sheet 2: one row per target.
    let headers = [
        "任务",
        "考评维度",
        "条目",
        "目标",
        "比较",
        "目标值",
        "单位",
        "实际",
        "结论",
        "完成比例",
        "理由",
    ];
    let mut t = String::with_capacity(32 * 1024);
    t.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">");
    t.push_str("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>");
    t.push_str("<cols><col min=\"1\" max=\"3\" width=\"8\" customWidth=\"1\"/><col min=\"4\" max=\"4\" width=\"36\" customWidth=\"1\"/><col min=\"5\" max=\"7\" width=\"9\" customWidth=\"1\"/><col min=\"8\" max=\"8\" width=\"36\" customWidth=\"1\"/><col min=\"9\" max=\"10\" width=\"10\" customWidth=\"1\"/><col min=\"11\" max=\"11\" width=\"48\" customWidth=\"1\"/></cols><sheetData><row r=\"1\">");
    for (c, h) in headers.iter().enumerate() {
        text_cell(&mut t, 1, c, h, STYLE_HEADER);
    }
    t.push_str("</row>");
    let mut r = 1;
    for (i, row) in doc.rows.iter().enumerate() {
        for g in &row.targets {
            r += 1;
            let _ = write!(t, "<row r=\"{r}\">");
            number_cell(&mut t, r, 0, (i + 1) as f64, STYLE_BODY);
            text_cell(&mut t, r, 1, &row.dimension, STYLE_BODY);
            number_cell(&mut t, r, 2, g.item as f64, STYLE_BODY);
            text_cell(&mut t, r, 3, &g.text, STYLE_BODY);
            text_cell(&mut t, r, 4, &g.comparator, STYLE_BODY);
            match g.value.parse::<f64>() {
                Ok(v) => number_cell(&mut t, r, 5, v, STYLE_BODY),
                Err(_) => text_cell(&mut t, r, 5, &g.value, STYLE_BODY),
            }
            text_cell(&mut t, r, 6, &g.unit, STYLE_BODY);
            text_cell(&mut t, r, 7, &g.actual, STYLE_BODY);
            text_cell(&mut t, r, 8, g.verdict.chinese(), STYLE_BODY);
            match g.ratio {
                Some(x) => number_cell(&mut t, r, 9, x, STYLE_BODY),
                None => text_cell(&mut t, r, 9, "", STYLE_BODY),
            }
            text_cell(&mut t, r, 10, &g.reason, STYLE_BODY);
            t.push_str("</row>");
        }
    }
    let _ = write!(
        t,
        "</sheetData><autoFilter ref=\"A1:K{r}\"/><pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>"
    );
    (s, t)
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="自查表" sheetId="1" r:id="rId1"/><sheet name="核对结果" sheetId="2" r:id="rId2"/></sheets><definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'自查表'!$2:$2</definedName><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'核对结果'!$A$1:$K$1</definedName></definedNames></workbook>"#;

/// Fonts: 0 body (仿宋), 1 title (方正小标宋简体), 2 header (黑体).
/// Cell formats: 0 default, 1 title, 2 header, 3 body (wrapped, top), 4 dimension (centered);
/// a family document adds [`FAMILY_XFS`].
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="3"><font><sz val="11"/><name val="仿宋"/><charset val="134"/></font><font><sz val="18"/><name val="方正小标宋简体"/><charset val="134"/></font><font><b/><sz val="11"/><name val="黑体"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf><xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

/// A family document's two sheets (for snapshots): the document in its
/// own layout (the grids stacked under the title, levels merged), and one
/// row per indicator with its verdict, with filters.
fn family_sheets(doc: &Document, family: &FamilyDoc, options: &Options) -> (String, String) {
    let l = layout(family, options);
    let ncols = l
        .grids
        .iter()
        .map(|g| g.header.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let last = col(ncols - 1);
    let mut s = String::with_capacity(32 * 1024);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">");
    s.push_str("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><cols>");
    // Widths from the main (last, widest) grid's proportions.
    let main = l.grids.last().cloned().unwrap_or_default();
    let sum: f64 = main.widths.iter().sum::<f64>().max(1.0);
    for c in 0..ncols {
        let w = main
            .widths
            .get(c)
            .map_or(12.0, |p| (p * 120.0 / sum).max(8.0));
        let _ = write!(
            s,
            "<col min=\"{n}\" max=\"{n}\" width=\"{w:.1}\" customWidth=\"1\"/>",
            n = c + 1
        );
    }
    s.push_str("</cols><sheetData>");
    let mut merges = vec![format!("A1:{last}1"), format!("A2:{last}2")];
    s.push_str("<row r=\"1\" ht=\"36\" customHeight=\"1\">");
    text_cell(&mut s, 1, 0, &doc.title, STYLE_TITLE);
    s.push_str("</row><row r=\"2\">");
    text_cell(&mut s, 2, 0, &l.subtitle, STYLE_CENTER_PLAIN);
    s.push_str("</row>");
    let mut r = 2;
    let line = |s: &mut String, r: &mut usize, text: &str, merges: &mut Vec<String>| {
        *r += 1;
        let _ = write!(s, "<row r=\"{r}\">");
        text_cell(s, *r, 0, text, STYLE_PLAIN);
        s.push_str("</row>");
        merges.push(format!("A{r}:{last}{r}"));
    };
    for n in &l.notes {
        line(&mut s, &mut r, n, &mut merges);
    }
    for g in &l.grids {
        if let Some(c) = &g.caption {
            line(&mut s, &mut r, c, &mut merges);
        }
        r += 1;
        let _ = write!(s, "<row r=\"{r}\">");
        for (c, h) in g.header.iter().enumerate() {
            text_cell(&mut s, r, c, h, STYLE_HEADER);
        }
        s.push_str("</row>");
        let first = r + 1;
        for c in 0..g.merged {
            for (start, n) in runs(g, c) {
                if n > 1 {
                    merges.push(format!(
                        "{0}{1}:{0}{2}",
                        col(c),
                        first + start,
                        first + start + n - 1
                    ));
                }
            }
        }
        for row in &g.rows {
            r += 1;
            let height = row
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let w = main
                        .widths
                        .get(c)
                        .map_or(12.0, |p| (p * 120.0 / sum).max(8.0));
                    wrapped_lines(cell, w)
                })
                .max()
                .unwrap_or(1);
            let height = (height as f64 * 14.5 + 4.0).min(409.0);
            let _ = write!(s, "<row r=\"{r}\" ht=\"{height:.1}\" customHeight=\"1\">");
            for (c, cell) in row.iter().enumerate() {
                let style = if c < g.merged {
                    STYLE_CENTER
                } else {
                    STYLE_BODY
                };
                text_cell(&mut s, r, c, &cell.join("\n"), style);
            }
            s.push_str("</row>");
        }
    }
    for f in &l.footer {
        line(&mut s, &mut r, f, &mut merges);
    }
    s.push_str("</sheetData>");
    let _ = write!(s, "<mergeCells count=\"{}\">", merges.len());
    for m in &merges {
        let _ = write!(s, "<mergeCell ref=\"{m}\"/>");
    }
    s.push_str("</mergeCells><pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/><headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>");

    // Sheet 2: one row per indicator.
    let headers = [
        "序号",
        "层级",
        "指标",
        "目标",
        "实际",
        "结论",
        "完成比例",
        "应完成进度",
        "亮灯",
        "分值",
        "自评得分",
        "规则得分",
        "理由",
        "提示",
    ];
    let mut t = String::with_capacity(16 * 1024);
    t.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">");
    t.push_str("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>");
    t.push_str("<cols><col min=\"1\" max=\"2\" width=\"10\" customWidth=\"1\"/><col min=\"3\" max=\"5\" width=\"24\" customWidth=\"1\"/><col min=\"6\" max=\"12\" width=\"10\" customWidth=\"1\"/><col min=\"13\" max=\"14\" width=\"36\" customWidth=\"1\"/></cols><sheetData><row r=\"1\">");
    for (c, h) in headers.iter().enumerate() {
        text_cell(&mut t, 1, c, h, STYLE_HEADER);
    }
    t.push_str("</row>");
    let mut r = 1;
    let opt_number = |t: &mut String, r: usize, c: usize, x: Option<f64>| match x {
        Some(x) => number_cell(t, r, c, x, STYLE_BODY),
        None => text_cell(t, r, c, "", STYLE_BODY),
    };
    for i in &family.indicators {
        r += 1;
        let _ = write!(t, "<row r=\"{r}\">");
        number_cell(&mut t, r, 0, i.index as f64, STYLE_BODY);
        text_cell(&mut t, r, 1, &i.group.join(" / "), STYLE_BODY);
        text_cell(&mut t, r, 2, &i.indicator, STYLE_BODY);
        text_cell(&mut t, r, 3, &i.target_text, STYLE_BODY);
        text_cell(&mut t, r, 4, &i.actual_text, STYLE_BODY);
        text_cell(&mut t, r, 5, i.verdict.chinese(), STYLE_BODY);
        opt_number(&mut t, r, 6, i.ratio);
        opt_number(&mut t, r, 7, i.expected_ratio);
        text_cell(&mut t, r, 8, &light_text(i), STYLE_BODY);
        opt_number(&mut t, r, 9, i.full_score);
        opt_number(&mut t, r, 10, i.self_score);
        opt_number(&mut t, r, 11, i.suggested_score);
        text_cell(&mut t, r, 12, &i.reason, STYLE_BODY);
        let flags: Vec<&str> = i.flags.iter().map(|f| f.chinese()).collect();
        text_cell(&mut t, r, 13, &flags.join("；"), STYLE_BODY);
        t.push_str("</row>");
    }
    let _ = write!(
        t,
        "</sheetData><autoFilter ref=\"A1:N{r}\"/><pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>"
    );
    (s, t)
}

/// The workbook part: the first sheet named for what it holds.
fn workbook(first: &str, filter_last: char) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"{first}\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"核对结果\" sheetId=\"2\" r:id=\"rId2\"/></sheets><definedNames><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"1\" hidden=\"1\">'核对结果'!$A$1:${filter_last}$1</definedName></definedNames></workbook>"
    )
}

/// The cell formats a family document adds: 5 plain (no border, wrapped),
/// 6 plain centered.
const FAMILY_XFS: &str = r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf></cellXfs>"#;

/// The whole `.xlsx`.
pub fn xlsx(doc: &Document, options: &Options) -> Vec<u8> {
    let (sheet1, sheet2) = xlsx_sheet_xml(doc, options);
    let workbook_xml = match &doc.family {
        Some(f) => workbook(f.family.chinese(), 'N'),
        None => WORKBOOK.to_string(),
    };
    let mut zip = ZipWriter::default();
    zip.add("[Content_Types].xml", CONTENT_TYPES.as_bytes());
    zip.add("_rels/.rels", ROOT_RELS.as_bytes());
    zip.add("xl/workbook.xml", workbook_xml.as_bytes());
    zip.add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes());
    let styles = match &doc.family {
        Some(_) => STYLES
            .replace("<cellXfs count=\"5\">", "<cellXfs count=\"7\">")
            .replace("</cellXfs>", FAMILY_XFS),
        None => STYLES.to_string(),
    };
    zip.add("xl/styles.xml", styles.as_bytes());
    zip.add("xl/worksheets/sheet1.xml", sheet1.as_bytes());
    zip.add("xl/worksheets/sheet2.xml", sheet2.as_bytes());
    zip.finish()
}

/// A value of a plain sheet ([`table_xlsx`]).
#[derive(Clone, Debug, PartialEq)]
pub enum SheetValue {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// Nothing.
    Empty,
}

/// Column letters for any 0-based index (A … Z, AA …).
fn column_name(mut i: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push((b'A' + (i % 26) as u8) as char);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    name.iter().rev().collect()
}

/// A workbook of one sheet: a header row (bold, frozen, with filters) and
/// rows of values, as a summary of many documents is written.
pub fn table_xlsx(sheet: &str, header: &[&str], rows: &[Vec<SheetValue>]) -> Vec<u8> {
    let last = column_name(header.len().saturating_sub(1));
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><cols>",
    );
    for (k, h) in header.iter().enumerate() {
        let width = (h.chars().count() as f64 * 2.2 + 4.0).clamp(8.0, 60.0);
        let _ = write!(
            x,
            "<col min=\"{0}\" max=\"{0}\" width=\"{width}\" customWidth=\"1\"/>",
            k + 1
        );
    }
    x.push_str("</cols><sheetData><row r=\"1\">");
    for (k, h) in header.iter().enumerate() {
        let _ = write!(
            x,
            "<c r=\"{}1\" t=\"inlineStr\" s=\"2\"><is><t>{}</t></is></c>",
            column_name(k),
            xml_escape(h)
        );
    }
    x.push_str("</row>");
    for (n, row) in rows.iter().enumerate() {
        let r = n + 2;
        let _ = write!(x, "<row r=\"{r}\">");
        for (k, v) in row.iter().enumerate() {
            let at = format!("{}{r}", column_name(k));
            match v {
                SheetValue::Text(t) => {
                    let _ = write!(
                        x,
                        "<c r=\"{at}\" t=\"inlineStr\" s=\"3\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                        xml_escape(t)
                    );
                }
                SheetValue::Number(v) if v.is_finite() => {
                    let _ = write!(x, "<c r=\"{at}\" s=\"3\"><v>{v}</v></c>");
                }
                _ => {
                    let _ = write!(x, "<c r=\"{at}\" s=\"3\"/>");
                }
            }
        }
        x.push_str("</row>");
    }
    let _ = write!(
        x,
        "</sheetData><autoFilter ref=\"A1:{last}{}\"/><pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\" fitToHeight=\"0\"/></worksheet>",
        rows.len() + 1
    );
    let workbook = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/></sheets><definedNames><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">'{}'!$A$1:${last}${}</definedName></definedNames></workbook>",
        xml_escape(sheet),
        xml_escape(sheet),
        rows.len() + 1
    );
    let content_types = CONTENT_TYPES.replace(
        "<Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
        "",
    );
    let rels = WORKBOOK_RELS.replace(
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/>",
        "",
    );
    let mut zip = ZipWriter::default();
    zip.add("[Content_Types].xml", content_types.as_bytes());
    zip.add("_rels/.rels", ROOT_RELS.as_bytes());
    zip.add("xl/workbook.xml", workbook.as_bytes());
    zip.add("xl/_rels/workbook.xml.rels", rels.as_bytes());
    zip.add("xl/styles.xml", STYLES.as_bytes());
    zip.add("xl/worksheets/sheet1.xml", x.as_bytes());
    zip.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn merged_wrapped_and_filtered() {
        let (s1, s2) = xlsx_sheet_xml(&sample::document(), &Options::default());
        assert!(
            s1.contains("<mergeCell ref=\"A3:A4\"/>"),
            "the first dimension spans two tasks"
        );
        assert!(
            s1.contains("<mergeCell ref=\"A1:D1\"/>"),
            "the title spans the table"
        );
        assert!(
            s1.contains("1.开展理论学习12次。\n2.召开民主生活会。"),
            "items on their own lines"
        );
        assert!(s1.contains("&lt;500&gt;"));
        assert!(s2.contains("<autoFilter ref=\"A1:K3\"/>"));
        assert!(s2.contains(">未达标<"));
    }

    #[test]
    fn column_names() {
        for (i, want) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (51, "AZ"),
            (52, "BA"),
        ] {
            assert_eq!(column_name(i), want);
        }
    }
}
