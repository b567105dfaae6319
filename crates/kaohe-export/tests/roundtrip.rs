//! Every table kaohe reads, written as DOCX, XLSX, HTML and Markdown and read back,
//! gives the same tasks, items, targets and verdicts; snapshots of the
//! document XML, HTML and Markdown of the reference table.

use kaohe_core::check::{self, Report};
use kaohe_export::{
    docx, docx_document_xml, html, markdown, xlsx, xlsx_sheet_xml, Document, Options,
};

const SEED: &str = include_str!("../../../examples/beijing-2022.txt");

fn corpus() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus");
    let mut docs: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "txt").then(|| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
        })
        .collect();
    docs.sort();
    docs.insert(0, ("beijing-2022.txt".into(), SEED.into()));
    docs
}

/// A task's dimension, three cells, and (item, target, verdict) per target.
type Essence = (String, String, String, String, Vec<(u32, String, String)>);

/// What must survive a round trip, per task.
fn essence(r: &Report) -> Vec<Essence> {
    r.tasks
        .iter()
        .map(|t| {
            (
                t.dimension.clone(),
                t.content.clone(),
                t.status.clone(),
                t.problems.clone(),
                t.targets
                    .iter()
                    .map(|g| (g.item, g.text.clone(), format!("{:?}", g.verdict)))
                    .collect(),
            )
        })
        .collect()
}

fn read_back(bytes: &[u8]) -> Report {
    let imported = kaohe_import::read_document(bytes).expect("kaohe reads what it writes");
    check::check_table(&imported.table, imported.warnings)
}

#[test]
fn docx_xlsx_html_and_markdown_round_trips() {
    for (name, text) in corpus() {
        let original = check::check(&text);
        let doc = Document::from_report(&original);
        let want = essence(&original);
        for (format, bytes) in [
            ("docx", docx(&doc, &Options::default())),
            (
                "docx+verification",
                docx(&doc, &Options { verification: true }),
            ),
            ("xlsx", xlsx(&doc, &Options::default())),
            ("html", html(&doc, &Options::default()).into_bytes()),
            (
                "html+verification",
                html(&doc, &Options { verification: true }).into_bytes(),
            ),
            ("md", markdown(&doc, &Options::default()).into_bytes()),
            (
                "md+verification",
                markdown(&doc, &Options { verification: true }).into_bytes(),
            ),
        ] {
            let back = read_back(&bytes);
            assert_eq!(
                back.tasks.len(),
                original.tasks.len(),
                "{name} via {format}"
            );
            let got = essence(&back);
            for (i, (w, g)) in want.iter().zip(&got).enumerate() {
                assert_eq!(w, g, "{name} via {format}: task {}", i + 1);
            }
            assert_eq!(
                back.title,
                original.title.clone().or(Some(doc.title.clone())),
                "{name} via {format}"
            );
            assert_eq!(
                back.summary.met, original.summary.met,
                "{name} via {format}"
            );
            assert_eq!(
                back.summary.not_met, original.summary.not_met,
                "{name} via {format}"
            );
        }
    }
}

#[test]
fn a_pdf_exported_by_kaohe_reads_back_with_the_same_tasks() {
    let Some(font) = kaohe_export::pdf::FONT_CANDIDATES
        .iter()
        .find_map(|p| std::fs::read(p).ok())
    else {
        eprintln!("no CJK font on this machine: skipping (CI installs fonts-noto-cjk)");
        return;
    };
    for (name, text) in corpus() {
        let original = check::check(&text);
        let doc = Document::from_report(&original);
        let bytes = kaohe_export::pdf::pdf(&doc, &Options::default(), &font).unwrap();
        let back = read_back(&bytes);
        assert_eq!(back.tasks.len(), original.tasks.len(), "{name} via pdf");
        for (i, (w, g)) in essence(&original).iter().zip(essence(&back)).enumerate() {
            assert_eq!(*w, g, "{name} via pdf: task {}", i + 1);
        }
    }
}

#[test]
fn same_input_same_bytes() {
    let doc = Document::from_report(&check::check(SEED));
    assert_eq!(
        docx(&doc, &Options::default()),
        docx(&doc, &Options::default())
    );
    assert_eq!(
        xlsx(&doc, &Options::default()),
        xlsx(&doc, &Options::default())
    );
}

#[test]
fn snapshots_of_the_reference_table() {
    let doc = Document::from_report(&check::check(SEED));
    let o = Options::default();
    insta::assert_snapshot!("seed_markdown", markdown(&doc, &o));
    insta::assert_snapshot!("seed_html", html(&doc, &o));
    insta::assert_snapshot!(
        "seed_docx_document_xml",
        docx_document_xml(&doc, &o).replace("<w:tr>", "\n<w:tr>")
    );
    let (sheet1, sheet2) = xlsx_sheet_xml(&doc, &o);
    insta::assert_snapshot!("seed_xlsx_sheet1", sheet1.replace("<row ", "\n<row "));
    insta::assert_snapshot!("seed_xlsx_sheet2", sheet2.replace("<row ", "\n<row "));
    insta::assert_snapshot!(
        "seed_markdown_verification",
        markdown(&doc, &Options { verification: true })
    );
}
