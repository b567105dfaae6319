//! Small files that would inflate or nest without limits, for the tests and
//! `kaohe bench --hostile`.
//!
//! Every case is built in code, in well under a second: a part that
//! inflates to a gigabyte is made by compressing one chunk once and
//! repeating its compressed bytes (each copy is a self-contained run of
//! deflate blocks), so the gigabyte is never held in memory, not even here.

use flate2::{Compress, Compression, Crc, FlushCompress};

/// One hostile file.
#[derive(Clone, Debug)]
pub struct HostileCase {
    /// A short name, unique among the cases.
    pub name: &'static str,
    /// A file name with the extension of its format.
    pub file_name: &'static str,
    /// The file.
    pub bytes: Vec<u8>,
    /// One line: what it attacks.
    pub what: &'static str,
}

/// Every hostile case.
pub fn cases() -> Vec<HostileCase> {
    vec![
        HostileCase {
            name: "docx-inflate-1gb",
            file_name: "inflate-1gb.docx",
            bytes: docx_inflating(1 << 30),
            what: "word/document.xml 解压后约 1 GB（ZIP 炸弹）",
        },
        HostileCase {
            name: "docx-nested-tables",
            file_name: "nested-tables.docx",
            bytes: docx_nested_tables(100_000),
            what: "100,000 层嵌套的 <w:tbl>",
        },
        HostileCase {
            name: "docx-open-tables",
            file_name: "open-tables.docx",
            bytes: docx_open_tables(100_000),
            what: "100,000 个不闭合的 <w:tbl>（解压后不到 1 MB，不触发压缩比）",
        },
        HostileCase {
            name: "docx-million-rows",
            file_name: "million-rows.docx",
            bytes: docx_many_rows(1_000_000),
            what: "表头下 1,000,000 个极小的行",
        },
        HostileCase {
            name: "docx-many-empty-rows",
            file_name: "many-empty-rows.docx",
            bytes: docx_empty_rows(140_000),
            what: "表头下 140,000 个空行 <w:tr/>（解压后不到 1 MB，不触发压缩比）",
        },
        HostileCase {
            name: "xlsx-shared-strings-1gb",
            file_name: "shared-strings-1gb.xlsx",
            bytes: xlsx_inflating_shared_strings(1 << 30),
            what: "xl/sharedStrings.xml 解压后约 1 GB（ZIP 炸弹）",
        },
        HostileCase {
            name: "xlsx-far-cells",
            file_name: "far-cells.xlsx",
            bytes: xlsx_far_cells(),
            what: "单元格在 A1 和 XFD1048576，维度 A1:XFD1048576（稠密区域 170 亿格）",
        },
        HostileCase {
            name: "xls-cyclic-fat",
            file_name: "cyclic-fat.xls",
            bytes: ole_cyclic(),
            what: "旧版 Excel（OLE）的扇区链首尾相连",
        },
        HostileCase {
            name: "xls-huge-dimensions",
            file_name: "huge-dimensions.xls",
            bytes: xls_huge_dimensions(),
            what: "旧版 Excel 的工作表声明 65,536 × 256 格",
        },
        HostileCase {
            name: "xls-far-cells",
            file_name: "far-cells.xls",
            bytes: xls_far_cells(),
            what: "旧版 Excel 的单元格在 A1 和 IV65536（稠密区域 1,677 万格）",
        },
        HostileCase {
            name: "odt-inflate-1gb",
            file_name: "inflate-1gb.odt",
            bytes: odf_inflating(1 << 30),
            what: "OpenDocument 文字的 content.xml 解压后约 1 GB（ZIP 炸弹）",
        },
        HostileCase {
            name: "ods-repeated-cells",
            file_name: "repeated-cells.ods",
            bytes: ods_repeated(1_000_000_000, 1),
            what: "OpenDocument 表格一格文字 number-columns-repeated=\"1000000000\"",
        },
        HostileCase {
            name: "ods-repeated-rows",
            file_name: "repeated-rows.ods",
            bytes: ods_repeated(1, 1_000_000_000),
            what: "OpenDocument 表格一行文字 number-rows-repeated=\"1000000000\"",
        },
        HostileCase {
            name: "ods-nested-tables",
            file_name: "nested-tables.ods",
            bytes: odf_nested_tables(10_000),
            what: "OpenDocument 里 10,000 层嵌套的 <table:table>（解压后不到 1 MB，不触发压缩比）",
        },
        HostileCase {
            name: "doc-repeated-pieces",
            file_name: "repeated-pieces.doc",
            bytes: doc_repeated_pieces(40_000),
            what: "旧版 Word 的片段表 40,000 段都指向同一段 9,000 字（展开约 3.6 亿字）",
        },
        HostileCase {
            name: "doc-backward-pieces",
            file_name: "backward-pieces.doc",
            bytes: doc_backward_pieces(40_000),
            what: "旧版 Word 的片段表位置反复回到开头（循环）",
        },
        HostileCase {
            name: "doc-huge-claims",
            file_name: "huge-claims.doc",
            bytes: doc_huge_claims(),
            what: "旧版 Word 声明 4 GB 的 WordDocument 流、40 亿字的正文和 10 亿字的片段",
        },
        HostileCase {
            name: "doc-many-paragraph-runs",
            file_name: "many-paragraph-runs.doc",
            bytes: doc_many_paragraph_runs(8_000),
            what: "旧版 Word 的段落属性 8,000 页，每页 29 段（共 23 万段）",
        },
        HostileCase {
            name: "text-numbers-line",
            file_name: "numbers-line.txt",
            bytes: text_line("12个、", 40_000),
            what: "表头加一行 40,000 个数字",
        },
        HostileCase {
            name: "text-quote-line",
            file_name: "quote-line.txt",
            bytes: text_line("> ", 1 << 20),
            what: "表头加一行 2 MB 的“> > > …”",
        },
        HostileCase {
            name: "text-list-items",
            file_name: "list-items.txt",
            bytes: text_line("1.", 1 << 19),
            what: "表头加一行 1 MB 的“1.1.1.…”",
        },
        HostileCase {
            name: "text-pipes",
            file_name: "pipes.txt",
            bytes: text_line("|", 1_000_000),
            what: "表头加一行 1,000,000 个“|”",
        },
        HostileCase {
            name: "text-full-stops",
            file_name: "full-stops.txt",
            bytes: text_lines("。", 99_000),
            what: "表头加 99,000 行“。”（行数上限之内）",
        },
        HostileCase {
            name: "text-chinese-digits",
            file_name: "chinese-digits.txt",
            bytes: text_line("一二三四五六七八九十", (5 << 20) / 30),
            what: "表头加一行 5 MB 的中文数字",
        },
        HostileCase {
            name: "text-open-parens",
            file_name: "open-parens.txt",
            bytes: text_line("（", 100_000),
            what: "表头加一行 100,000 个“（”",
        },
        HostileCase {
            name: "text-many-rows",
            file_name: "many-rows.txt",
            bytes: text_rows(200_000),
            what: "文本 200,000 行任务（每行四栏）",
        },
        HostileCase {
            name: "markdown-million-rows",
            file_name: "million-rows.md",
            bytes: markdown_rows(1_000_000),
            what: "Markdown 表格 1,000,000 行",
        },
        HostileCase {
            name: "markdown-targets-and-figures",
            file_name: "targets-and-figures.md",
            bytes: markdown_targets_and_figures(30_000),
            what: "一项任务 30,000 个目标对 30,000 个完成数字",
        },
        HostileCase {
            name: "html-nested-tables",
            file_name: "nested-tables.html",
            bytes: html_nested_tables(100_000),
            what: "网页里 100,000 层嵌套的 <table><tr><td>",
        },
        HostileCase {
            name: "html-huge-spans",
            file_name: "huge-spans.html",
            bytes: html_huge_spans(5_000),
            what: "网页表格 5,000 行，每行一格 colspan=100000 rowspan=100000",
        },
        HostileCase {
            name: "html-deep-divs",
            file_name: "deep-divs.html",
            bytes: html_deep_divs(1_000_000),
            what: "网页里 1,000,000 层不闭合的 <div>",
        },
        HostileCase {
            name: "pdf-nested-arrays",
            file_name: "nested-arrays.pdf",
            bytes: pdf_nested_arrays(5_000),
            what: "PDF 对象里 5,000 层嵌套的“[”",
        },
        HostileCase {
            name: "pdf-content-256mb",
            file_name: "content-256mb.pdf",
            bytes: pdf_inflating_content(256 << 20),
            what: "PDF 页面内容流解压后 256 MB 的路径指令",
        },
    ]
}

/// The header line every text case starts with, so that the layout reader
/// takes what follows for the cells of a table.
const TEXT_HEADER: &str = "考评维度 自查内容（年度任务） 落实情况 存在问题及原因\n";

fn text_line(unit: &str, times: usize) -> Vec<u8> {
    let mut s = String::with_capacity(TEXT_HEADER.len() + unit.len() * times + 1);
    s.push_str(TEXT_HEADER);
    s.push_str(&unit.repeat(times));
    s.push('\n');
    s.into_bytes()
}

fn text_lines(line: &str, times: usize) -> Vec<u8> {
    let mut s = String::from(TEXT_HEADER);
    for _ in 0..times {
        s.push_str(line);
        s.push('\n');
    }
    s.into_bytes()
}

fn text_rows(rows: usize) -> Vec<u8> {
    let mut s = String::from(TEXT_HEADER);
    for i in 0..rows {
        s.push_str(&format!(
            "履职{}  {}.新增基站12个。  已新增基站12个。  无\n",
            i / 20,
            i + 1
        ));
    }
    s.into_bytes()
}

fn markdown_rows(rows: usize) -> Vec<u8> {
    let mut s = String::from(
        "# 自查表\n\n| 考评维度 | 自查内容（年度任务） | 落实情况 | 存在问题及原因 |\n|---|---|---|---|\n",
    );
    s.push_str(&"|a|b|c|d|\n".repeat(rows));
    s.into_bytes()
}

fn markdown_targets_and_figures(n: usize) -> Vec<u8> {
    format!(
        "| 考评维度 | 自查内容（年度任务） | 落实情况 | 存在问题及原因 |\n|---|---|---|---|\n| 履职 | {} | {} | 无 |\n",
        "新增基站12个，".repeat(n),
        "已新增基站12个，".repeat(n)
    )
    .into_bytes()
}

const HTML_HEAD: &str =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>自查表</title></head><body>";

fn html_nested_tables(depth: usize) -> Vec<u8> {
    format!(
        "{HTML_HEAD}{}x{}</body></html>",
        "<table><tr><td>".repeat(depth),
        "</td></tr></table>".repeat(depth)
    )
    .into_bytes()
}

fn html_huge_spans(rows: usize) -> Vec<u8> {
    format!(
        "{HTML_HEAD}<table><tr><th>考评维度</th><th>自查内容（年度任务）</th><th>落实情况</th></tr>{}</table></body></html>",
        r#"<tr><td colspan="100000" rowspan="100000">x</td></tr>"#.repeat(rows)
    )
    .into_bytes()
}

fn html_deep_divs(depth: usize) -> Vec<u8> {
    format!("{HTML_HEAD}{}</body></html>", "<div>".repeat(depth)).into_bytes()
}

// ---- Deflate without holding what it inflates to ----

/// A raw deflate stream (and its CRC-32 and inflated length) of `parts`,
/// each `(bytes, times)` meaning `bytes` repeated `times` times. Each part
/// is compressed once, ending on a full flush so that its blocks refer to
/// nothing before them; repeating the compressed bytes is then valid
/// deflate.
struct Deflated {
    data: Vec<u8>,
    crc: u32,
    adler: u32,
    len: u64,
}

fn deflate_once(input: &[u8], flush: FlushCompress) -> Vec<u8> {
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(input.len() / 2 + 64);
    loop {
        let consumed = c.total_in() as usize;
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        c.compress_vec(&input[consumed..], &mut out, flush)
            .expect("deflate into memory");
        if c.total_in() as usize == input.len() && out.capacity() > out.len() {
            break;
        }
    }
    out
}

fn deflate_repeated(parts: &[(&[u8], u64)]) -> Deflated {
    let mut data = Vec::new();
    let mut crc = Crc::new();
    let mut adler = 1u32;
    let mut len = 0u64;
    // Small units are packed into chunks of about 1 MB, compressed once.
    let mut pieces: Vec<(Vec<u8>, u64)> = Vec::new();
    for &(bytes, times) in parts {
        if bytes.is_empty() || times == 0 {
            continue;
        }
        let per_chunk = ((1u64 << 20) / bytes.len() as u64).clamp(1, times);
        pieces.push((bytes.repeat(per_chunk as usize), times / per_chunk));
        if times % per_chunk > 0 {
            pieces.push((bytes.repeat((times % per_chunk) as usize), 1));
        }
    }
    for (chunk, times) in &pieces {
        let block = deflate_once(chunk, FlushCompress::Full);
        let mut one = Crc::new();
        one.update(chunk);
        let one_adler = adler32(chunk);
        for _ in 0..*times {
            data.extend_from_slice(&block);
            crc.combine(&one);
            adler = adler32_combine(adler, one_adler, chunk.len() as u64);
        }
        len += chunk.len() as u64 * times;
    }
    // The final, empty block.
    data.extend_from_slice(&deflate_once(&[], FlushCompress::Finish));
    Deflated {
        data,
        crc: crc.sum(),
        adler,
        len,
    }
}

const ADLER_BASE: u32 = 65521;

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % ADLER_BASE;
        b = (b + a) % ADLER_BASE;
    }
    (b << 16) | a
}

/// The Adler-32 of two streams joined, from theirs (zlib's `adler32_combine`).
fn adler32_combine(first: u32, second: u32, second_len: u64) -> u32 {
    let base = u64::from(ADLER_BASE);
    let rem = second_len % base;
    let a1 = u64::from(first & 0xffff);
    let b1 = u64::from(first >> 16);
    let a2 = u64::from(second & 0xffff);
    let b2 = u64::from(second >> 16);
    let a = (a1 + a2 + base - 1) % base;
    let b = (rem * a1 % base + b1 + b2 + base - rem) % base;
    ((b << 16) | a) as u32
}

/// `unit` repeated to about `target` bytes, between `head` and `tail`.
fn repeated_part(head: &str, unit: &str, target: u64, tail: &str) -> Deflated {
    deflate_repeated(&[
        (head.as_bytes(), 1),
        (unit.as_bytes(), (target / unit.len() as u64).max(1)),
        (tail.as_bytes(), 1),
    ])
}

// ---- ZIP with deflated entries ----

/// A ZIP archive in memory whose entries are deflated.
#[derive(Default)]
struct ZipBuilder {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl ZipBuilder {
    fn add_small(&mut self, name: &str, text: &str) {
        let part = deflate_repeated(&[(text.as_bytes(), 1)]);
        self.add(name, &part);
    }

    fn add(&mut self, name: &str, part: &Deflated) {
        let offset = self.out.len() as u32;
        let stored = part.data.len() as u32;
        let inflated = part.len.min(u64::from(u32::MAX)) as u32;
        let name = name.as_bytes();
        self.out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        // version 20, UTF-8 names, deflate, 1980-01-01.
        for v in [20u16, 1 << 11, 8, 0, (1 << 5) | 1] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [part.crc, stored, inflated] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        self.out
            .extend_from_slice(&(name.len() as u16).to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out.extend_from_slice(name);
        self.out.extend_from_slice(&part.data);
        self.central
            .extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, 1 << 11, 8, 0, (1 << 5) | 1] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [part.crc, stored, inflated] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        self.central.extend_from_slice(&0u32.to_le_bytes());
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name);
        self.count += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        let start = self.out.len() as u32;
        let size = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, self.count, self.count] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&start.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}

// ---- Word ----

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn docx_with(document: &Deflated) -> Vec<u8> {
    let mut z = ZipBuilder::default();
    z.add_small(
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    );
    z.add_small(
        "_rels/.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    z.add("word/document.xml", document);
    z.finish()
}

/// A .docx whose document part is `xml`, for the readers' tests.
#[cfg(test)]
pub(crate) fn docx_of(xml: &str) -> Vec<u8> {
    docx_with(&deflate_repeated(&[(xml.as_bytes(), 1)]))
}

/// A .xlsx whose one sheet is `sheet_xml`, for the readers' tests.
#[cfg(test)]
pub(crate) fn xlsx_of(sheet_xml: &str) -> Vec<u8> {
    xlsx_with(&deflate_repeated(&[(sheet_xml.as_bytes(), 1)]), None)
}

/// A .xlsx whose shared strings inflate to about `target` bytes.
#[cfg(test)]
pub(crate) fn xlsx_bomb(target: u64) -> Vec<u8> {
    xlsx_inflating_shared_strings(target)
}

/// The compound file of [`ole_cyclic`] with its first FAT entries replaced
/// and `extra_sectors` empty sectors added, for the readers' tests.
#[cfg(test)]
pub(crate) fn ole_with_fat(fat_entries: &[u32], extra_sectors: usize) -> Vec<u8> {
    let mut bytes = ole_cyclic();
    bytes.resize(bytes.len() + 512 * extra_sectors, 0);
    // The header, then sector 0 (the directory), then sector 1 (the FAT).
    let fat_at = 512 * 2;
    for (k, v) in fat_entries.iter().enumerate() {
        bytes[fat_at + 4 * k..fat_at + 4 * k + 4].copy_from_slice(&v.to_le_bytes());
    }
    bytes
}

fn docx_head() -> String {
    format!(r#"<?xml version="1.0"?><w:document {W_NS}><w:body>"#)
}

const DOCX_TAIL: &str = "</w:body></w:document>";

fn docx_header_row() -> String {
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    format!(
        "<w:tr>{}{}{}{}</w:tr>",
        cell("考评维度"),
        cell("自查内容（年度任务）"),
        cell("落实情况"),
        cell("存在问题及原因")
    )
}

fn docx_inflating(target: u64) -> Vec<u8> {
    docx_with(&repeated_part(
        &docx_head(),
        "<w:p><w:r><w:t>x</w:t></w:r></w:p>",
        target,
        DOCX_TAIL,
    ))
}

fn docx_nested_tables(depth: u64) -> Vec<u8> {
    docx_with(&deflate_repeated(&[
        (docx_head().as_bytes(), 1),
        (b"<w:tbl><w:tr><w:tc>", depth),
        (b"</w:tc></w:tr></w:tbl>", depth),
        (DOCX_TAIL.as_bytes(), 1),
    ]))
}

fn docx_open_tables(depth: u64) -> Vec<u8> {
    docx_with(&deflate_repeated(&[
        (docx_head().as_bytes(), 1),
        (b"<w:tbl>", depth),
    ]))
}

fn docx_empty_rows(rows: u64) -> Vec<u8> {
    let head = format!("{}<w:tbl>{}", docx_head(), docx_header_row());
    let tail = format!("</w:tbl>{DOCX_TAIL}");
    docx_with(&deflate_repeated(&[
        (head.as_bytes(), 1),
        (b"<w:tr/>", rows),
        (tail.as_bytes(), 1),
    ]))
}

fn docx_many_rows(rows: u64) -> Vec<u8> {
    let head = format!("{}<w:tbl>{}", docx_head(), docx_header_row());
    let tail = format!("</w:tbl>{DOCX_TAIL}");
    docx_with(&deflate_repeated(&[
        (head.as_bytes(), 1),
        (b"<w:tr><w:tc/></w:tr>", rows),
        (tail.as_bytes(), 1),
    ]))
}

// ---- Excel ----

const X_NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;

fn xlsx_with(sheet: &Deflated, shared_strings: Option<&Deflated>) -> Vec<u8> {
    let mut z = ZipBuilder::default();
    z.add_small(
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
    );
    z.add_small(
        "_rels/.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    z.add_small(
        "xl/workbook.xml",
        &format!(
            r#"<?xml version="1.0"?><workbook {X_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="自查" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        ),
    );
    z.add_small(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
    );
    // Style 1 is a date (built-in number format 14), for the readers' tests.
    z.add_small(
        "xl/styles.xml",
        &format!(
            r#"<?xml version="1.0"?><styleSheet {X_NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#
        ),
    );
    if let Some(strings) = shared_strings {
        z.add("xl/sharedStrings.xml", strings);
    }
    z.add("xl/worksheets/sheet1.xml", sheet);
    z.finish()
}

fn inline_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn xlsx_header_sheet(dimension: &str, extra_rows: &str) -> Deflated {
    let header = [
        "考评维度",
        "自查内容（年度任务）",
        "落实情况",
        "存在问题及原因",
    ]
    .iter()
    .zip(["A1", "B1", "C1", "D1"])
    .map(|(t, at)| inline_cell(at, t))
    .collect::<String>();
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet {X_NS}><dimension ref="{dimension}"/><sheetData><row r="1">{header}</row><row r="2">{}{}</row>{extra_rows}</sheetData></worksheet>"#,
        inline_cell("B2", "新增基站10个"),
        inline_cell("C2", "已新增12个")
    );
    deflate_repeated(&[(sheet.as_bytes(), 1)])
}

fn xlsx_inflating_shared_strings(target: u64) -> Vec<u8> {
    let strings = repeated_part(
        &format!(r#"<?xml version="1.0"?><sst {X_NS}>"#),
        "<si><t>x</t></si>",
        target,
        "</sst>",
    );
    xlsx_with(&xlsx_header_sheet("A1:D2", ""), Some(&strings))
}

fn xlsx_far_cells() -> Vec<u8> {
    let far = format!(
        r#"<row r="1048576">{}</row>"#,
        inline_cell("XFD1048576", "x")
    );
    xlsx_with(&xlsx_header_sheet("A1:XFD1048576", &far), None)
}

// ---- Old Office (OLE compound file) ----

/// A compound file whose directory chain points back at itself.
fn ole_cyclic() -> Vec<u8> {
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1");
    let put16 =
        |h: &mut Vec<u8>, at: usize, v: u16| h[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |h: &mut Vec<u8>, at: usize, v: u32| h[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut header, 0x18, 0x003E); // minor version
    put16(&mut header, 0x1A, 3); // major version 3: 512-byte sectors
    put16(&mut header, 0x1C, 0xFFFE); // little-endian
    put16(&mut header, 0x1E, 9); // sector shift
    put16(&mut header, 0x20, 6); // mini sector shift
    put32(&mut header, 0x2C, 1); // one FAT sector
    put32(&mut header, 0x30, 0); // the directory starts at sector 0
    put32(&mut header, 0x38, 4096); // mini stream cutoff
    put32(&mut header, 0x3C, 0xFFFF_FFFE); // no mini FAT
    put32(&mut header, 0x44, 0xFFFF_FFFE); // no DIFAT sectors
    put32(&mut header, 0x4C, 1); // DIFAT[0]: the FAT is sector 1
    for i in 1..109 {
        put32(&mut header, 0x4C + 4 * i, 0xFFFF_FFFF);
    }
    // Sector 0: a directory whose root entry names a stream starting at 0.
    let mut directory = vec![0u8; 512];
    let root: Vec<u8> = "Root Entry\0"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    directory[..root.len()].copy_from_slice(&root);
    put16(&mut directory, 0x40, root.len() as u16);
    directory[0x42] = 5; // root storage
    put32(&mut directory, 0x44, 0xFFFF_FFFF);
    put32(&mut directory, 0x48, 0xFFFF_FFFF);
    put32(&mut directory, 0x4C, 0xFFFF_FFFF);
    put32(&mut directory, 0x74, 0);
    put32(&mut directory, 0x78, 1 << 20);
    // Sector 1: the FAT. Sector 0 is followed by itself.
    let mut fat = vec![0xFFu8; 512];
    put32(&mut fat, 0, 0);
    put32(&mut fat, 4, 0xFFFF_FFFD); // this sector is the FAT
    let mut out = header;
    out.extend_from_slice(&directory);
    out.extend_from_slice(&fat);
    out
}

/// A compound file holding one stream, `Workbook`, in sectors of 512
/// bytes after the directory (sector 0) and the FAT (sector 1).
fn ole_with_workbook(workbook: &[u8]) -> Vec<u8> {
    let mut stream = workbook.to_vec();
    // Streams shorter than 4096 bytes would live in the mini stream.
    stream.resize(stream.len().max(4096).next_multiple_of(512), 0);
    let sectors = stream.len() / 512;
    let put16 = |b: &mut [u8], at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |b: &mut [u8], at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1");
    put16(&mut header, 0x18, 0x003E);
    put16(&mut header, 0x1A, 3);
    put16(&mut header, 0x1C, 0xFFFE);
    put16(&mut header, 0x1E, 9);
    put16(&mut header, 0x20, 6);
    put32(&mut header, 0x2C, 1);
    put32(&mut header, 0x30, 0);
    put32(&mut header, 0x38, 4096);
    put32(&mut header, 0x3C, 0xFFFF_FFFE);
    put32(&mut header, 0x44, 0xFFFF_FFFE);
    put32(&mut header, 0x4C, 1);
    for i in 1..109 {
        put32(&mut header, 0x4C + 4 * i, 0xFFFF_FFFF);
    }
    let mut directory = vec![0u8; 512];
    let entry = |dir: &mut Vec<u8>, at: usize, name: &str, kind: u8, start: u32, len: u32| {
        let utf16: Vec<u8> = format!("{name}\0")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        dir[at..at + utf16.len()].copy_from_slice(&utf16);
        put16(dir, at + 0x40, utf16.len() as u16);
        dir[at + 0x42] = kind;
        put32(dir, at + 0x44, 0xFFFF_FFFF);
        put32(dir, at + 0x48, 0xFFFF_FFFF);
        put32(dir, at + 0x4C, 0xFFFF_FFFF);
        put32(dir, at + 0x74, start);
        put32(dir, at + 0x78, len);
    };
    entry(&mut directory, 0, "Root Entry", 5, 0xFFFF_FFFE, 0);
    put32(&mut directory, 0x4C, 1); // the root's child: the workbook
    entry(&mut directory, 128, "Workbook", 2, 2, stream.len() as u32);
    let mut fat = vec![0xFFu8; 512];
    put32(&mut fat, 0, 0xFFFF_FFFE);
    put32(&mut fat, 4, 0xFFFF_FFFD);
    for k in 0..sectors {
        let next = if k + 1 == sectors {
            0xFFFF_FFFE
        } else {
            (k + 3) as u32
        };
        put32(&mut fat, 4 * (k + 2), next);
    }
    let mut out = header;
    out.extend_from_slice(&directory);
    out.extend_from_slice(&fat);
    out.extend_from_slice(&stream);
    out
}

/// A BIFF8 record.
fn biff(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut r = kind.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

/// A BIFF8 workbook of one sheet whose records are `sheet_records`.
fn xls_workbook(sheet_records: &[Vec<u8>]) -> Vec<u8> {
    let bof = |kind: u16| {
        let mut d = vec![0x00, 0x06];
        d.extend_from_slice(&kind.to_le_bytes());
        d.extend_from_slice(&[0; 12]);
        biff(0x0809, &d)
    };
    let bound_sheet = |pos: u32| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend_from_slice(&[0, 0, 5, 0]);
        d.extend_from_slice(b"Sheet");
        biff(0x0085, &d)
    };
    let globals_len = bof(0x0005).len() + bound_sheet(0).len() + biff(0x000A, &[]).len();
    let mut out = bof(0x0005);
    out.extend(bound_sheet(globals_len as u32));
    out.extend(biff(0x000A, &[]));
    out.extend(bof(0x0010));
    for r in sheet_records {
        out.extend_from_slice(r);
    }
    out.extend(biff(0x000A, &[]));
    out
}

/// A Number record at (row, column).
fn xls_number(row: u16, col: u16) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    d.extend_from_slice(&1.0f64.to_le_bytes());
    biff(0x0203, &d)
}

/// A Label record at (row, column), its text in UTF-16.
#[cfg(test)]
fn xls_label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    let units: Vec<u16> = text.encode_utf16().collect();
    d.extend_from_slice(&(units.len() as u16).to_le_bytes());
    d.push(1);
    d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    biff(0x0204, &d)
}

/// An .xls whose sheet holds `rows` of labels, for the readers' tests.
#[cfg(test)]
pub(crate) fn xls_of(rows: &[&[&str]]) -> Vec<u8> {
    let mut records = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            records.push(xls_label(r as u16, c as u16, text));
        }
    }
    ole_with_workbook(&xls_workbook(&records))
}

/// The hostile .xls cases, for the readers' tests.
#[cfg(test)]
pub(crate) fn xls_hostile() -> [Vec<u8>; 2] {
    [xls_huge_dimensions(), xls_far_cells()]
}

fn xls_huge_dimensions() -> Vec<u8> {
    let mut d = 0u32.to_le_bytes().to_vec();
    d.extend_from_slice(&65536u32.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&256u16.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    ole_with_workbook(&xls_workbook(&[biff(0x0200, &d), xls_number(0, 0)]))
}

fn xls_far_cells() -> Vec<u8> {
    ole_with_workbook(&xls_workbook(&[xls_number(0, 0), xls_number(65535, 255)]))
}

// ---- OpenDocument ----

const ODF_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="自查">"#;
const ODF_TAIL: &str =
    "</table:table></office:spreadsheet></office:body></office:document-content>";

fn odf_cell(text: &str) -> String {
    format!("<table:table-cell><text:p>{text}</text:p></table:table-cell>")
}

fn odf_header_row() -> String {
    format!(
        "<table:table-row>{}{}{}{}</table:table-row>",
        odf_cell("考评维度"),
        odf_cell("自查内容（年度任务）"),
        odf_cell("落实情况"),
        odf_cell("存在问题及原因")
    )
}

fn odf_with(mime: &str, content: &Deflated) -> Vec<u8> {
    let mut z = ZipBuilder::default();
    z.add_small("mimetype", mime);
    z.add("content.xml", content);
    z.finish()
}

const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// An .ods whose sheet body (after the self-check header) is `rows`, for
/// the readers' tests.
#[cfg(test)]
pub(crate) fn ods_of(rows: &str) -> Vec<u8> {
    let xml = format!("{ODF_HEAD}{}{rows}{ODF_TAIL}", odf_header_row());
    odf_with(ODS_MIME, &deflate_repeated(&[(xml.as_bytes(), 1)]))
}

fn odf_inflating(target: u64) -> Vec<u8> {
    odf_with(
        "application/vnd.oasis.opendocument.text",
        &repeated_part(
            ODF_HEAD,
            "<table:table-row><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>",
            target,
            ODF_TAIL,
        ),
    )
}

fn ods_repeated(columns: u64, rows: u64) -> Vec<u8> {
    let xml = format!(
        r#"{ODF_HEAD}{}<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{columns}"><text:p>新增基站10个</text:p></table:table-cell></table:table-row>{ODF_TAIL}"#,
        odf_header_row()
    );
    odf_with(ODS_MIME, &deflate_repeated(&[(xml.as_bytes(), 1)]))
}

fn odf_nested_tables(depth: u64) -> Vec<u8> {
    odf_with(
        ODS_MIME,
        &deflate_repeated(&[
            (ODF_HEAD.as_bytes(), 1),
            (b"<table:table-row><table:table-cell><table:table>", depth),
            (
                b"</table:table></table:table-cell></table:table-row>",
                depth,
            ),
            (ODF_TAIL.as_bytes(), 1),
        ]),
    )
}

// ---- Old Word (a WordDocument stream and its table stream) ----

/// A compound file holding the given streams (at most three), each in
/// whole 512-byte sectors after the directory (sector 0) and the FAT
/// (sectors 1 and on); every stream is at least 4096 bytes, so none lives
/// in the mini stream. A stream's stated length is `claimed` when given.
fn ole_with_streams(streams: &[(&str, &[u8], Option<u32>)]) -> Vec<u8> {
    let put16 = |b: &mut [u8], at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |b: &mut [u8], at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    let padded: Vec<Vec<u8>> = streams
        .iter()
        .map(|(_, bytes, _)| {
            let mut stream = bytes.to_vec();
            stream.resize(stream.len().max(4096).next_multiple_of(512), 0);
            stream
        })
        .collect();
    let data_sectors: usize = padded.iter().map(|s| s.len() / 512).sum();
    // FAT sectors hold 128 entries each, their own among them.
    let mut fat_sectors = 1usize;
    while fat_sectors * 128 < 1 + fat_sectors + data_sectors {
        fat_sectors += 1;
    }
    assert!(fat_sectors <= 109 && streams.len() <= 3);
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1");
    put16(&mut header, 0x18, 0x003E);
    put16(&mut header, 0x1A, 3);
    put16(&mut header, 0x1C, 0xFFFE);
    put16(&mut header, 0x1E, 9);
    put16(&mut header, 0x20, 6);
    put32(&mut header, 0x2C, fat_sectors as u32);
    put32(&mut header, 0x30, 0);
    put32(&mut header, 0x38, 4096);
    put32(&mut header, 0x3C, 0xFFFF_FFFE);
    put32(&mut header, 0x44, 0xFFFF_FFFE);
    for i in 0..109 {
        let v = if i < fat_sectors {
            (i + 1) as u32
        } else {
            0xFFFF_FFFF
        };
        put32(&mut header, 0x4C + 4 * i, v);
    }
    let mut directory = vec![0u8; 512];
    let entry = |dir: &mut Vec<u8>, at: usize, name: &str, kind: u8, start: u32, len: u32| {
        let utf16: Vec<u8> = format!("{name}\0")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        dir[at..at + utf16.len()].copy_from_slice(&utf16);
        put16(dir, at + 0x40, utf16.len() as u16);
        dir[at + 0x42] = kind;
        put32(dir, at + 0x44, 0xFFFF_FFFF);
        put32(dir, at + 0x48, 0xFFFF_FFFF);
        put32(dir, at + 0x4C, 0xFFFF_FFFF);
        put32(dir, at + 0x74, start);
        put32(dir, at + 0x78, len);
    };
    entry(&mut directory, 0, "Root Entry", 5, 0xFFFF_FFFE, 0);
    put32(&mut directory, 0x4C, 1);
    let mut fat = vec![0xFFu8; 512 * fat_sectors];
    put32(&mut fat, 0, 0xFFFF_FFFE);
    for i in 0..fat_sectors {
        put32(&mut fat, 4 * (i + 1), 0xFFFF_FFFD);
    }
    let mut data = Vec::new();
    let mut next_sector = 1 + fat_sectors;
    for (k, ((name, bytes, claimed), stream)) in streams.iter().zip(&padded).enumerate() {
        let sectors = stream.len() / 512;
        let at = 128 * (k + 1);
        entry(
            &mut directory,
            at,
            name,
            2,
            next_sector as u32,
            claimed.unwrap_or(bytes.len().max(4096) as u32),
        );
        // Siblings: each entry's right sibling is the next.
        if k + 1 < streams.len() {
            put32(&mut directory, at + 0x48, (k + 2) as u32);
        }
        for s in 0..sectors {
            let id = next_sector + s;
            let next = if s + 1 == sectors {
                0xFFFF_FFFE
            } else {
                (id + 1) as u32
            };
            put32(&mut fat, 4 * id, next);
        }
        next_sector += sectors;
        data.extend_from_slice(stream);
    }
    let mut out = header;
    out.extend_from_slice(&directory);
    out.extend_from_slice(&fat);
    out.extend_from_slice(&data);
    out
}

/// Where the Word text starts in the WordDocument stream.
const DOC_TEXT_AT: u32 = 1024;

/// A WordDocument stream: the FIB (Word 97 sizes: 14 words, 22 longs, 93
/// pairs) saying the table stream is 1Table, `ccp_text` characters of
/// main text, the CLX at 0 of `lcb_clx` bytes; then `text` in UTF-16.
fn doc_word_stream(text: &str, ccp_text: u32, lcb_clx: u32) -> Vec<u8> {
    let mut w = vec![0u8; DOC_TEXT_AT as usize];
    let put16 = |b: &mut [u8], at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |b: &mut [u8], at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut w, 0, 0xA5EC);
    put16(&mut w, 2, 0x00C1);
    put16(&mut w, 0x0A, 0x0200); // fWhichTblStm: 1Table
    put16(&mut w, 32, 14);
    put16(&mut w, 62, 22);
    put32(&mut w, 64 + 12, ccp_text);
    put16(&mut w, 152, 93);
    let fc_lcb = 154;
    put32(&mut w, fc_lcb + 8 * 33, 0);
    put32(&mut w, fc_lcb + 8 * 33 + 4, lcb_clx);
    w.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    w
}

/// A CLX of one Pcdt: pieces `(cp, next_cp, fc)` in UTF-16.
fn doc_clx(pieces: &[(u32, u32, u32)]) -> Vec<u8> {
    let mut plc = Vec::new();
    for (cp, _, _) in pieces {
        plc.extend_from_slice(&cp.to_le_bytes());
    }
    plc.extend_from_slice(&pieces.last().map_or(0, |p| p.1).to_le_bytes());
    for (_, _, fc) in pieces {
        plc.extend_from_slice(&[0, 0]);
        plc.extend_from_slice(&fc.to_le_bytes());
        plc.extend_from_slice(&[0, 0]);
    }
    let mut clx = vec![2u8];
    clx.extend_from_slice(&(plc.len() as u32).to_le_bytes());
    clx.extend_from_slice(&plc);
    clx
}

fn doc_of_pieces(
    text: &str,
    ccp_text: u32,
    pieces: &[(u32, u32, u32)],
    word_len: Option<u32>,
) -> Vec<u8> {
    let clx = doc_clx(pieces);
    let word = doc_word_stream(text, ccp_text, clx.len() as u32);
    ole_with_streams(&[("WordDocument", &word, word_len), ("1Table", &clx, None)])
}

/// A .doc whose main text is `text` (`\r` ends a paragraph, `\x07` a cell
/// and, after a cell, a row), in one piece, for the readers' tests.
#[cfg(test)]
pub(crate) fn doc_of(text: &str) -> Vec<u8> {
    let n = text.encode_utf16().count() as u32;
    doc_of_pieces(text, n, &[(0, n, DOC_TEXT_AT)], None)
}

fn doc_repeated_pieces(pieces: u32) -> Vec<u8> {
    // 9,000 characters of text; every piece starts at the same place and
    // claims 100,000 characters (what is there, 9,000, is read).
    let text = "新增基站12个。\r".repeat(1000);
    let table: Vec<(u32, u32, u32)> = (0..pieces)
        .map(|i| (i * 100_000, (i + 1) * 100_000, DOC_TEXT_AT))
        .collect();
    doc_of_pieces(&text, u32::MAX, &table, None)
}

fn doc_backward_pieces(pieces: u32) -> Vec<u8> {
    let text = "新增基站12个。\r".repeat(100);
    let n = text.encode_utf16().count() as u32;
    // Positions 0, n, 0, n, …: every other piece runs backwards.
    let table: Vec<(u32, u32, u32)> = (0..pieces)
        .map(|i| {
            if i % 2 == 0 {
                (0, n, DOC_TEXT_AT)
            } else {
                (n, 0, DOC_TEXT_AT)
            }
        })
        .collect();
    doc_of_pieces(&text, u32::MAX, &table, None)
}

fn doc_many_paragraph_runs(pages: u32) -> Vec<u8> {
    let text = "新增基站12个。\r";
    let n = text.encode_utf16().count() as u32;
    let clx = doc_clx(&[(0, n, DOC_TEXT_AT)]);
    let mut word = doc_word_stream(text, n, clx.len() as u32);
    word.resize(word.len().next_multiple_of(512), 0);
    let first = (word.len() / 512) as u32;
    for p in 0..pages {
        let mut page = vec![0u8; 512];
        // 29 runs (as many as a page holds) of 1 byte each (rgfc), no
        // properties (rgbx all 0).
        for j in 0..=29u32 {
            let fc = p * 30 + j;
            page[4 * j as usize..4 * j as usize + 4].copy_from_slice(&fc.to_le_bytes());
        }
        page[511] = 29;
        word.extend_from_slice(&page);
    }
    // The table stream: the CLX, then the PlcBtePapx naming every page.
    let mut table = clx.clone();
    let plc_at = table.len() as u32;
    for p in 0..=pages {
        table.extend_from_slice(&(p * 30).to_le_bytes());
    }
    for p in 0..pages {
        table.extend_from_slice(&(first + p).to_le_bytes());
    }
    let plc_len = table.len() as u32 - plc_at;
    let fc_lcb = 154;
    word[fc_lcb + 8 * 13..fc_lcb + 8 * 13 + 4].copy_from_slice(&plc_at.to_le_bytes());
    word[fc_lcb + 8 * 13 + 4..fc_lcb + 8 * 13 + 8].copy_from_slice(&plc_len.to_le_bytes());
    ole_with_streams(&[("WordDocument", &word, None), ("1Table", &table, None)])
}

fn doc_huge_claims() -> Vec<u8> {
    let text = "考评维度\x07自查内容（年度任务）\x07落实情况\x07\x07履职\x07新增基站10个\x07已新增12个\x07\x07";
    doc_of_pieces(
        text,
        u32::MAX,
        &[(0, 1 << 30, DOC_TEXT_AT)],
        Some(0xFFFF_FFF0),
    )
}

// ---- PDF ----

/// A PDF from its objects' bodies (object `i + 1` is `objects[i]`), with a
/// cross-reference table at the right offsets; object 1 is the catalog.
fn pdf_from(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
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
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Catalog, pages, one page whose content stream is object 4 (`content`,
/// with `content_dict` added to its dictionary), a font as object 5, and
/// `extra` as objects 6 and on; `catalog_extra` goes into the catalog.
fn pdf_one_page(
    catalog_extra: &str,
    content_dict: &str,
    content: &[u8],
    extra: &[Vec<u8>],
) -> Vec<u8> {
    let mut stream =
        format!("<< /Length {} {content_dict} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    let mut objects = vec![
        format!("<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>").into_bytes(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        stream,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    objects.extend_from_slice(extra);
    pdf_from(&objects)
}

fn pdf_nested_arrays(depth: usize) -> Vec<u8> {
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    pdf_one_page(
        "/Nested 6 0 R",
        "",
        b"BT /F1 12 Tf 72 720 Td (hostile) Tj ET",
        &[nested.into_bytes()],
    )
}

fn pdf_inflating_content(target: u64) -> Vec<u8> {
    let part = repeated_part("", "0 0 m 1 1 l S\n", target, "");
    // FlateDecode is zlib: a two-byte header, the deflate stream, Adler-32.
    let mut zlib = vec![0x78, 0xDA];
    zlib.extend_from_slice(&part.data);
    zlib.extend_from_slice(&part.adler.to_be_bytes());
    pdf_one_page("", "/Filter /FlateDecode", &zlib, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn repeated_deflate_inflates_to_what_it_claims() {
        let part = deflate_repeated(&[(b"head ", 1), (b"abcabc", 1000), (b" tail", 1)]);
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(&part.data[..])
            .read_to_end(&mut out)
            .unwrap();
        let want = format!("head {} tail", "abcabc".repeat(1000));
        assert_eq!(out, want.as_bytes());
        assert_eq!(part.len, want.len() as u64);
        let mut crc = Crc::new();
        crc.update(want.as_bytes());
        assert_eq!(part.crc, crc.sum());
        assert_eq!(part.adler, adler32(want.as_bytes()));
    }

    #[test]
    fn every_case_is_small_and_named_for_its_format() {
        let all = cases();
        for case in &all {
            assert!(case.bytes.len() < 16 << 20, "{}", case.name);
            let ext = case.file_name.rsplit('.').next().unwrap();
            let starts = |m: &[u8]| case.bytes.starts_with(m);
            let ok = match ext {
                "docx" | "xlsx" | "odt" | "ods" => starts(b"PK\x03\x04"),
                "xls" | "doc" => starts(b"\xd0\xcf\x11\xe0"),
                "pdf" => starts(b"%PDF"),
                "html" => crate::html::sniff(&case.bytes),
                _ => true,
            };
            assert!(ok, "{}", case.name);
        }
        let mut names: Vec<_> = all.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len());
    }

    #[test]
    fn the_zip_bombs_are_valid_archives() {
        let docx = docx_inflating(8 << 20);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut entry = zip.by_name("word/document.xml").unwrap();
        let mut xml = Vec::new();
        entry.read_to_end(&mut xml).unwrap();
        assert!(xml.len() >= 8 << 20);
        assert!(xml.ends_with(DOCX_TAIL.as_bytes()));
    }
}
