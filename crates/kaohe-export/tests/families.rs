//! The documents of the families beyond the self-check table (a 绩效自评表,
//! a part-year progress table, a report): snapshots of their Markdown and
//! HTML, the same bytes for the same document, every text escaped, and the
//! DOCX and XLSX open in kaohe-import's readers holding every indicator.

use kaohe_core::check::Report;
use kaohe_core::family::Family;
use kaohe_export::{
    docx, docx_document_xml, html, markdown, xlsx, xlsx_sheet_xml, Document, Options,
};

fn report(name: &str) -> Report {
    let path = format!(
        "{}/../../tests/families/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn families() -> Vec<(&'static str, Report)> {
    ["performance", "progress", "report"]
        .into_iter()
        .map(|n| (n, report(n)))
        .collect()
}

const WITH: Options = Options { verification: true };
const WITHOUT: Options = Options {
    verification: false,
};

#[test]
fn snapshots_of_every_family() {
    for (name, r) in families() {
        let doc = Document::from_report(&r);
        assert!(doc.family.is_some() && doc.rows.is_empty(), "{name}");
        insta::assert_snapshot!(format!("{name}_markdown"), markdown(&doc, &WITHOUT));
        insta::assert_snapshot!(
            format!("{name}_markdown_verification"),
            markdown(&doc, &WITH)
        );
        insta::assert_snapshot!(format!("{name}_html_verification"), html(&doc, &WITH));
    }
    let doc = Document::from_report(&report("performance"));
    insta::assert_snapshot!(
        "performance_docx_document_xml",
        docx_document_xml(&doc, &WITH).replace("<w:tr>", "\n<w:tr>")
    );
    let (sheet1, sheet2) = xlsx_sheet_xml(&doc, &WITH);
    insta::assert_snapshot!(
        "performance_xlsx_sheet1",
        sheet1.replace("<row ", "\n<row ")
    );
    insta::assert_snapshot!(
        "performance_xlsx_sheet2",
        sheet2.replace("<row ", "\n<row ")
    );
}

#[test]
fn the_performance_table_in_its_own_layout() {
    let doc = Document::from_report(&report("performance"));
    let md = markdown(&doc, &WITH);
    assert!(md.contains("## 资金情况"), "the funds block");
    assert!(
        md.find("## 资金情况") < md.find("## 指标完成情况"),
        "the funds block first"
    );
    assert!(md.contains(
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 | 规则得分 | 核对结论 |"
    ));
    assert!(md.contains("自评总分：100（优）") && md.contains("规则总分：98.22（优）"));
    assert!(md.contains("目标无法核对"));
    let plain = markdown(&doc, &WITHOUT);
    assert!(!plain.contains("规则得分") && !plain.contains("核对结论"));
    // Levels merged: 产出指标 over five rows, 数量指标 over two.
    let h = html(&doc, &WITH);
    assert!(
        h.contains("<td class=\"dimension\" rowspan=\"5\"><p>产出指标</p></td>"),
        "{h}"
    );
    assert!(h.contains("<td class=\"dimension\" rowspan=\"2\"><p>数量指标</p></td>"));
    let xml = docx_document_xml(&doc, &WITH);
    assert_eq!(xml.matches("<w:tbl>").count(), 2, "funds, indicators");
    assert!(xml.contains("<w:vMerge/>"));
    let (sheet1, _) = xlsx_sheet_xml(&doc, &WITH);
    assert!(sheet1.contains("<mergeCell ref=\"A9:A13\"/>"), "{sheet1}");
    // Every text escaped.
    assert!(h.contains("培训场地改造&lt;延期&gt;&amp;人员到岗晚") && !h.contains("<延期>"));
    assert!(xml.contains("培训场地改造&lt;延期&gt;&amp;人员到岗晚"));
    assert!(md.contains("培训场地改造&lt;延期&gt;&amp;人员到岗晚"));
    assert!(sheet1.contains("培训场地改造&lt;延期&gt;&amp;人员到岗晚"));
}

#[test]
fn the_progress_table_with_its_lamps() {
    let doc = Document::from_report(&report("progress"));
    let md = markdown(&doc, &WITHOUT);
    assert!(md.contains("进展情况表（1-8月）"));
    assert!(md.contains("| 完成率 | 应完成进度 | 亮灯 |"));
    assert!(md.contains("| 72.5% | 66.7% | 绿灯 |"), "{md}");
    assert!(md.contains("红灯") && md.contains("黄灯"));
    assert!(md.contains("绿灯 2 项，黄灯 1 项，红灯 1 项"));
}

#[test]
fn the_report_as_a_two_column_list() {
    let doc = Document::from_report(&report("report"));
    let md = markdown(&doc, &WITHOUT);
    assert!(md.contains("| 目标 | 完成情况 |\n|---|---|\n"), "{md}");
    assert!(md.contains("| 开发公益性岗位420个 | 完成436个，完成率103.8% |"));
    let checked = markdown(&doc, &WITH);
    assert!(checked.contains("【未达标】完成1650人次 &lt; 目标2000人次<br>原文第 9 行"));
}

#[test]
fn same_document_same_bytes() {
    for (name, r) in families() {
        let doc = Document::from_report(&r);
        for o in [WITH, WITHOUT] {
            assert_eq!(docx(&doc, &o), docx(&doc, &o), "{name}");
            assert_eq!(xlsx(&doc, &o), xlsx(&doc, &o), "{name}");
            assert_eq!(html(&doc, &o), html(&doc, &o), "{name}");
        }
    }
}

/// Whether the bytes of a stored-entry ZIP hold a text (as UTF-8).
fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

#[test]
fn docx_and_xlsx_open_in_kaohe_and_hold_every_indicator() {
    for (name, r) in families() {
        let doc = Document::from_report(&r);
        for (format, bytes) in [("docx", docx(&doc, &WITH)), ("xlsx", xlsx(&doc, &WITH))] {
            match kaohe_import::read_document(&bytes) {
                // The family readers keep the document's text.
                Ok(imported) => {
                    for i in &r.indicators {
                        assert!(
                            imported.source.contains(&i.target_text),
                            "{name}.{format}: {}",
                            i.indicator
                        );
                    }
                }
                // The self-check readers open the file, find its tables and
                // say they are not a self-check table's.
                Err(e @ kaohe_import::ImportError::NoTable(..)) => {
                    let said = e.to_string();
                    let opened = match format {
                        "docx" => said.contains("个表格都没有"),
                        _ => said.contains(r.family.chinese()),
                    };
                    assert!(opened, "{name}.{format}: {said}");
                }
                Err(e) => panic!("{name}.{format} does not open: {e}"),
            }
            for i in &r.indicators {
                let written = i.target_text.replace('<', "&lt;").replace('&', "&amp;");
                assert!(
                    holds(&bytes, &i.indicator),
                    "{name}.{format}: {}",
                    i.indicator
                );
                assert!(holds(&bytes, &written) || holds(&bytes, &i.target_text));
            }
        }
    }
    assert_eq!(report("performance").family, Family::Performance);
}

#[test]
fn a_pdf_of_every_family() {
    let Some(font) = kaohe_export::pdf::FONT_CANDIDATES
        .iter()
        .find_map(|p| std::fs::read(p).ok())
    else {
        eprintln!("no CJK font on this machine: skipping (CI installs fonts-noto-cjk)");
        return;
    };
    for (name, r) in families() {
        let doc = Document::from_report(&r);
        let a = kaohe_export::pdf::pdf(&doc, &WITH, &font).unwrap();
        let b = kaohe_export::pdf::pdf(&doc, &WITH, &font).unwrap();
        assert!(a.starts_with(b"%PDF"), "{name}");
        assert_eq!(a, b, "{name}: same bytes");
        // Read back: the rendering's cells are the table's cells, so the
        // family readers find every indicator with its target and result.
        let imported = kaohe_import::read_document(&a).unwrap();
        let cells: Vec<&str> = imported
            .source
            .lines()
            .flat_map(|l| l.split('\t'))
            .collect();
        for i in &r.indicators {
            for text in [&i.target_text, &i.actual_text] {
                assert!(cells.contains(&text.as_str()), "{name}: no cell {text}");
            }
        }
        if r.family != Family::Report {
            let back = kaohe_core::check::check_imported(
                &imported.table,
                imported.warnings,
                &imported.source,
            );
            assert_eq!(back.family, r.family, "{name}");
            let texts = |r: &Report| -> Vec<(String, String, String)> {
                r.indicators
                    .iter()
                    .map(|i| {
                        (
                            i.indicator.clone(),
                            i.target_text.clone(),
                            i.actual_text.clone(),
                        )
                    })
                    .collect()
            };
            assert_eq!(texts(&back), texts(&r), "{name}");
        }
    }
}
