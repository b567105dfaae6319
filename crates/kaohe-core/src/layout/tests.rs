//! Layout reader unit tests on small hand-made fragments.

use super::*;

const HEAD: &str = "某市某局2023年度日常履职考核事项完成情况自查表\n\n考评维度 自查内容（年度任务） 落实情况 存在问题及原因\n\n";

fn rows(text: &str) -> Vec<(String, String, String, String)> {
    let (t, _) = read(text);
    t.tasks
        .into_iter()
        .map(|r| (r.dimension, r.content.text, r.status.text, r.problems.text))
        .collect()
}

#[test]
fn title_organization_year_columns() {
    let (t, _) = read(&format!(
        "{HEAD}党的建设\n\n落实主体责任。\n\n已完成。\n\n无\n"
    ));
    assert_eq!(
        t.title.as_deref(),
        Some("某市某局2023年度日常履职考核事项完成情况自查表")
    );
    assert_eq!(t.organization.as_deref(), Some("某市某局"));
    assert_eq!(t.year, Some(2023));
    assert_eq!(
        t.columns,
        [
            "考评维度",
            "自查内容（年度任务）",
            "落实情况",
            "存在问题及原因"
        ]
    );
    assert_eq!(t.dimensions, ["党的建设"]);
    assert_eq!(t.tasks.len(), 1);
}

#[test]
fn shared_lines_and_inline_problems() {
    let text = format!(
        "{HEAD}全面高效履职\n\n制定公共平台企业合规手册和工作方案。 已完成。合规手册已印发。\n\n无\n\n实现广电网络互联互通。\n\n已完成。6月27日正式放号。 无\n"
    );
    let r = rows(&text);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0].1, "制定公共平台企业合规手册和工作方案。");
    assert_eq!(r[0].2, "已完成。合规手册已印发。");
    assert_eq!(r[1].2, "已完成。6月27日正式放号。");
    assert_eq!(r[1].3, "无");
}

#[test]
fn stray_period_and_blank_inside_wrap() {
    // Widths: task column 20, status column 34.
    let text = format!(
        "{HEAD}依法行政\n\n推进法治政府建设，组织开展执法人员培训并完\n\n成年度考核任务\n\n。\n\n已完成。全年组织执法人员培训6次，覆盖执法人员320人次，年度\n考核全部完成，执法规范化水平进一步提升，群众满意度明显提高。\n\n无\n\n做好行政复议和应诉工作，依法办理复议案件，\n提升复议质量。\n\n全年办理行政复议案件45件，办结率100%，纠错率较上年有所下降，\n复议质量稳步提升，未发生败诉案件。\n\n无\n"
    );
    let r = rows(&text);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(
        r[0].1,
        "推进法治政府建设，组织开展执法人员培训并完成年度考核任务。"
    );
    assert!(r[1].2.starts_with("全年办理行政复议案件45件"), "{:?}", r[1]);
}

#[test]
fn several_dimensions_and_problems_that_are_not_nothing() {
    let text = format!(
        "{HEAD}党的建设\n\n落实全面从严治党主体责任。\n\n已完成。全年召开党组会议24次，专题研究党风廉政建设工作4次，开展廉政谈话\n86人次。\n\n无\n\n业务工作\n\n新建污水管网20公里。\n\n正在推进。已建成污水管网12公里，剩余8公里正在施工。\n\n受征地拆迁影响，\n部分路段未能按期\n开工。\n"
    );
    let r = rows(&text);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0].0, "党的建设");
    assert_eq!(r[1].0, "业务工作");
    assert_eq!(r[1].3, "受征地拆迁影响，部分路段未能按期开工。");
}

#[test]
fn items_and_numbers() {
    assert_eq!(item_number("1.稳步推进"), Some(1));
    assert_eq!(item_number("10.组织"), Some(10));
    assert_eq!(item_number("（3）加强"), Some(3));
    assert_eq!(item_number("1.5万间"), None);
    assert_eq!(item_number("2022年"), None);
    assert!(is_nothing("无"));
    assert!(is_nothing(" 无。"));
    assert!(!is_nothing("无重大问题发生，但宣传不够"));
    assert!(is_opener("已完成。"));
    assert!(!is_opener("完成党的二十大通信保障任务"));
}

#[test]
fn garbage_is_not_a_table() {
    for text in [
        "",
        "\n\n\n",
        "hello world",
        "\u{0}\u{1}\u{2}",
        "。",
        "无\n无\n无",
    ] {
        let (t, d) = read(text);
        assert!(t.tasks.len() <= 3, "{text:?}");
        let _ = d;
    }
    let (t, d) = read("这是一段普通文字，不是表格。");
    assert!(t.title.is_none());
    assert!(!d.is_empty());
}

#[test]
fn a_title_on_two_lines() {
    let text = "某市某局2023年度日常履职考核\n事项完成情况自查表\n\n考评维度 自查内容（年度任务） 落实情况 存在问题及原因\n\n党的建设\n\n落实主体责任。\n\n已完成。\n\n无\n\n\n\n某市某局2023年度日常履职考核\n事项完成情况自查表\n\n考评维度 自查内容（年度任务） 落实情况 存在问题及原因\n\n党的建设\n\n开展廉政教育。\n\n已完成。\n\n无\n";
    let (t, _) = read(text);
    assert_eq!(
        t.title.as_deref(),
        Some("某市某局2023年度日常履职考核事项完成情况自查表")
    );
    assert_eq!(t.organization.as_deref(), Some("某市某局"));
    assert_eq!(t.tasks.len(), 2);
    assert_eq!(t.tasks[1].content.text, "开展廉政教育。");
}

#[test]
fn organization_before_or_after_the_year() {
    let cases = [
        (
            "北京市通信管理局2022年度日常履职考核事项完成情况自查表",
            Some("北京市通信管理局"),
            Some(2022),
        ),
        (
            "2023年度宁川市生态环境局目标责任考核自查表",
            Some("宁川市生态环境局"),
            Some(2023),
        ),
        ("某县教育局日常履职考核自查表", Some("某县教育局"), None),
        ("自查表", None, None),
    ];
    for (title, org, year) in cases {
        let (o, y) = organization_and_year(title);
        assert_eq!((o.as_deref(), y), (org, year), "{title}");
    }
}

#[test]
fn text_that_was_never_wrapped() {
    // A Word table saved as text: one line a cell, so no width to measure.
    let text = "某区卫生健康委员会2024年度日常履职考核事项完成情况自查表\n\n考评维度 自查内容（年度任务） 落实情况 存在问题及原因\n\n全面高效履职\n\n推进基层卫生服务能力提升，3家社区卫生服务中心达到国家“优质服务基层行”推荐标准。\n\n全区新建社区医院1家，累计建成社区医院4家；湖东街道、云澜街道社区卫生服务中心达到“优质服务基层行”推荐标准，石桥街道社区卫生服务中心已完成自评，正在推进省级评审。\n\n无\n\n落实“一岗双责”，全年开展廉政谈话不少于20人次。\n\n已完成。全年开展廉政谈话26人次，覆盖全部科室负责人。\n\n无\n";
    let r = rows(text);
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(r[0].1.starts_with("推进基层卫生服务能力提升"));
    assert!(r[0].2.starts_with("全区新建社区医院1家"));
    assert_eq!(r[1].3, "无");
}

#[test]
fn form_lines_are_not_the_title() {
    // 填报单位 / 填报日期 between the title and the table.
    let (t, _) = read(&format!(
        "某市某局2023年度日常履职考核事项完成情况自查表\n填报单位（盖章）：某市某局办公室    填报日期：2024年1月5日\n\n{}",
        HEAD.split_once('\n').unwrap().1.to_owned() + "党的建设\n\n落实主体责任。\n\n已完成。\n\n无\n"
    ));
    assert_eq!(t.organization.as_deref(), Some("某市某局"));
    assert_eq!(t.year, Some(2023));
    assert_eq!(t.tasks.len(), 1);
    assert_eq!(t.tasks[0].content.text, "落实主体责任。");
    // A title without its agency: 填报单位's value.
    let (t, _) = read(
        "2023年度日常履职考核事项完成情况自查表\n填报单位（盖章）：某县某局\n\n考评维度 自查内容（年度任务） 落实情况 存在问题及原因\n\n党的建设\n\n落实主体责任。\n\n已完成。\n\n无\n",
    );
    assert_eq!(t.organization.as_deref(), Some("某县某局"));
    assert_eq!(t.year, Some(2023));
    // The agency on a line of its own above the rest of the title.
    let (t, _) = read(
        "某县某局\n2023年度日常履职考核事项完成情况自查表\n\n考评维度 自查内容（年度任务） 落实情况 存在问题及原因\n\n党的建设\n\n落实主体责任。\n\n已完成。\n\n无\n",
    );
    assert_eq!(t.organization.as_deref(), Some("某县某局"));
    assert_eq!(t.year, Some(2023));
}

#[test]
fn tab_separated_rows() {
    let text = "某市某局2023年度日常履职考核事项完成情况自查表\n考评维度\t自查内容（年度任务）\t落实情况\t存在问题及原因\n党的建设\t\"1.每季度召开会议1次。\n2.全年培训300人次。\"\t\"已完成。1.召开会议4次。\n2.培训320人次。\"\t无\n\t作风建设全年督查12次。\t已完成，督查12次。\t无\n";
    let (t, _) = read(text);
    assert_eq!(t.organization.as_deref(), Some("某市某局"));
    let r = rows(text);
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].0, "党的建设");
    assert_eq!(r[0].1, "1.每季度召开会议1次。2.全年培训300人次。");
    assert_eq!(r[0].2, "已完成。1.召开会议4次。2.培训320人次。");
    // The dimension under a merge inherits; no first character is cut.
    assert_eq!(r[1].0, "党的建设");
    assert_eq!(r[1].1, "作风建设全年督查12次。");
    assert_eq!(t.tasks[0].content.line_range(), Some((3, 4)));
    assert_eq!(t.tasks[1].content.line_range(), Some((6, 6)));
}

#[test]
fn pdftotext_default_is_refused() {
    let text = "某市某局2023年度自查表\n考评维度\n党的建设\n自查内容（年度任\n务）\n落实主体责任。\n落实情况\n存在问题及原因\n已完成。\n无\n";
    let (t, d) = read(text);
    assert!(t.tasks.is_empty());
    assert!(d.iter().any(|d| d.message == PDFTOTEXT_DEFAULT));
}

#[test]
fn layout_that_does_not_split_is_refused() {
    // Columns side by side, but every status is lost in the task column.
    let text = "某市某局2023年度自查表\n考评维度    自查内容（年度任务）    落实情况    存在问题及原因\n党的建设    落实主体责任，全年召开会议4次。\n作风建设    全年督查12次，已完成督查12次。\n";
    let (t, d) = read(text);
    assert!(t.tasks.is_empty());
    assert!(d.iter().any(|d| d.message == LAYOUT_UNSOUND));
}

#[test]
fn explain_shows_the_rows_of_a_foreign_form() {
    let text = "某市某局2023年度日常履职考核事项完成情况自查表\n考评维度\t自查内容（年度任务）\t落实情况\t存在问题及原因\n党的建设\t全年督查12次。\t已完成，督查12次。\t无\n";
    let out = explain(text);
    assert!(out.contains("制表符分隔"), "{out}");
    assert!(out.contains("自查内容（第3–3行）：全年督查12次。"), "{out}");
}

#[test]
fn spaced_header_over_a_stream_is_the_layout_readers() {
    // The header's names two spaces apart, the cells one a line below.
    let text = "某市某局2023年度日常履职考核事项完成情况自查表\n\n考评维度  自查内容（年度任务）  落实情况  存在问题及原因\n\n党的建设\n\n落实主体责任。\n\n已完成。\n\n无\n";
    let r = rows(text);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "落实主体责任。");
}
