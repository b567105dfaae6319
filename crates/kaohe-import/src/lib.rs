//! Files to tables for kaohe: [`read_document`] reads Word (.docx, and old
//! .doc / WPS .wps), Excel, OpenDocument (.odt, .ods), PDF, HTML, Markdown
//! and text; the readers live in their own modules.
//!
//! [`decode`] turns the bytes of a file into text: UTF-8 (with or without a
//! byte-order mark), UTF-16 (with a mark, or detected from its zero bytes) and
//! GB18030/GBK, which many government files still use. What is not text
//! (an image, a PDF, an office file, a binary) is refused with an
//! [`ImportError`] that says what the file is.

use std::fmt;

mod doc;
mod docx;
pub mod grid;
pub mod hostile;
mod html;
pub mod limits;
mod markdown;
mod numbering;
mod odf;
mod ole;
mod pdf;
pub mod render;
#[cfg(test)]
mod rendering_tests;
mod sheet;

pub use document::{read_document, read_document_with, Imported};
pub use limits::{Budget, Limit, Limits};

mod document {
    use kaohe_core::table::Table;
    use kaohe_core::Diagnostic;

    use crate::{
        decode, doc, docx, grid, html, markdown, odf, ole, pdf, sheet, Budget, ImportError, Limit,
        Limits,
    };

    /// Most lines of a text per allowed table row.
    const LINES_PER_ROW: usize = 5;

    /// A table read from any supported file.
    #[derive(Clone, Debug)]
    pub struct Imported {
        pub table: Table,
        /// What the reader noticed.
        pub warnings: Vec<Diagnostic>,
        /// The text kept as the original: the file's own text, or for Word,
        /// Excel, Markdown, HTML and PDF a rendering of the self-check table
        /// (one line per paragraph) that the cells' line numbers point into.
        /// When the file holds no self-check table, `table` has no tasks and
        /// this is the rendering of the whole document (`crate::render`:
        /// paragraphs one a line, table rows one a line with tabs between
        /// cells) that `kaohe_core::check::check_imported` hands to the
        /// family readers.
        pub source: String,
        /// What the file was: `UTF-8`, `GB18030`, `DOCX`, `XLSX`, `Markdown` …
        pub format: &'static str,
    }

    fn zip_holds(bytes: &[u8], name: &[u8]) -> bool {
        bytes.windows(name.len()).any(|w| w == name)
    }

    fn structured(read: grid::Read, format: &'static str) -> Result<Imported, ImportError> {
        let p = match read {
            grid::Read::Table(p) => p,
            grid::Read::Text(source) => {
                if source.trim().is_empty() {
                    let named = match format {
                        "DOCX" => "Word（DOCX）",
                        "XLSX" => "Excel（XLSX）",
                        "XLS" => "Excel（XLS）",
                        "ODT" => odf::Kind::Text.name(),
                        "ODS" => odf::Kind::Spreadsheet.name(),
                        "DOC" => doc::FORMAT,
                        other => other,
                    };
                    return Err(ImportError::NoTable(
                        named,
                        "文件里既没有表格，也没有文字".into(),
                    ));
                }
                return Ok(Imported {
                    table: Table::default(),
                    warnings: Vec::new(),
                    source,
                    format,
                });
            }
        };
        let (table, warnings, source) = grid::build(p);
        if table.tasks.is_empty() {
            return Err(ImportError::NoTable(format, "表头下面没有任务行".into()));
        }
        Ok(Imported {
            table,
            warnings,
            source,
            format,
        })
    }

    /// Reads a self-check table from a text (UTF-8, GB18030, UTF-16; plain or
    /// a Markdown table), Word (.docx, .doc, WPS .wps), Excel (.xlsx, .xls),
    /// OpenDocument (.odt, .ods), HTML or PDF file, within the default [`Limits`]. A structured file without a
    /// self-check table is read as the rendering of the whole document
    /// (no tasks; see [`Imported::source`]); one with neither a table nor
    /// any text is [`ImportError::NoTable`].
    pub fn read_document(bytes: &[u8]) -> Result<Imported, ImportError> {
        read_document_with(bytes, Limits::default())
    }

    /// [`read_document`] within the given limits.
    pub fn read_document_with(bytes: &[u8], limits: Limits) -> Result<Imported, ImportError> {
        let mut budget = Budget::new(limits);
        budget.file(bytes.len())?;
        if bytes.starts_with(b"PK\x03\x04") {
            if zip_holds(bytes, b"word/document.xml") {
                return structured(docx::read(bytes, &mut budget)?, "DOCX");
            }
            if zip_holds(bytes, b"xl/workbook.xml") {
                return structured(sheet::read(bytes, "Excel（XLSX）", &mut budget)?, "XLSX");
            }
            match odf::sniff(bytes) {
                Some(kind @ odf::Kind::Text) => {
                    return structured(odf::read(bytes, kind, &mut budget)?, "ODT")
                }
                Some(kind @ odf::Kind::Spreadsheet) => {
                    return structured(odf::read(bytes, kind, &mut budget)?, "ODS")
                }
                None => {}
            }
            return Err(ImportError::Document(
                "ZIP 压缩包（不是 Word、Excel 或 OpenDocument 文件）",
            ));
        }
        if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
            if let Some(read) = doc::read(bytes, &mut budget)? {
                return structured(read, "DOC");
            }
            return match sheet::read(bytes, "Excel（XLS）", &mut budget) {
                Ok(p) => structured(p, "XLS"),
                Err(
                    e @ (ImportError::NoTable(..)
                    | ImportError::TooLarge(_)
                    | ImportError::Unreadable(ole::FORMAT, _)),
                ) => Err(e),
                // Not Word (that was tried first) and not a workbook calamine
                // can open: a PowerPoint, a WPS 演示, a damaged file.
                Err(_) => Err(ImportError::Document("旧版 Office（OLE 复合文档）")),
            };
        }
        if bytes.starts_with(b"%PDF") {
            let (read, noticed) = pdf::read_with_warnings(bytes, &mut budget)?;
            let mut imported = structured(read, "PDF")?;
            imported.warnings.splice(0..0, noticed);
            return Ok(imported);
        }
        match odf::sniff_flat(bytes) {
            Some(kind @ odf::Kind::Text) => {
                return structured(odf::read_flat(bytes, kind, &mut budget)?, "ODT")
            }
            Some(kind @ odf::Kind::Spreadsheet) => {
                return structured(odf::read_flat(bytes, kind, &mut budget)?, "ODS")
            }
            None => {}
        }
        if html::sniff(bytes) {
            return structured(html::read(bytes, &mut budget)?, "HTML");
        }
        let (text, encoding) = decode(bytes)?;
        // The layout reader keeps every line with its place, some twenty
        // times the text's size; a table within the row limit takes a few
        // lines a row, so a text of far more lines than that is refused
        // before it is laid out.
        let lines = text.bytes().filter(|b| *b == b'\n').count();
        if lines > budget.limits().max_rows.saturating_mul(LINES_PER_ROW) {
            return Err(ImportError::TooLarge(Limit::Rows(budget.limits().max_rows)));
        }
        if let Some(p) = markdown::read(&text, &mut budget)? {
            return structured(p, "Markdown");
        }
        let (table, warnings) = kaohe_core::layout::read(&text);
        // The layout is linear and light; checking each task is what costs,
        // so a text of more tasks than a table may have is refused here.
        budget.rows(table.tasks.len())?;
        budget.time()?;
        Ok(Imported {
            table,
            warnings,
            source: text,
            format: encoding.name(),
        })
    }
}

/// Why bytes could not be read as a self-check table's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file holds nothing but white space.
    Empty,
    /// The file is an image of the given format.
    Image(&'static str),
    /// The file is a document format with its own reader (DOCX, XLSX, PDF …).
    Document(&'static str),
    /// The file is binary data.
    Binary,
    /// A Word or Excel file that could not be opened (format, what failed).
    Unreadable(&'static str, String),
    /// A structured file (Word, Excel, PDF, HTML) with neither a table nor
    /// any text, or with a self-check header and no rows under it (format,
    /// what was missing). A file with tables or text but no self-check
    /// header is read as its rendering instead.
    NoTable(&'static str, String),
    /// The file goes past one of the reader's [`Limits`].
    TooLarge(Limit),
    /// The bytes decode in no supported encoding; the byte offset of the first bad byte.
    Encoding {
        /// 1-based line of the first undecodable byte.
        line: usize,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(f, "文件是空的"),
            ImportError::Image(kind) => {
                write!(
                    f,
                    "这是一张{kind}图片，不是文字；请提供文本、Word、Excel 或 PDF 格式的自查表"
                )
            }
            ImportError::Document(kind) => {
                write!(
                    f,
                    "这是{kind}文件，无法读取；请提供文本、Word（.docx）或 Excel（.xlsx/.xls）格式的自查表，旧版 .doc、.wps 请在 Word 或 WPS 中另存为 .docx"
                )
            }
            ImportError::Unreadable(kind, detail) if *kind == doc::FORMAT => write!(
                f,
                "{kind}文件无法读取（{detail}）；请在 Word 或 WPS 中把它另存为 .docx 后再导入"
            ),
            ImportError::Unreadable(kind, detail) => {
                write!(f, "{kind}文件无法打开（{detail}），可能已损坏")
            }
            ImportError::NoTable(kind, detail) => {
                write!(f, "{kind}文件里没有找到自查表：{detail}")
            }
            ImportError::Binary => write!(f, "这是二进制文件，不是文字"),
            ImportError::TooLarge(limit) => write!(
                f,
                "文件超出了读取限制：{limit}；请确认文件没有损坏，或把表格拆小后再导入"
            ),
            ImportError::Encoding { line } => write!(
                f,
                "第{line}行起无法识别文字编码（支持 UTF-8、GBK/GB18030、UTF-16）"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// The encoding a text was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 little-endian.
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
}

impl Encoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
        }
    }
}

/// What a file's first bytes say it is.
pub fn sniff(bytes: &[u8]) -> Option<ImportError> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Some(ImportError::Image("PNG"));
    }
    if starts(b"\xff\xd8\xff") {
        return Some(ImportError::Image("JPEG"));
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some(ImportError::Image("GIF"));
    }
    if starts(b"BM") && bytes.len() > 14 && bytes[6..10] == [0, 0, 0, 0] {
        return Some(ImportError::Image("BMP"));
    }
    if (starts(b"II*\0") || starts(b"MM\0*")) && bytes.len() > 8 {
        return Some(ImportError::Image("TIFF"));
    }
    if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some(ImportError::Image("WebP"));
    }
    if starts(b"%PDF") {
        return Some(ImportError::Document("PDF"));
    }
    if starts(b"PK\x03\x04") {
        return Some(ImportError::Document("Office（DOCX/XLSX）"));
    }
    if starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Some(ImportError::Document("旧版 Office（DOC/XLS）"));
    }
    None
}

/// Decodes a file's bytes into text.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), ImportError> {
    if let Some(e) = sniff(bytes) {
        return Err(e);
    }
    let (text, enc) = if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        (utf8(rest)?, Encoding::Utf8)
    } else if bytes.starts_with(b"\xff\xfe") {
        (utf16(&bytes[2..], true)?, Encoding::Utf16Le)
    } else if bytes.starts_with(b"\xfe\xff") {
        (utf16(&bytes[2..], false)?, Encoding::Utf16Be)
    } else if let Some(le) = utf16_without_bom(bytes) {
        (
            utf16(bytes, le)?,
            if le {
                Encoding::Utf16Le
            } else {
                Encoding::Utf16Be
            },
        )
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), Encoding::Utf8)
    } else {
        (gb18030(bytes)?, Encoding::Gb18030)
    };
    if looks_binary(&text) {
        return Err(ImportError::Binary);
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok((text, enc))
}

fn utf8(bytes: &[u8]) -> Result<String, ImportError> {
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|e| ImportError::Encoding {
            line: line_of(bytes, e.valid_up_to()),
        })
}

fn utf16(bytes: &[u8], le: bool) -> Result<String, ImportError> {
    let enc = if le {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_16BE
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        let line = text
            .split('\u{FFFD}')
            .next()
            .map_or(1, |s| s.matches('\n').count() + 1);
        return Err(ImportError::Encoding { line });
    }
    Ok(text.into_owned())
}

/// UTF-16 without a mark: most text in it has a zero in every other byte
/// (ASCII) or, for Chinese, never a zero byte pair misaligned.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let zero_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    // Newlines and ASCII digits in UTF-16 put zeros on one side only.
    if zero_odd * 5 >= pairs && zero_even == 0 {
        Some(true)
    } else if zero_even * 5 >= pairs && zero_odd == 0 {
        Some(false)
    } else {
        None
    }
}

fn gb18030(bytes: &[u8]) -> Result<String, ImportError> {
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        let good = text.split('\u{FFFD}').next().unwrap_or("");
        return Err(ImportError::Encoding {
            line: good.matches('\n').count() + 1,
        });
    }
    Ok(text.into_owned())
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Control characters other than tab, newline, carriage return and form
/// feed mark binary data.
fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(8192).collect();
    if sample.is_empty() {
        return false;
    }
    let control = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    control * 100 > sample.len() || sample.contains(&'\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "北京市通信管理局2022年度自查表\n新增5G基站6000个。\n";

    #[test]
    fn decodes_every_supported_encoding() {
        let (gbk, _, _) = encoding_rs::GBK.encode(SAMPLE);
        let mut utf16le = vec![0xff, 0xfe];
        let mut utf16be = vec![0xfe, 0xff];
        let mut utf16le_nobom = Vec::new();
        for u in SAMPLE.encode_utf16() {
            utf16le.extend_from_slice(&u.to_le_bytes());
            utf16be.extend_from_slice(&u.to_be_bytes());
            utf16le_nobom.extend_from_slice(&u.to_le_bytes());
        }
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(SAMPLE.as_bytes());
        let cases: Vec<(Vec<u8>, Encoding)> = vec![
            (SAMPLE.as_bytes().to_vec(), Encoding::Utf8),
            (bom, Encoding::Utf8),
            (gbk.into_owned(), Encoding::Gb18030),
            (utf16le, Encoding::Utf16Le),
            (utf16be, Encoding::Utf16Be),
            (utf16le_nobom, Encoding::Utf16Le),
        ];
        for (bytes, want) in cases {
            let (text, enc) = decode(&bytes).unwrap();
            assert_eq!(text, SAMPLE);
            assert_eq!(enc, want);
        }
    }

    #[test]
    fn a_text_is_refused_for_its_lines_or_its_tasks() {
        let header = "考评维度 自查内容（年度任务） 落实情况 存在问题及原因\n";
        let rows = |n: usize| {
            let mut s = header.to_string();
            for i in 0..n {
                s.push_str(&format!(
                    "履职  {}.新增基站12个。  已新增基站12个。  无\n",
                    i + 1
                ));
            }
            s
        };
        let few_rows = Limits {
            max_rows: 10,
            ..Limits::default()
        };
        // (text, limits, the limit passed or None when read)
        let cases: Vec<(String, Limits, Option<Limit>)> = vec![
            (rows(5), few_rows.clone(), None),
            (rows(11), few_rows.clone(), Some(Limit::Rows(10))),
            (
                format!("{header}{}", "。\n".repeat(60)),
                few_rows.clone(),
                Some(Limit::Rows(10)),
            ),
            (format!("{header}{}", "。\n".repeat(40)), few_rows, None),
        ];
        for (text, limits, want) in cases {
            let got = read_document_with(text.as_bytes(), limits);
            match want {
                None => assert!(got.is_ok()),
                Some(limit) => assert_eq!(got.unwrap_err(), ImportError::TooLarge(limit)),
            }
        }
    }

    #[test]
    fn refuses_what_is_not_text() {
        let cases: Vec<(&[u8], ImportError)> = vec![
            (b"", ImportError::Empty),
            (b"  \n\t\n", ImportError::Empty),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ImportError::Image("PNG")),
            (b"\xff\xd8\xff\xe0\0\x10JFIF", ImportError::Image("JPEG")),
            (b"%PDF-1.7\n", ImportError::Document("PDF")),
            (
                b"PK\x03\x04\x14\0",
                ImportError::Document("Office（DOCX/XLSX）"),
            ),
            (
                b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                ImportError::Binary,
            ),
            (
                b"\x81\x30\x81\x30\xff\xff\xff",
                ImportError::Encoding { line: 1 },
            ),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode(bytes).unwrap_err(), want, "{bytes:?}");
        }
    }
}
