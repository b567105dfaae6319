//! PDFs written by other programs read back as the table they show.
//!
//! `data/libreoffice-invented.pdf` is LibreOffice 7.4's PDF of kaohe's Word
//! export of `data/libreoffice-invented.txt` (an invented table), made with
//! `kaohe export data/libreoffice-invented.txt --to docx` and
//! `soffice --headless --convert-to pdf`.

use kaohe_import::read_document;

#[test]
fn a_libreoffice_pdf_reads_back_as_its_table() {
    let bytes = include_bytes!("data/libreoffice-invented.pdf");
    let imported = read_document(bytes).unwrap();
    assert_eq!(imported.format, "PDF");
    let table = imported.table;
    assert_eq!(
        table.title.as_deref(),
        Some("日常履职考核事项完成情况自查表"),
        "the title kaohe's Word export wrote"
    );
    let rows: Vec<(&str, &str, &str)> = table
        .tasks
        .iter()
        .map(|t| {
            (
                t.dimension.as_str(),
                t.content.text.as_str(),
                t.status.text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // The merged dimension cell's text is drawn at its middle, in
            // the second row's band: the first row has none (as before kaohe
            // had its own PDF parser).
            (
                "",
                "完成政务数据共享目录编制，新增共享数据项300个。",
                "已完成目录编制，全年新增共享数据项326个，较年初计划多26个。"
            ),
            (
                "履职尽责",
                "建成县级政务云平台二期工程。",
                "二期工程已于11月通过验收，新增计算资源800核。"
            ),
            (
                "履职尽责",
                "组织数据安全培训4次，覆盖全局干部职工。",
                "全年组织数据安全培训5次，参训人员210人次。"
            ),
        ]
    );
}

/// The reference table (`examples/beijing-2022.txt`) as other software
/// prints it, made by `data/make-foreign-pdfs.py`: LibreOffice's PDF of a
/// python-docx table whose header row is not repeated (pages 2–13 have no
/// header), and Chromium's PDF of a web page (one text run per glyph,
/// radicals in its ToUnicode maps). Each reads with the text's 16 tasks:
/// the same task openings, status cells and items.
#[test]
fn foreign_pdfs_of_the_reference_table_read_as_its_text() {
    let text = read_document(include_bytes!("../../../examples/beijing-2022.txt")).unwrap();
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let opening = |s: &str| squeeze(s).chars().take(12).collect::<String>();
    for (name, bytes) in [
        (
            "libreoffice",
            &include_bytes!("data/beijing-2022-libreoffice.pdf")[..],
        ),
        (
            "chromium",
            &include_bytes!("data/beijing-2022-chromium.pdf")[..],
        ),
    ] {
        let pdf = read_document(bytes).unwrap();
        assert_eq!(pdf.format, "PDF");
        assert_eq!(pdf.table.title, text.table.title, "{name}");
        assert_eq!(pdf.table.dimensions, text.table.dimensions, "{name}");
        assert_eq!(pdf.table.tasks.len(), 16, "{name}");
        for (i, (p, t)) in pdf.table.tasks.iter().zip(&text.table.tasks).enumerate() {
            assert_eq!(
                opening(&p.content.text),
                opening(&t.content.text),
                "{name}: task {}",
                i + 1
            );
            assert_eq!(
                squeeze(&p.status.text),
                squeeze(&t.status.text),
                "{name}: status of task {}",
                i + 1
            );
            assert_eq!(
                squeeze(&p.problems.text),
                squeeze(&t.problems.text),
                "{name}: problems of task {}",
                i + 1
            );
            let numbers = |c: &kaohe_core::table::Cell| {
                kaohe_core::items::split(c)
                    .iter()
                    .map(|item| item.number)
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                numbers(&p.content),
                numbers(&t.content),
                "{name}: items of task {}",
                i + 1
            );
            assert_eq!(
                numbers(&p.status),
                numbers(&t.status),
                "{name}: status items of task {}",
                i + 1
            );
        }
    }
}

/// A page without the header row is read with the columns of the last
/// header, and the reader says which pages.
#[test]
fn pages_without_a_header_are_read_with_the_last_header_and_named() {
    let pdf = read_document(include_bytes!("data/beijing-2022-libreoffice.pdf")).unwrap();
    let said: Vec<&str> = pdf.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        said.iter().any(|w| w.contains("第 2–13 页没有表头")),
        "{said:?}"
    );
    let chromium = read_document(include_bytes!("data/beijing-2022-chromium.pdf")).unwrap();
    assert!(chromium
        .warnings
        .iter()
        .all(|w| !w.message.contains("没有表头")));
}
