//! Whole-file tests of the PDF reader: small files assembled here (with a
//! correct cross-reference table) that read back as tables, and hostile
//! ones (bombs, deep nesting, cycles, truncation) that must end quickly in
//! a clean error.

use std::time::{Duration, Instant};

use super::filter::deflate;
use super::*;
use crate::{Limit, Limits};

/// A PDF whose object `i + 1` is `objects[i]`, with a cross-reference
/// table and a trailer naming object 1 as the catalog.
fn build(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A stream object with the given extra dictionary entries.
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

fn text(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
const PAGES: &str = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const PAGE: &str = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
    /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>";
const LATIN_FONT: &str =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
/// A CID font without ToUnicode whose codes are UCS-2.
const UCS2_FONT: &str = "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light \
    /Encoding /UniGB-UCS2-H /DescendantFonts [] >>";

/// A one-page PDF drawing `content` (a stream object) with fonts /F1
/// (Latin) and /F2 (UCS-2).
fn one_page(content: Vec<u8>) -> Vec<u8> {
    build(
        &[
            text(CATALOG),
            text(PAGES),
            text(PAGE),
            content,
            text(LATIN_FONT),
            text(UCS2_FONT),
        ],
        "",
    )
}

/// `Tj` of `s` in the UCS-2 font at (x, y).
fn show(s: &str, x: u32, y: u32) -> String {
    let hex: String = s.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!("BT /F2 10 Tf 1 0 0 1 {x} {y} Tm <{hex}> Tj ET\n")
}

/// A small table: header, one task row with its status, a page number.
fn table_content() -> String {
    [
        show("某某局2023年度自查表", 150, 780),
        show("自查内容", 50, 700),
        show("落实情况", 300, 700),
        show("一、完成某项任务。", 50, 650),
        show("已经完成。", 300, 650),
        show("— 1 —", 280, 40),
        "0 0 m 1 1 l S\n".to_string(),
    ]
    .concat()
}

fn read_with(bytes: &[u8], limits: Limits) -> (Result<grid::Read, ImportError>, Duration) {
    let mut budget = Budget::new(limits);
    let started = Instant::now();
    let result = read(bytes, &mut budget);
    (result, started.elapsed())
}

fn read_bytes(bytes: &[u8]) -> (Result<grid::Read, ImportError>, Duration) {
    read_with(bytes, Limits::default())
}

fn no_text() -> ImportError {
    ImportError::NoTable(
        "PDF",
        "文件里没有文字（可能是扫描件，需要先做文字识别）".into(),
    )
}

fn assert_small_table(read: &grid::Read) {
    let grid::Read::Table(parsed) = read else {
        panic!("no table: {read:?}");
    };
    assert_eq!(parsed.title.as_deref(), Some("某某局2023年度自查表"));
    assert_eq!(parsed.columns, ["自查内容", "落实情况"]);
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.rows[0].content, ["一、完成某项任务。"]);
    assert_eq!(parsed.rows[0].status, ["已经完成。"]);
}

#[test]
fn page_numbers_are_not_text() {
    for t in ["— 1 —", "-2-", "第 3 页", "3 / 12", "—12—"] {
        assert!(is_page_number(t), "{t}");
    }
    for t in ["新增5G基站6000个", "12次", "2022年"] {
        assert!(!is_page_number(t), "{t}");
    }
}

#[test]
fn a_built_table_reads_back_plain_and_compressed() {
    let content = table_content();
    let plain = one_page(stream("", content.as_bytes()));
    let compressed = one_page(stream("/Filter /FlateDecode", &deflate(content.as_bytes())));
    let hex: Vec<u8> = content
        .bytes()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    let chained = one_page(stream("/Filter [/ASCIIHexDecode]", &hex));
    for bytes in [plain, compressed, chained] {
        let (parsed, _) = read_bytes(&bytes);
        assert_small_table(&parsed.unwrap());
    }
}

#[test]
fn latin_text_without_a_table_is_rendered() {
    let content = "BT /F1 12 Tf 72 700 Td (Annual report \\223draft\\224) Tj ET";
    let (result, _) = read_bytes(&one_page(stream("", content.as_bytes())));
    let grid::Read::Text(text) = result.unwrap() else {
        panic!("not a table");
    };
    assert_eq!(text, "Annual report \u{201c}draft\u{201d}\n");
}

/// Runs on one baseline make one line, in x order, a TAB where the gap is
/// wider than two characters; page numbers are dropped.
#[test]
fn a_page_without_the_header_renders_line_by_line() {
    let content = [
        show("某某局2023年度绩效自评表", 150, 780),
        // Given out of order, and one baseline a point lower.
        show("年度指标值", 300, 700),
        show("三级指标", 50, 700),
        show("实际完成值", 450, 699),
        show("新建", 50, 650),
        show("基站", 74, 650),
        show("≥10个", 300, 650),
        show("12个", 450, 650),
        show("— 1 —", 280, 40),
    ]
    .concat();
    let (result, _) = read_bytes(&one_page(stream("", content.as_bytes())));
    let grid::Read::Text(text) = result.unwrap() else {
        panic!("not a table");
    };
    assert_eq!(
        text,
        "某某局2023年度绩效自评表\n三级指标\t年度指标值\t实际完成值\n新建基站\t≥10个\t12个\n"
    );
}

#[test]
fn objects_in_object_streams_and_an_xref_stream_are_found() {
    // Objects 1–3 (catalog, pages, page) live in object stream 7; the
    // trailer is the cross-reference stream 8.
    let inner = [CATALOG, PAGES, PAGE];
    let mut index = String::new();
    let mut bodies = String::new();
    for (i, body) in inner.iter().enumerate() {
        index.push_str(&format!("{} {} ", i + 1, bodies.len()));
        bodies.push_str(body);
        bodies.push('\n');
    }
    let data = format!("{index}\n{bodies}");
    let first = index.len() + 1;
    let objstm = stream(
        &format!("/Type /ObjStm /N 3 /First {first} /Filter /FlateDecode"),
        &deflate(data.as_bytes()),
    );
    let content = stream("/Filter /FlateDecode", &deflate(table_content().as_bytes()));
    let mut out = b"%PDF-1.7\n".to_vec();
    for (number, body) in [
        (4, content),
        (5, text(LATIN_FONT)),
        (6, text(UCS2_FONT)),
        (7, objstm),
    ] {
        out.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        out.extend_from_slice(&body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref_at = out.len();
    out.extend_from_slice(b"8 0 obj\n");
    out.extend_from_slice(&stream("/Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R", b""));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    let (parsed, _) = read_bytes(&out);
    assert_small_table(&parsed.unwrap());
}

#[test]
fn a_later_object_overrides_an_earlier_one() {
    let mut bytes = one_page(stream("", b"BT ET"));
    // An incremental update replaces the content.
    bytes.extend_from_slice(b"4 0 obj\n");
    bytes.extend_from_slice(&stream("", table_content().as_bytes()));
    bytes.extend_from_slice(b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let (parsed, _) = read_bytes(&bytes);
    assert_small_table(&parsed.unwrap());
}

#[test]
fn a_wrong_length_falls_back_to_endstream() {
    let content = table_content();
    let mut object = format!("<< /Length {} >>\nstream\n", content.len() + 500).into_bytes();
    object.extend_from_slice(content.as_bytes());
    object.extend_from_slice(b"\nendstream");
    let (parsed, _) = read_bytes(&one_page(object));
    assert_small_table(&parsed.unwrap());
}

#[test]
fn a_length_by_reference_is_followed() {
    // The data holds the word `endstream` in a comment: only the declared
    // length (object 7, after the stream) finds the stream's real end.
    let content = format!("% endstream\n{}", table_content());
    let mut object = b"<< /Length 7 0 R >>\nstream\n".to_vec();
    object.extend_from_slice(content.as_bytes());
    object.extend_from_slice(b"\nendstream");
    let bytes = build(
        &[
            text(CATALOG),
            text(PAGES),
            text(PAGE),
            object,
            text(LATIN_FONT),
            text(UCS2_FONT),
            content.len().to_string().into_bytes(),
        ],
        "",
    );
    let (parsed, _) = read_bytes(&bytes);
    assert_small_table(&parsed.unwrap());
}

#[test]
fn form_xobjects_are_drawn() {
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] \
         /Resources << /Font << /F2 6 0 R >> >>",
        table_content().as_bytes(),
    );
    let page = "<< /Type /Page /Parent 2 0 R /Contents 4 0 R \
        /Resources << /XObject << /X1 5 0 R >> >> >>";
    let bytes = build(
        &[
            text(CATALOG),
            text(PAGES),
            text(page),
            stream("", b"q /X1 Do Q"),
            form,
            text(UCS2_FONT),
        ],
        "",
    );
    let (parsed, _) = read_bytes(&bytes);
    assert_small_table(&parsed.unwrap());
}

/// Hostile files: each ends in the expected outcome, quickly.
#[test]
fn hostile_files_end_quickly_in_a_clean_error() {
    let depth = Err(ImportError::TooLarge(Limit::Depth(64)));
    let nested_object = {
        let mut objects = vec![text(CATALOG), text(PAGES), text(PAGE)];
        objects.push(stream("", b"BT ET"));
        objects.push(format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes());
        build(&objects, "")
    };
    assert!(nested_object.len() < 12_000);
    let nested_content = one_page(stream("", format!("{} TJ", "[".repeat(5000)).as_bytes()));
    let nested_dict = one_page(stream("", "<</A ".repeat(5000).as_bytes()));
    let cycle = build(&[text("2 0 R"), text("1 0 R")], "");
    let self_kids = build(
        &[
            text(CATALOG),
            text("<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 2 >>"),
        ],
        "",
    );
    let deep_tree = {
        // Each Pages node's only kid is the next one, 100 deep.
        let mut objects = vec![text(CATALOG)];
        for n in 2..102 {
            objects.push(format!("<< /Type /Pages /Kids [{} 0 R] >>", n + 1).into_bytes());
        }
        objects.push(text("<< /Type /Page /Contents 200 0 R >>"));
        build(&objects, "")
    };
    let encrypted = build(&[text(CATALOG)], "/Encrypt << /Filter /Standard >>");
    let self_drawing_form = build(
        &[
            text(CATALOG),
            text(PAGES),
            text("<< /Type /Page /Contents 4 0 R /Resources 6 0 R >>"),
            stream("", b"/X1 Do"),
            stream(
                "/Subtype /Form /Resources 6 0 R",
                "q /X1 Do Q ".repeat(1000).as_bytes(),
            ),
            text("<< /XObject << /X1 5 0 R >> >>"),
        ],
        "",
    );
    let unterminated_strings = [&b"%PDF-1.7\n"[..], &b"1 0 obj (".repeat(200_000)].concat();
    let repeated_contents = {
        let refs = "4 0 R ".repeat(10_000);
        let page = format!("<< /Type /Page /Contents [{refs}] >>");
        build(
            &[
                text(CATALOG),
                text(PAGES),
                page.into_bytes(),
                stream("", "0 0 m 1 1 l S\n".repeat(1000).as_bytes()),
            ],
            "",
        )
    };
    let cases: Vec<(&str, Vec<u8>, Result<(), ImportError>)> = vec![
        ("nested arrays in an object", nested_object, depth.clone()),
        ("nested arrays in content", nested_content, depth.clone()),
        ("nested dictionaries in content", nested_dict, depth.clone()),
        ("a reference cycle", cycle, Err(no_text())),
        ("kids that point to their parent", self_kids, Err(no_text())),
        ("a page tree 100 deep", deep_tree, depth.clone()),
        (
            "an encrypted file",
            encrypted,
            Err(ImportError::Unreadable("PDF", "文件已加密".into())),
        ),
        (
            "a form that draws itself",
            self_drawing_form,
            Err(no_text()),
        ),
        (
            "200,000 unterminated strings",
            unterminated_strings,
            Err(super::object::malformed("找不到文档目录")),
        ),
        (
            "one stream listed 10,000 times as the content",
            repeated_contents,
            Err(ImportError::TooLarge(Limit::PartBytes(32 << 20))),
        ),
        (
            "no objects at all",
            b"%PDF-1.4\n%%EOF".to_vec(),
            Err(super::object::malformed("找不到文档目录")),
        ),
    ];
    for (name, bytes, want) in cases {
        let (result, took) = read_bytes(&bytes);
        assert_eq!(result.map(|_| ()), want, "{name}");
        assert!(took < Duration::from_secs(2), "{name} took {took:?}");
        eprintln!("{name}: {took:?}");
    }
}

/// 70 MB of path operators compressed to well under 1 MB: refused at the
/// part limit, as a content stream and as an object stream.
#[test]
fn flate_bombs_are_refused_at_the_part_limit() {
    let line = b"0 0 m 1 1 l S\n";
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = line.repeat(1 << 16);
    let mut written = 0usize;
    while written < 70 << 20 {
        std::io::Write::write_all(&mut encoder, &chunk).unwrap();
        written += chunk.len();
    }
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let part = Err(ImportError::TooLarge(Limit::PartBytes(32 << 20)));
    let content_bomb = one_page(stream("/Filter /FlateDecode", &bomb));
    let objstm_bomb = build(
        &[
            text(CATALOG),
            stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &bomb),
        ],
        "",
    );
    for (name, bytes) in [("content", content_bomb), ("object stream", objstm_bomb)] {
        let (result, took) = read_bytes(&bytes);
        assert_eq!(result.map(|_| ()), part, "{name}");
        assert!(took < Duration::from_secs(8), "{name} took {took:?}");
        eprintln!("{name} bomb: {took:?}");
    }
}

/// 30 MB of path operators (within the limits) are read in linear time and
/// the ruling lines kept are capped.
#[test]
fn a_flood_of_path_operators_is_linear_and_capped() {
    let content = b"0 0 m 1 1 l S\n".repeat((30 << 20) / 14);
    // Stored plain: compressed, it would pass the ratio limit instead.
    let bytes = one_page(stream("", &content));
    let doc = Document::load(&bytes, &mut Budget::new(Limits::default())).unwrap();
    let mut budget = Budget::new(Limits::default());
    let mut painter = Painter::new(&doc);
    let page = &doc.pages(&budget).unwrap()[0];
    let started = Instant::now();
    let data = painter
        .content(page.contents.unwrap(), &mut budget)
        .unwrap();
    let mut canvas = Canvas::default();
    painter
        .paint(&data, page.resources, IDENTITY, 0, &mut canvas, &mut budget)
        .unwrap();
    let took = started.elapsed();
    assert_eq!(canvas.rules.len(), MAX_RULES);
    assert!(took < Duration::from_secs(10), "{took:?}");
    eprintln!("30 MB of path operators: {took:?}");
}

#[test]
fn too_many_text_runs_pass_the_glyph_limit() {
    let content = "BT /F1 12 Tf (a) Tj ET\n".repeat(200);
    let limits = Limits {
        max_glyphs: 100,
        ..Limits::default()
    };
    let (result, _) = read_with(&one_page(stream("", content.as_bytes())), limits);
    assert_eq!(
        result.map(|_| ()),
        Err(ImportError::TooLarge(Limit::Glyphs(100)))
    );
}

/// Every prefix of a valid file (and a few corrupted copies) reads without
/// a panic, quickly.
#[test]
fn truncated_and_corrupted_files_never_panic() {
    let content = stream("/Filter /FlateDecode", &deflate(table_content().as_bytes()));
    let whole = one_page(content);
    let started = Instant::now();
    for cut in (0..whole.len()).step_by(7) {
        let _ = read_bytes(&whole[..cut]);
    }
    for flip in (0..whole.len()).step_by(13) {
        let mut corrupted = whole.clone();
        corrupted[flip] ^= 0x5A;
        let _ = read_bytes(&corrupted);
    }
    assert!(started.elapsed() < Duration::from_secs(20));
    // Half a file: refused, or at most the text that could be read, never
    // a table.
    let (result, _) = read_bytes(&whole[..whole.len() / 2]);
    assert!(!matches!(result, Ok(grid::Read::Table(_))), "{result:?}");
}

/// `KAOHE_PDF=file.pdf cargo test -p kaohe-import dump_rendering -- --ignored --nocapture`
/// prints a PDF's rendering (for looking at real files).
#[test]
#[ignore]
fn dump_rendering() {
    let Ok(path) = std::env::var("KAOHE_PDF") else {
        return;
    };
    let bytes = std::fs::read(path).unwrap();
    match read_bytes(&bytes).0.unwrap() {
        grid::Read::Text(t) => print!("{t}"),
        grid::Read::Table(t) => println!("{t:?}"),
    }
}

/// A page with fonts /F1 (Latin, no widths), /F2 (UCS-2, no widths), /F3
/// (a simple font whose glyphs are 600 wide, `W` 1000) and /F4 (a CID
/// font, Identity-H: CIDs 1 and 2 are 500 and 600 wide, 10–20 are 300, the
/// rest 1000; ToUnicode maps 1, 2, 15 and 48 to 中, 文, 1 and A).
fn page_with_widths(content: &str) -> Vec<u8> {
    let widths: Vec<String> = (32..=126u8)
        .map(|c| if c == b'W' { "1000" } else { "600" }.to_string())
        .collect();
    let simple = format!(
        "<< /Type /Font /Subtype /TrueType /BaseFont /Test /Encoding /WinAnsiEncoding \
         /FirstChar 32 /LastChar 126 /Widths [{}] >>",
        widths.join(" ")
    );
    let cmap = "begincmap\n4 beginbfchar\n<0001> <4E2D>\n<0002> <6587>\n<000F> <0031>\n\
                <0030> <0041>\nendbfchar\nendcmap";
    let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
        /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R /F4 8 0 R >> >> /Contents 4 0 R >>";
    build(
        &[
            text(CATALOG),
            text(PAGES),
            text(page),
            stream("", content.as_bytes()),
            text(LATIN_FONT),
            text(UCS2_FONT),
            simple.into_bytes(),
            text(
                "<< /Type /Font /Subtype /Type0 /BaseFont /Test-CID /Encoding /Identity-H \
                 /DescendantFonts [9 0 R] /ToUnicode 10 0 R >>",
            ),
            text(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test-CID /DW 1000 \
                 /W [1 [500 600] 10 20 300] >>",
            ),
            stream("", cmap.as_bytes()),
        ],
        "",
    )
}

/// The runs one page draws: (text, x, x2, size), rounded to 0.01 pt.
fn runs_of(bytes: &[u8]) -> Vec<(String, f32, f32, f32)> {
    let mut budget = Budget::new(Limits::default());
    let doc = Document::load(bytes, &mut budget).unwrap();
    let mut painter = Painter::new(&doc);
    let page = &doc.pages(&budget).unwrap()[0];
    let data = painter
        .content(page.contents.unwrap(), &mut budget)
        .unwrap();
    let mut canvas = Canvas::default();
    painter
        .paint(&data, page.resources, IDENTITY, 0, &mut canvas, &mut budget)
        .unwrap();
    let r = |v: f32| (v * 100.0).round() / 100.0;
    join_runs(&canvas.frags, &canvas.rules)
        .into_iter()
        .map(|f| (f.text, r(f.x), r(f.x2), r(f.size)))
        .collect()
}

/// Each glyph is placed where the widths and the text state put it, and
/// the glyphs of a line join into runs.
#[test]
fn runs_end_where_the_fonts_widths_put_them() {
    let content = [
        // 3 × 6 pt, plus 2 pt character spacing per glyph.
        "BT /F3 10 Tf 2 Tc 1 0 0 1 100 700 Tm (abc) Tj ET",
        // Word spacing on the space (Tc set back to 0).
        "BT /F3 10 Tf 0 Tc 5 Tw 1 0 0 1 100 680 Tm (W W) Tj ET",
        // Horizontal scaling 50 %.
        "BT /F3 10 Tf 0 Tw 50 Tz 1 0 0 1 100 660 Tm (WW) Tj 100 Tz ET",
        // A TJ kerning step of a font size leaves a gap that starts a new run.
        "BT /F3 10 Tf 1 0 0 1 100 640 Tm [(a) -1000 (b) 50 (c)] TJ ET",
        // CID widths from /W (a list and a range) and /DW.
        "BT /F4 10 Tf 1 0 0 1 100 620 Tm <00010002000F0030> Tj ET",
        // Scaled by the CTM (and restored by Q).
        "q 2 0 0 2 0 0 cm BT /F4 10 Tf 1 0 0 1 50 300 Tm <0001> Tj ET Q",
        // No widths: estimated (a full size for Chinese, half for ASCII).
        "BT /F2 10 Tf 1 0 0 1 100 560 Tm <4E2D0041> Tj ET",
        // Text state saved by q and restored by Q.
        "q 3 Tc Q BT /F3 10 Tf 1 0 0 1 100 540 Tm (a) Tj ET",
    ]
    .join("\n");
    let runs = runs_of(&page_with_widths(&content));
    let want: Vec<(&str, f32, f32, f32)> = vec![
        ("abc", 100.0, 124.0, 10.0),
        ("W W", 100.0, 131.0, 10.0),
        ("WW", 100.0, 110.0, 10.0),
        ("a", 100.0, 106.0, 10.0),
        ("bc", 116.0, 127.5, 10.0),
        ("中文1A", 100.0, 124.0, 10.0),
        ("中", 100.0, 110.0, 20.0),
        ("中A", 100.0, 115.0, 10.0),
        ("a", 100.0, 106.0, 10.0),
    ];
    let got: Vec<(&str, f32, f32, f32)> = runs
        .iter()
        .map(|(t, x, x2, s)| (t.as_str(), *x, *x2, *s))
        .collect();
    assert_eq!(got, want);
}

/// A clipping rectangle and a white background are not ruling lines; a
/// ruled table renders one row a line with a TAB between the cells the
/// rules draw: a wrapped cell's lines joined, a merged cell written once
/// (empty below it), a cell spanning two columns followed by an empty one.
/// Around it, the title and a wrapped paragraph (joined) in reading order.
#[test]
fn a_ruled_table_renders_its_cells() {
    let mut content = String::from("q 0 0 595 842 re W n 1 g 0 0 595 842 re f 0 g\n");
    content.push_str(&show("某局2023年度进度表", 150, 780));
    // Columns at 50, 100, 250, 350; rows at 760, 740, 710, 690, 670. No
    // rule under 2 in the first column (merged down); no rule between
    // the last row's second and third columns (spanned).
    for (x1, y1, x2, y2) in [
        (50, 760, 350, 760),
        (50, 740, 350, 740),
        (50, 710, 350, 710),
        (100, 690, 350, 690),
        (50, 670, 350, 670),
        (50, 760, 50, 670),
        (100, 760, 100, 670),
        (250, 760, 250, 690),
        (350, 760, 350, 670),
    ] {
        content.push_str(&format!("0.5 w {x1} {y1} m {x2} {y2} l S\n"));
    }
    for (s, x, y) in [
        ("序号", 55, 747),
        ("指标", 105, 747),
        ("完成情况", 255, 747),
        ("1", 55, 727),
        ("新建基站", 105, 727),
        ("（含改造）", 105, 715),
        ("12个", 255, 727),
        ("2", 55, 697),
        ("培训", 105, 697),
        ("30人次", 255, 697),
        ("全部完成", 105, 677),
        // A heading (short, no full stop) stays a line of its own.
        ("二、说明", 50, 655),
        // A paragraph: its first line indented and reaching the right
        // margin, the next at the left margin; then a new paragraph.
        ("本表数据截至九月底，其中部分数据为", 70, 640),
        ("预计数。", 50, 625),
        ("以上。", 70, 610),
        ("— 1 —", 280, 40),
    ] {
        content.push_str(&show(s, x, y));
    }
    let (result, _) = read_bytes(&one_page(stream("", content.as_bytes())));
    let grid::Read::Text(text) = result.unwrap() else {
        panic!("not a table");
    };
    assert_eq!(
        text,
        "某局2023年度进度表\n序号\t指标\t完成情况\n1\t新建基站（含改造）\t12个\n2\t培训\t30人次\n\
         \t全部完成\n二、说明\n本表数据截至九月底，其中部分数据为预计数。\n以上。\n"
    );
}

/// Without rules, cells come from gaps measured with the glyphs' widths:
/// one run per glyph (as Chromium writes) joins into a word, a gap of over
/// 1.5 font sizes is a TAB, a smaller one between letters a space.
#[test]
fn without_rules_gaps_measured_with_widths_separate_cells() {
    let mut content = String::new();
    // W is 10 pt wide: estimated at 5 pt, these glyphs would stand apart.
    for (i, c) in "WWW".chars().enumerate() {
        content.push_str(&format!(
            "BT /F3 10 Tf 1 0 0 1 {} 700 Tm ({c}) Tj ET\n",
            100 + 10 * i
        ));
    }
    for (s, x) in [("12", 146), ("done", 161), ("ok", 185), ("x", 200)] {
        content.push_str(&format!("BT /F3 10 Tf 1 0 0 1 {x} 700 Tm ({s}) Tj ET\n"));
    }
    let (result, _) = read_bytes(&page_with_widths(&content));
    let grid::Read::Text(text) = result.unwrap() else {
        panic!("not a table");
    };
    // WWW ends at 130: 16 pt to 12 (a TAB); 12 ends at 158, 3 pt to done
    // (a space); done ends at 185 where ok starts (joined); ok ends at
    // 197, 3 pt to x (a space, not a TAB).
    assert_eq!(text, "WWW\t12 doneok x\n");
}

/// Hundreds of small ruled tables under 100,000 runs: each run finds its
/// table by a search, not by trying every table, so the page renders in
/// time proportional to its runs.
#[test]
fn many_tables_and_many_runs_render_quickly() {
    let mut content = String::new();
    // 790 tables of two cells, 1 pt high, 2 pt apart.
    for k in 0..790 {
        let y = 10 + 3 * k;
        let t = y + 1;
        content.push_str(&format!(
            "0 {y} m 100 {y} l 0 {t} m 100 {t} l 0 {y} m 0 {t} l 50 {y} m 50 {t} l \
             100 {y} m 100 {t} l S\n"
        ));
    }
    let run = "BT /F1 1 Tf 1 0 0 1 10 10 Tm (a) Tj ET\n";
    content.push_str(&run.repeat(100_000));
    let (result, took) = read_bytes(&one_page(stream("", content.as_bytes())));
    assert!(matches!(result, Ok(grid::Read::Text(_))), "{result:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    eprintln!("790 tables, 100,000 runs: {took:?}");
}

/// A paragraph cut by a page break is one line; a table going on on the
/// next page goes on without the blank line between two tables.
#[test]
fn paragraphs_and_tables_go_on_across_pages() {
    let ruled = |top: u32| {
        let mut s = String::new();
        for (x1, y1, x2, y2) in [
            (50, top, 250, top),
            (50, top - 20, 250, top - 20),
            (50, top, 50, top - 20),
            (150, top, 150, top - 20),
            (250, top, 250, top - 20),
        ] {
            s.push_str(&format!("{x1} {y1} m {x2} {y2} l S\n"));
        }
        s
    };
    let first = [
        show("一、总体情况", 50, 780),
        // Indented, reaching the right margin (70 + 18 × 10), no full stop.
        show("全年共完成重点项目十二个，其中民生项目", 70, 760),
        show("七个，产业项目", 50, 745),
        // The last line of page 1 reaches the margin too (50 + 20 × 10).
        show("五个，均已投用，具体情况见下表，其中部分", 50, 730),
        show("— 1 —", 280, 40),
    ]
    .concat();
    let second = [
        show("项目已于年底前通过验收。", 50, 780),
        ruled(760),
        show("项目", 55, 747),
        show("完成情况", 155, 747),
        show("— 2 —", 280, 40),
    ]
    .concat();
    let third = [ruled(800), show("学校", 55, 787), show("已完工", 155, 787)].concat();
    let page = |contents: u32| {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F2 6 0 R >> >> /Contents {contents} 0 R >>"
        )
    };
    let bytes = build(
        &[
            text(CATALOG),
            text("<< /Type /Pages /Kids [3 0 R 7 0 R 9 0 R] /Count 3 >>"),
            page(4).into_bytes(),
            stream("", first.as_bytes()),
            text(LATIN_FONT),
            text(UCS2_FONT),
            page(8).into_bytes(),
            stream("", second.as_bytes()),
            page(10).into_bytes(),
            stream("", third.as_bytes()),
        ],
        "",
    );
    let (result, _) = read_bytes(&bytes);
    let grid::Read::Text(text) = result.unwrap() else {
        panic!("not a table");
    };
    assert_eq!(
        text,
        "一、总体情况\n全年共完成重点项目十二个，其中民生项目七个，产业项目\n\
         五个，均已投用，具体情况见下表，其中部分项目已于年底前通过验收。\n\
         项目\t完成情况\n学校\t已完工\n"
    );
}

/// Glyphs are read by position: quotes a fallback font draws after the
/// line land where they stand (not at the line's end), and the lines of a
/// cell join into paragraphs, a new one only at an item number, so a
/// wrapped line opening with a figure (`3.45万次`) stays in its item.
#[test]
fn glyphs_read_in_place_and_wrapped_figures_stay_in_their_item() {
    let content = [
        show("自查内容", 50, 700),
        show("落实情况", 300, 700),
        show("完成保障任务。", 50, 650),
        show("1.保障全国", 300, 650),
        show("两会", 360, 650),
        show("期间拦截", 390, 650),
        // The quotes, from another font, drawn after the line.
        show("\u{201c}", 350, 650),
        show("\u{201d}", 380, 650),
        show("3.45万次。", 300, 635),
        show("2.无事故。", 300, 620),
    ]
    .concat();
    let (result, _) = read_bytes(&one_page(stream("", content.as_bytes())));
    let grid::Read::Table(parsed) = result.unwrap() else {
        panic!("no table");
    };
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.rows[0].content, ["完成保障任务。"]);
    assert_eq!(
        parsed.rows[0].status,
        ["1.保障全国“两会”期间拦截3.45万次。", "2.无事故。"]
    );
}

#[test]
fn item_numbers_start_paragraphs_and_decimals_do_not() {
    for line in [
        "1.完成",
        "12、完成",
        "3．完成",
        "（2）完成",
        "(三)完成",
        "二、完成",
        "4.",
    ] {
        assert!(starts_item(line), "{line}");
    }
    for line in [
        "3.45万次",
        "2022年",
        "1,234个",
        "（注）",
        "十分重要",
        "5G基站",
    ] {
        assert!(!starts_item(line), "{line}");
    }
    assert_eq!(page_ranges(&[2, 3, 4, 6, 8, 9]), "2–4、6、8–9");
}

/// Columns carry over to a page whose rules draw every one of their
/// bounds; another ruled table (or prose) after the table does not take
/// them.
#[test]
fn columns_carry_over_only_where_the_rules_draw_them() {
    let layout = Layout {
        columns: vec![
            (50.0, 100.0, Column::Dimension),
            (100.0, 250.0, Column::Content),
            (250.0, 500.0, Column::Status),
        ],
        ruled: true,
    };
    let wall = |x: f32| Rule {
        x1: x,
        y1: 100.0,
        x2: x,
        y2: 700.0,
    };
    let same: Vec<Rule> = [50.0, 100.0, 250.0, 500.0].map(wall).to_vec();
    assert!(layout.drawn_by(&same));
    let other: Vec<Rule> = [50.0, 180.0, 320.0, 500.0].map(wall).to_vec();
    assert!(!layout.drawn_by(&other));
    assert!(!layout.drawn_by(&[]));
    let unruled = Layout {
        ruled: false,
        ..layout
    };
    assert!(unruled.drawn_by(&[]));
}
