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
    assert!(warnings(&r).is_empty(), "{:?}", warnings(&r));
}
