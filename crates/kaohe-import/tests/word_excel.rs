//! Word and Excel self-check tables as other software writes them
//! (python-docx, openpyxl; `tests/data/make_word_excel.py` makes the files):
//! the exact tasks read.

use kaohe_import::{read_document, Imported};

fn read(name: &str) -> Imported {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    read_document(&std::fs::read(&path).unwrap()).unwrap()
}

/// Each task as `dimension | content | status | problems`.
fn tasks(read: &Imported) -> Vec<String> {
    read.table
        .tasks
        .iter()
        .map(|t| {
            format!(
                "{} | {} | {} | {}",
                t.dimension, t.content.text, t.status.text, t.problems.text
            )
        })
        .collect()
}

fn warnings(read: &Imported) -> Vec<String> {
    read.warnings.iter().map(|w| w.message.clone()).collect()
}

/// Title, organization and year.
fn heading(read: &Imported) -> (Option<&str>, Option<&str>, Option<i32>) {
    (
        read.table.title.as_deref(),
        read.table.organization.as_deref(),
        read.table.year,
    )
}

#[test]
fn a_word_table_split_in_three_is_read_whole() {
    let r = read("word-split.docx");
    // The title over two paragraphs, 附件2 and the 填报单位 line left out.
    assert_eq!(
        heading(&r),
        (
            Some("某某市应急管理局2023年度日常履职自查表"),
            Some("某某市应急管理局"),
            Some(2023)
        )
    );
    assert_eq!(
        tasks(&r),
        [
            "安全生产 | 1.开展安全生产检查120次。 | 全年开展检查126次。 | 无",
            "安全生产 | 2.培训企业负责人300人次。 | 培训企业负责人312人次。 | 无",
            "应急救援 | 3.组织应急演练4次。 | 组织应急演练4次。 | 无",
            "应急救援 | 4.新建应急避难场所2个。 | 已建成1个，另1个完成主体工程。 | 受用地审批影响，进度滞后。",
            "防灾减灾 | 5.更新灾害信息员500名。 | 更新灾害信息员520名。 | 无",
            "防灾减灾 | 6.建成综合减灾示范社区3个。 | 建成综合减灾示范社区3个。 | 无",
            "党的建设 | 7.开展党风廉政教育6次。 | 开展党风廉政教育6次。 | 无",
        ]
    );
    assert_eq!(
        warnings(&r),
        [
            "第 1 个表格没有自查表的表头（联系人 电话），没有读取",
            "第 4 个表格没有表头，按上一个表格的列读取",
        ]
    );
}

#[test]
fn a_word_header_of_two_rows_names_every_column() {
    let r = read("word-two-row-header.docx");
    assert_eq!(
        heading(&r),
        (
            Some("某某县市场监督管理局2023年度工作任务自查表"),
            Some("某某县市场监督管理局"),
            Some(2023)
        )
    );
    assert_eq!(
        r.table.columns,
        [
            "考评维度",
            "自查内容（年度任务）",
            "落实情况",
            "存在问题及原因",
            "备注"
        ]
    );
    assert_eq!(
        tasks(&r),
        [
            "食品安全 | 1.完成食品抽检1500批次。 | 完成食品抽检1560批次。 | 无",
            "食品安全 | 2.食品抽检合格率不低于97%。 | 抽检合格率98.2%。 | 无",
            "食品安全 | 3.创建放心消费示范店20家。 | 创建示范店16家。 | 部分商户整改未到位。",
            "知识产权 | 4.新增有效发明专利300件。 | 新增有效发明专利341件。 | 无",
            "知识产权 | 5.开展知识产权执法检查10次。 | 开展执法检查12次。 | 无",
        ]
    );
    assert_eq!(
        warnings(&r),
        ["第 1 个表格的列「备注」不是自查表的列，没有读取"]
    );
}

#[test]
fn word_list_numbers_are_read_as_the_text_word_shows() {
    let r = read("word-numbering.docx");
    assert_eq!(
        heading(&r),
        (
            Some("某某区教育局2023年度日常履职自查表"),
            Some("某某区教育局"),
            Some(2023)
        )
    );
    assert_eq!(
        tasks(&r),
        [
            "教育发展 | 1.新建幼儿园3所。2.新增学位1200个。3.培训教师800人次。 | 1.新建幼儿园3所。2.新增学位1350个。3.培训教师820人次。 | 无",
            "教育发展 | （一）改造薄弱学校5所。（二）配备校医20名。 | （一）改造薄弱学校5所。（二）配备校医18名。 | 无",
            "队伍建设 | 一、招聘教师150名。二、开展师德培训2次。 | 一、招聘教师150名。二、开展师德培训2次。 | 无",
            // Numbered by the paragraph style List Number (styles.xml).
            "队伍建设 | 1.完成职称评审。2.推进校长轮岗交流30人。 | 完成职称评审。校长轮岗交流32人。 | 无",
        ]
    );
    // Each number starts its own line of the cell, so the items split.
    let first = &r.table.tasks[0].content;
    assert_eq!(first.pieces.len(), 3);
    assert!(warnings(&r).is_empty(), "{:?}", warnings(&r));
}

#[test]
fn an_excel_header_of_two_merged_rows_names_every_column() {
    let r = read("excel-two-row-header.xlsx");
    // The title names no agency: the 填报单位 row does.
    assert_eq!(
        heading(&r),
        (
            Some("2023年度日常履职自查表"),
            Some("某某市生态环境局"),
            Some(2023)
        )
    );
    assert_eq!(
        tasks(&r),
        [
            "污染防治 | 1.PM2.5平均浓度控制在35微克/立方米以下。 | PM2.5平均浓度32微克/立方米。 | 无",
            "污染防治 | 2.完成30个村生活污水治理。 | 完成26个村生活污水治理。 | 资金到位晚，4个村结转。",
            "生态保护 | 3.新增造林面积5000亩。 | 新增造林面积5200亩。 | 无",
            "生态保护 | 4.开展执法检查200次。 | 开展执法检查236次。 | 无",
        ]
    );
    assert_eq!(
        warnings(&r),
        ["工作表「填表说明」没有自查表的表头，没有读取"]
    );
}

/// A cell's text cut at its item numbers 1. 2. 3. …, in sequence; `None`
/// when it does not start at 1.
fn numbered_items(text: &str) -> Option<Vec<&str>> {
    let mut starts = Vec::new();
    let mut from = 0;
    for n in 1.. {
        let marker = format!("{n}.");
        let found = text[from..].match_indices(&marker).find(|(at, _)| {
            let at = from + at;
            !text[..at].ends_with(|c: char| c.is_ascii_digit())
        });
        match found {
            Some((at, _)) if n > 1 || from + at == 0 => {
                starts.push(from + at);
                from += at + marker.len();
            }
            _ => break,
        }
    }
    if starts.is_empty() {
        return None;
    }
    starts.push(text.len());
    Some(
        starts
            .windows(2)
            .enumerate()
            .map(|(k, w)| &text[w[0] + format!("{}.", k + 1).len()..w[1]])
            .collect(),
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The reference table as Word writes it when a clerk types it: the title
/// over two paragraphs and a 填报单位 line; the header of two rows
/// (完成情况 over 落实情况 | 存在问题及原因); the table split in two, the
/// header repeated; each task's items numbered by Word, one list per cell.
fn reference_as_word(read: &Imported) -> Vec<u8> {
    use std::io::Write;
    let p = |t: &str| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", escape(t));
    let mut lists = 0usize;
    let mut cell = |pr: &str, text: &str, numbered: bool| {
        let body = match numbered_items(text).filter(|_| numbered) {
            Some(items) => {
                lists += 1;
                items
                    .iter()
                    .map(|t| {
                        format!(
                            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{lists}"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
                            escape(t)
                        )
                    })
                    .collect()
            }
            None => p(text),
        };
        format!("<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>")
    };
    let header = format!(
        "<w:tr>{}{}{}</w:tr><w:tr>{}{}{}{}</w:tr>",
        cell(r#"<w:vMerge w:val="restart"/>"#, "考评维度", false),
        cell(
            r#"<w:vMerge w:val="restart"/>"#,
            "自查内容（年度任务）",
            false
        ),
        cell(r#"<w:gridSpan w:val="2"/>"#, "完成情况", false),
        cell("<w:vMerge/>", "", false),
        cell("<w:vMerge/>", "", false),
        cell("", "落实情况", false),
        cell("", "存在问题及原因", false),
    );
    let tasks = &read.table.tasks;
    let half = tasks.len() / 2;
    let mut body = String::new();
    let title = read.table.title.clone().unwrap();
    let org = read.table.organization.clone().unwrap();
    body.push_str(&p(&org));
    body.push_str(&p(title.strip_prefix(org.as_str()).unwrap()));
    body.push_str(&p(&format!(
        "填报单位（盖章）：{org}    填报日期：2023年1月10日"
    )));
    for part in [&tasks[..half], &tasks[half..]] {
        body.push_str("<w:tbl>");
        body.push_str(&header);
        let mut last = String::new();
        for t in part {
            let dim = if t.dimension == last {
                cell("<w:vMerge/>", "", false)
            } else {
                cell(r#"<w:vMerge w:val="restart"/>"#, &t.dimension, false)
            };
            last = t.dimension.clone();
            body.push_str(&format!(
                "<w:tr>{dim}{}{}{}</w:tr>",
                cell("", &t.content.text, true),
                cell("", &t.status.text, false),
                cell("", &t.problems.text, false)
            ));
        }
        body.push_str("</w:tbl>");
        body.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let nums: String = (1..=lists)
        .map(|n| format!(r#"<w:num w:numId="{n}"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#))
        .collect();
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>{nums}</w:numbering>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, xml) in [
        ("word/document.xml", document),
        ("word/numbering.xml", numbering),
    ] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn the_reference_table_as_a_clerk_types_it_in_word_reads_the_same() {
    let path = format!(
        "{}/../../examples/beijing-2022.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = read_document(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(text.table.tasks.len(), 16);
    let word = read_document(&reference_as_word(&text)).unwrap();
    assert_eq!(tasks(&word), tasks(&text));
    assert_eq!(heading(&word), heading(&text));
    assert!(warnings(&word).is_empty(), "{:?}", warnings(&word));
    // The numbers Word counts are the items' own.
    let numbered = text
        .table
        .tasks
        .iter()
        .filter(|t| numbered_items(&t.content.text).is_some_and(|i| i.len() > 1))
        .count();
    assert!(numbered >= 5, "{numbered} tasks with items");
}

/// The same files saved again by LibreOffice (docx → odt → docx, xlsx →
/// ods → xlsx: its own numbering, merges and styles) read the same.
#[test]
fn the_same_files_saved_by_libreoffice_read_the_same() {
    for name in [
        "word-split.docx",
        "word-two-row-header.docx",
        "word-numbering.docx",
        "excel-two-row-header.xlsx",
    ] {
        let ours = read(name);
        let theirs = read(&format!("libreoffice-{name}"));
        assert_eq!(tasks(&theirs), tasks(&ours), "{name}");
        assert_eq!(heading(&theirs), heading(&ours), "{name}");
        assert_eq!(warnings(&theirs), warnings(&ours), "{name}");
    }
}

#[test]
fn an_html_header_of_two_rows_names_every_column() {
    let page = "<html><body><h2>某某局2023年度自查表</h2><table>\
        <tr><td rowspan=2>考评维度</td><td rowspan=2>自查内容（年度任务）</td><td colspan=2>完成情况</td></tr>\
        <tr><td>落实情况</td><td>存在问题及原因</td></tr>\
        <tr><td>履职</td><td>1.新增基站10个。</td><td>新增基站12个。</td><td>无</td></tr>\
        </table></body></html>";
    let r = read_document(page.as_bytes()).unwrap();
    assert_eq!(tasks(&r), ["履职 | 1.新增基站10个。 | 新增基站12个。 | 无"]);
}
