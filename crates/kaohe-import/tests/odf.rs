//! OpenDocument (.odt, .ods) and old Word (.doc) files as LibreOffice
//! writes them (`scripts/make-odf-fixtures.py`): each reads with the same
//! tasks as the .docx or .xlsx it was converted from, and a table without
//! the self-check header renders as the original's rendering does.

use kaohe_import::{read_document, Imported};

fn read(name: &str) -> Imported {
    let path = format!("{}/tests/data/odf/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    read_document(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Each task as (dimension, content, status, problems).
fn tasks(i: &Imported) -> Vec<[String; 4]> {
    i.table
        .tasks
        .iter()
        .map(|r| {
            [
                r.dimension.clone(),
                r.content.text.clone(),
                r.status.text.clone(),
                r.problems.text.clone(),
            ]
        })
        .collect()
}

#[test]
fn a_self_check_table_reads_the_same_from_every_format() {
    let docx = read("selfcheck.docx");
    assert_eq!(docx.table.tasks.len(), 4);
    assert_eq!(tasks(&docx)[3][3], "");
    for (name, format, from) in [
        ("selfcheck.odt", "ODT", &docx),
        ("selfcheck.doc", "DOC", &docx),
        ("selfcheck.fodt", "ODT", &docx),
    ] {
        let got = read(name);
        assert_eq!(got.format, format, "{name}");
        assert_eq!(tasks(&got), tasks(from), "{name}");
        assert_eq!(got.table.title, from.table.title, "{name}");
        assert_eq!(got.table.organization, from.table.organization, "{name}");
        assert_eq!(got.table.year, from.table.year, "{name}");
        assert_eq!(got.source, from.source, "{name}");
    }
    let xlsx = read("selfcheck.xlsx");
    let ods = read("selfcheck.ods");
    assert_eq!(ods.format, "ODS");
    assert_eq!(tasks(&ods), tasks(&xlsx));
    let fods = read("selfcheck.fods");
    assert_eq!(fods.format, "ODS");
    assert_eq!(fods.source, xlsx.source);
    assert_eq!(ods.table.title, xlsx.table.title);
    assert_eq!(ods.source, xlsx.source);
    // Word cells keep their paragraphs apart, Excel cells their lines.
    assert_eq!(
        tasks(&ods)[0][1].replace('\n', ""),
        tasks(&docx)[0][1].replace('\n', "")
    );
}

#[test]
fn a_progress_table_renders_as_its_original_does() {
    let docx = read("progress.docx");
    assert!(docx.table.tasks.is_empty());
    for name in ["progress.odt", "progress.doc"] {
        let got = read(name);
        assert!(got.table.tasks.is_empty(), "{name}");
        assert_eq!(got.source, docx.source, "{name}");
    }
    let xlsx = read("progress.xlsx");
    let ods = read("progress.ods");
    assert!(ods.table.tasks.is_empty());
    assert_eq!(ods.source, xlsx.source);
    assert!(
        ods.source
            .contains("新改建农村公路\t120公里\t98公里\t81.7%"),
        "{}",
        ods.source
    );
}

#[test]
fn the_family_corpus_renders_the_same_from_every_format() {
    let dir = format!("{}/tests/data/odf/families", env!("CARGO_MANIFEST_DIR"));
    let originals = format!(
        "{}/../kaohe-cli/tests/families/docs",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut read = 0;
    for path in names {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let original = match path.extension().and_then(|e| e.to_str()) {
            Some("odt" | "doc") => format!("{originals}/{stem}.docx"),
            Some("ods") => format!("{originals}/{stem}.xlsx"),
            _ => continue,
        };
        let want = read_document(&std::fs::read(&original).unwrap()).unwrap();
        let got = read_document(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(got.source, want.source, "{}", path.display());
        assert_eq!(tasks(&got), tasks(&want), "{}", path.display());
        read += 1;
    }
    assert_eq!(read, 18);
}

#[test]
fn word_list_numbers_are_read_as_text() {
    // The .docx holds the numbers only as numbering definitions; the .odt
    // and .doc LibreOffice made of it show them as Word does.
    for name in ["numbered.odt", "numbered.doc"] {
        let got = read(name);
        assert_eq!(got.table.tasks.len(), 1, "{name}");
        assert_eq!(
            got.table.tasks[0].content.text, "1.新增基站10个2.建成展厅1个",
            "{name}"
        );
    }
}
