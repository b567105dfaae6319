//! The table as a Word document: a real `w:tbl`, A4 landscape, the header
//! row repeated on every page, the dimension cell merged down over its
//! tasks, numbered items as their own paragraphs, official fonts named with
//! fallbacks, page numbers in the footer.

use std::fmt::Write as _;

use crate::zip::ZipWriter;
use crate::{
    dimension_runs, verification_lines, xml_escape, Document, Options, COLUMNS, VERIFICATION_COLUMN,
};

/// A4 landscape in twentieths of a point.
const PAGE_W: u32 = 16838;
const PAGE_H: u32 = 11906;
const MARGIN_LR: u32 = 1247; // 2.2 cm
const MARGIN_TB: u32 = 1304; // 2.3 cm
const TITLE_FONT: &str = "方正小标宋简体";
const HEADER_FONT: &str = "黑体";
const BODY_FONT: &str = "仿宋_GB2312";

/// Column widths in the reference document's proportions (1 : 3 : 5 : 1.5,
/// and 2.5 for the verification column).
fn grid(options: &Options) -> Vec<u32> {
    let parts: &[f64] = if options.verification {
        &[1.0, 3.0, 4.5, 1.5, 2.5]
    } else {
        &[1.0, 3.0, 5.0, 1.5]
    };
    let total = f64::from(PAGE_W - 2 * MARGIN_LR);
    let sum: f64 = parts.iter().sum();
    parts
        .iter()
        .map(|p| (total * p / sum).floor() as u32)
        .collect()
}

fn run(out: &mut String, text: &str, font: &str, size_half_points: u32, bold: bool) {
    let _ = write!(
        out,
        "<w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:eastAsia=\"{font}\" w:hint=\"eastAsia\"/>{}<w:sz w:val=\"{size_half_points}\"/><w:szCs w:val=\"{size_half_points}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        if bold { "<w:b/>" } else { "" },
        xml_escape(text)
    );
}

fn paragraph(out: &mut String, text: &str, font: &str, size: u32, bold: bool, center: bool) {
    out.push_str(
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"300\" w:lineRule=\"auto\"/>",
    );
    if center {
        out.push_str("<w:jc w:val=\"center\"/>");
    }
    out.push_str("</w:pPr>");
    if !text.is_empty() {
        run(out, text, font, size, bold);
    }
    out.push_str("</w:p>");
}

/// One cell: paragraphs, an optional vertical merge, widths.
fn cell(
    out: &mut String,
    width: u32,
    paras: &[String],
    merge: Option<&str>,
    header: bool,
    center: bool,
) {
    let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if let Some(m) = merge {
        if m == "restart" {
            out.push_str("<w:vMerge w:val=\"restart\"/>");
        } else {
            out.push_str("<w:vMerge/>");
        }
    }
    if header || center {
        out.push_str("<w:vAlign w:val=\"center\"/>");
    }
    out.push_str("</w:tcPr>");
    if paras.is_empty() {
        paragraph(out, "", BODY_FONT, 24, false, false);
    }
    for p in paras {
        if header {
            paragraph(out, p, HEADER_FONT, 24, false, true);
        } else {
            paragraph(out, p, BODY_FONT, 24, false, center);
        }
    }
    out.push_str("</w:tc>");
}

/// `word/document.xml`: the part that holds the table (for snapshots).
pub fn docx_document_xml(doc: &Document, options: &Options) -> String {
    let widths = grid(options);
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    out.push_str("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>");
    paragraph(&mut out, &doc.title, TITLE_FONT, 36, false, true);
    if let Some(family) = &doc.family {
        family_body(&mut out, &crate::family::layout(family, options));
        section(&mut out);
        return out;
    }
    paragraph(&mut out, "", BODY_FONT, 24, false, false);
    table_start(&mut out, &widths);
    // The header row, repeated at the top of every page.
    out.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    let mut headers: Vec<&str> = COLUMNS.to_vec();
    if options.verification {
        headers.push(VERIFICATION_COLUMN);
    }
    for (h, w) in headers.iter().zip(&widths) {
        cell(&mut out, *w, &[h.to_string()], None, true, true);
    }
    out.push_str("</w:tr>");
    let runs = dimension_runs(&doc.rows);
    for (i, row) in doc.rows.iter().enumerate() {
        out.push_str("<w:tr>");
        let first = runs.iter().any(|(start, _)| *start == i);
        let merge = if first { "restart" } else { "continue" };
        let dim = if first {
            vec![row.dimension.clone()]
        } else {
            Vec::new()
        };
        cell(&mut out, widths[0], &dim, Some(merge), false, true);
        cell(&mut out, widths[1], &row.content, None, false, false);
        cell(&mut out, widths[2], &row.status, None, false, false);
        cell(&mut out, widths[3], &row.problems, None, false, false);
        if options.verification {
            cell(
                &mut out,
                widths[4],
                &verification_lines(row),
                None,
                false,
                false,
            );
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    section(&mut out);
    out
}

/// A bordered table's properties and grid.
fn table_start(out: &mut String, widths: &[u32]) {
    out.push_str(
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc w:val=\"center\"/><w:tblBorders>",
    );
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(
            out,
            "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        );
    }
    out.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"04A0\"/></w:tblPr><w:tblGrid>");
    for w in widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
}

/// A family document: the subtitle, notes, each grid as a table with its
/// levels merged down (`vMerge`), the footer.
fn family_body(out: &mut String, l: &crate::family::Layout) {
    paragraph(out, &l.subtitle, BODY_FONT, 24, false, true);
    for n in &l.notes {
        paragraph(out, n, BODY_FONT, 24, false, false);
    }
    let total = f64::from(PAGE_W - 2 * MARGIN_LR);
    for g in &l.grids {
        paragraph(out, "", BODY_FONT, 24, false, false);
        if let Some(c) = &g.caption {
            paragraph(out, c, HEADER_FONT, 24, false, false);
        }
        let sum: f64 = g.widths.iter().sum();
        let widths: Vec<u32> = g
            .widths
            .iter()
            .map(|p| (total * p / sum).floor() as u32)
            .collect();
        table_start(out, &widths);
        out.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        for (h, w) in g.header.iter().zip(&widths) {
            cell(out, *w, std::slice::from_ref(h), None, true, true);
        }
        out.push_str("</w:tr>");
        let runs: Vec<Vec<(usize, usize)>> =
            (0..g.merged).map(|c| crate::family::runs(g, c)).collect();
        for (i, row) in g.rows.iter().enumerate() {
            out.push_str("<w:tr>");
            for (c, (paras, w)) in row.iter().zip(&widths).enumerate() {
                if c < g.merged {
                    let first = runs[c].iter().any(|(start, _)| *start == i);
                    let merge = if first { "restart" } else { "continue" };
                    let shown: &[String] = if first { paras } else { &[] };
                    cell(out, *w, shown, Some(merge), false, true);
                } else {
                    cell(out, *w, paras, None, false, false);
                }
            }
            out.push_str("</w:tr>");
        }
        out.push_str("</w:tbl>");
    }
    for f in &l.footer {
        paragraph(out, f, BODY_FONT, 24, false, false);
    }
}

/// The section: A4 landscape, the footer with page numbers; closes the body.
fn section(out: &mut String) {
    let _ = write!(
        out,
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\" w:orient=\"landscape\"/><w:pgMar w:top=\"{MARGIN_TB}\" w:right=\"{MARGIN_LR}\" w:bottom=\"{MARGIN_TB}\" w:left=\"{MARGIN_LR}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

/// Official fonts with the fallbacks Word and WPS use when they are missing.
const FONT_TABLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/><w:charset w:val="86"/><w:family w:val="script"/></w:font><w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font><w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font><w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font></w:fonts>"#;

const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#;

/// The whole `.docx`.
pub fn docx(doc: &Document, options: &Options) -> Vec<u8> {
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>kaohe</dc:creator></cp:coreProperties>",
        xml_escape(&doc.title)
    );
    let mut zip = ZipWriter::default();
    zip.add("[Content_Types].xml", CONTENT_TYPES.as_bytes());
    zip.add("_rels/.rels", ROOT_RELS.as_bytes());
    zip.add("docProps/core.xml", core.as_bytes());
    zip.add(
        "word/document.xml",
        docx_document_xml(doc, options).as_bytes(),
    );
    zip.add("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes());
    zip.add("word/styles.xml", STYLES.as_bytes());
    zip.add("word/fontTable.xml", FONT_TABLE.as_bytes());
    zip.add("word/footer1.xml", FOOTER.as_bytes());
    zip.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn a_real_table_merged_and_escaped() {
        let xml = docx_document_xml(&sample::document(), &Options::default());
        assert_eq!(xml.matches("<w:tbl>").count(), 1);
        assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
        assert_eq!(
            xml.matches("<w:vMerge w:val=\"restart\"/>").count(),
            2,
            "two dimensions"
        );
        assert_eq!(
            xml.matches("<w:vMerge/>").count(),
            1,
            "the second task continues the first"
        );
        assert!(xml.contains("w:orient=\"landscape\""));
        assert!(xml.contains("培训教师&lt;500&gt;人次&amp;更多"));
        assert!(xml.contains("&quot;培训&quot;"));
        let five = docx_document_xml(&sample::document(), &Options { verification: true });
        assert!(five.contains("【未达标】培训教师500人次"));
        assert_eq!(five.matches("<w:gridCol").count(), 5);
    }
}
