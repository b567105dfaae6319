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
