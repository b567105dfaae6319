//! The renderings of documents without a self-check table, and the HTML
//! reader, line by line.

use crate::hostile::{docx_of, xlsx_of};
use crate::{read_document, read_document_with, ImportError, Imported, Limit, Limits};

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A cell with properties `pr` and paragraphs `paras`.
fn tc(pr: &str, paras: &[&str]) -> String {
    let body: String = paras.iter().map(|t| p(t)).collect();
    format!("<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>")
}

fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

fn plain(cells: &[&str]) -> String {
    tr(&cells.iter().map(|c| tc("", &[c])).collect::<Vec<_>>())
}

fn rendered(read: Result<Imported, ImportError>, format: &str) -> String {
    let read = read.unwrap();
    assert!(read.table.tasks.is_empty(), "{format}: no self-check table");
    assert_eq!(read.format, format);
    read.source
}

#[test]
fn a_word_performance_table_renders_with_its_merges() {
    const RESTART: &str = r#"<w:vMerge w:val="restart"/>"#;
    const CONTINUE: &str = "<w:vMerge/>";
    let funds = format!(
        "<w:tbl>{}{}</w:tbl>",
        plain(&["预算数（万元）", "执行数", "执行率"]),
        plain(&["100", "98", "98%"])
    );
    // A row that leaves out its first two grid columns (WPS writes these).
    let skipping = format!(
        r#"<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>{}{}</w:tr>"#,
        tc("", &["投诉处理及时率"]),
        tc("", &["≥95%"])
    );
    let indicators = format!(
        "<w:tbl>{}{}{}{}{}</w:tbl>",
        plain(&[
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分"
        ]),
        tr(&[
            tc(RESTART, &["产出指标"]),
            tc("", &["数量指标"]),
            tc("", &["新建基站"]),
            tc("", &["≥10个"]),
            tc("", &["12个"]),
            tc("", &["20"]),
            tc("", &["20"]),
        ]),
        tr(&[
            tc(CONTINUE, &[""]),
            tc("", &["质量指标"]),
            tc("", &["验收合格率"]),
            tc("", &["100%"]),
            tc("", &["100%"]),
            tc("", &["20"]),
            tc("", &["18"]),
        ]),
        tr(&[
            tc("", &["满意度指标"]),
            tc(r#"<w:gridSpan w:val="2"/>"#, &["服务对象满意度"]),
            tc("", &["≥90%"]),
            "<w:tc><w:p><w:r><w:t>95%</w:t><w:br/><w:t>（抽样）</w:t></w:r></w:p></w:tc>".into(),
            tc("", &["10"]),
            tc("", &["10"]),
        ]),
        skipping,
    );
    let xml = document(&format!(
        "{}{}<w:p/>{funds}<w:p/>{indicators}{}",
        p("某某局2023年度项目支出绩效自评表"),
        p("填报单位：某某局"),
        p("注：得分保留两位小数")
    ));
    let want = [
        "某某局2023年度项目支出绩效自评表",
        "填报单位：某某局",
        "预算数（万元）\t执行数\t执行率",
        "100\t98\t98%",
        "",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "产出指标\t数量指标\t新建基站\t≥10个\t12个\t20\t20",
        "\t质量指标\t验收合格率\t100%\t100%\t20\t18",
        "满意度指标\t服务对象满意度\t\t≥90%\t95% （抽样）\t10\t10",
        "\t\t投诉处理及时率\t≥95%",
        "注：得分保留两位小数",
    ];
    let got = rendered(read_document(&docx_of(&xml)), "DOCX");
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
}

#[test]
fn a_word_file_of_prose_renders_and_an_empty_one_is_refused() {
    let prose = document(&format!(
        "{}<w:p/>{}",
        p("关于2021年重点工程项目完成情况的报告"),
        p("1-12月份，完成投资77.57亿元，投资完成率122.6%。")
    ));
    assert_eq!(
        rendered(read_document(&docx_of(&prose)), "DOCX"),
        "关于2021年重点工程项目完成情况的报告\n1-12月份，完成投资77.57亿元，投资完成率122.6%。\n"
    );
    let empty = document("<w:p/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>");
    let err = read_document(&docx_of(&empty)).unwrap_err();
    assert_eq!(
        err,
        ImportError::NoTable("Word（DOCX）", "文件里既没有表格，也没有文字".into())
    );
    assert!(err.to_string().starts_with("Word（DOCX）文件"), "{err}");
}

#[test]
fn an_excel_progress_table_renders_row_by_row() {
    let s =
        |at: &str, text: &str| format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#);
    let n = |at: &str, v: &str| format!(r#"<c r="{at}"><v>{v}</v></c>"#);
    let rows = [
        format!(
            r#"<row r="1">{}</row>"#,
            s("A1", "岳阳楼区2019年1-8月重点民生实事项目完成情况")
        ),
        format!(
            r#"<row r="2">{}{}{}{}{}{}</row>"#,
            s("A2", "序号"),
            s("B2", "项目名称"),
            s("C2", "年度目标"),
            s("D2", "1-8月完成"),
            s("E2", "完成率"),
            s("F2", "备注")
        ),
        format!(
            r#"<row r="3">{}{}{}{}{}</row>"#,
            n("A3", "1"),
            s("B3", "新增城镇就业"),
            s("C3", "8950人"),
            s("D3", "7123人"),
            s("E3", "80%")
        ),
        format!(
            r#"<row r="4">{}{}{}{}{}{}</row>"#,
            n("A4", "2"),
            s("B4", "改(新)建\n农村用户厕所"),
            s("C4", "3980个"),
            s("D4", "1290个"),
            n("E4", "0.32"),
            s("F4", "进度缓慢")
        ),
        format!(
            r#"<row r="6">{}</row>"#,
            s("A6", "注：完成率为实际完成数除以年度目标")
        ),
        // A date (style 1 is a date format), serial 45077.
        format!(
            r#"<row r="7">{}<c r="B7" s="1"><v>45077</v></c></row>"#,
            s("A7", "截至")
        ),
    ];
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData><mergeCells count="1"><mergeCell ref="A1:F1"/></mergeCells></worksheet>"#,
        rows.concat()
    );
    let want = [
        "岳阳楼区2019年1-8月重点民生实事项目完成情况",
        "序号\t项目名称\t年度目标\t1-8月完成\t完成率\t备注",
        "1\t新增城镇就业\t8950人\t7123人\t80%",
        "2\t改(新)建 农村用户厕所\t3980个\t1290个\t0.32\t进度缓慢",
        "",
        "注：完成率为实际完成数除以年度目标",
        "截至\t2023年5月31日",
    ];
    let got = rendered(read_document(&xlsx_of(&sheet)), "XLSX");
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
}

#[test]
fn a_markdown_table_without_the_columns_renders() {
    let text = "# 岳阳楼区重点民生实事完成情况\n\n| 序号 | 项目 | 目标 | 完成 |\n|---|---|---|---|\n| 1 | 新增城镇就业 | 8950人 | 7123人<br>（截至8月） |\n\n注：\\| 以上\n";
    assert_eq!(
        rendered(read_document(text.as_bytes()), "Markdown"),
        "岳阳楼区重点民生实事完成情况\n序号\t项目\t目标\t完成\n1\t新增城镇就业\t8950人\t7123人 （截至8月）\n注：| 以上\n"
    );
}

const NAVIGATION: &str = r#"<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div><!-- 导航结束 -->"#;

#[test]
fn a_web_page_renders_its_text_and_its_spanned_table() {
    let page = format!(
        r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>2023年民生实事进展情况_某某区人民政府</title>
<style>td {{ color: red }}</style>
<script>var x = "<table><tr><td>假</td></tr></table>";</script></head>
<body>{NAVIGATION}
<h1>2023年民生实事一季度进展情况</h1>
<p>发布时间：2023-04-10&nbsp;&nbsp;来源：区政府办</p>
<table border=1>
<tr><th rowspan="2">序号</th><th rowspan="2">工作任务</th><th colspan="2">一季度</th><th rowspan=2>备注</th></tr>
<tr><th>目标</th><th>完成</th></tr>
<tr><td>1</td><td>新改扩建公办中小学校<br>1所</td><td>完成主体</td><td>完成80%</td><td></td></tr>
<tr><td rowspan="2">2</td><td>新增学位810个</td><td>开工</td><td>已开工</td><td>顺利推进</td></tr>
<tr><td>结对帮扶学校2所</td><td colspan="2">已结对</td><td>顺利推进</td></tr>
</table>
<noscript>请启用脚本</noscript>
<div class="footer">主办：某某区人民政府<br>联系电话：0575-12345678</div>
</body></html>"#
    );
    let want = [
        "2023年民生实事进展情况_某某区人民政府",
        "首页",
        "政务公开",
        "2023年民生实事一季度进展情况",
        "发布时间：2023-04-10 来源：区政府办",
        "序号\t工作任务\t一季度\t\t备注",
        "\t\t目标\t完成",
        "1\t新改扩建公办中小学校 1所\t完成主体\t完成80%",
        "2\t新增学位810个\t开工\t已开工\t顺利推进",
        "\t结对帮扶学校2所\t已结对\t\t顺利推进",
        "主办：某某区人民政府",
        "联系电话：0575-12345678",
    ];
    let got = rendered(read_document(page.as_bytes()), "HTML");
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
}

#[test]
fn a_web_page_in_a_layout_table_renders_the_inner_table() {
    let page = "<html><body><table><tr><td>首页 | 政务公开</td></tr><tr><td><h2>2021年1-9月份重点建设项目简讯</h2><table><tr><td>隶属</td><td>项目个数</td></tr><tr><td>吉首市</td><td>57</td></tr></table><table><tr><td>小</td><td>表</td></tr></table></td></tr></table></body></html>";
    assert_eq!(
        rendered(read_document(page.as_bytes()), "HTML"),
        "首页 | 政务公开\n2021年1-9月份重点建设项目简讯\n隶属\t项目个数\n吉首市\t57\n小 表\n"
    );
}

#[test]
fn a_web_page_without_a_table_renders_its_text() {
    let page = "<html><head><title>我市提前超额完成棚改目标任务</title></head><body><div>首页 &gt; 新闻</div><h1>我市提前超额完成2019年棚改目标任务</h1><p>2019年省政府下达淮安市棚改新开工11300套。</p><p>截止目前，全市新开工12034套，\n完成年度目标的106%。</p></body></html>";
    let read = read_document(page.as_bytes());
    assert_eq!(
        rendered(read, "HTML"),
        "我市提前超额完成棚改目标任务\n首页 > 新闻\n我市提前超额完成2019年棚改目标任务\n2019年省政府下达淮安市棚改新开工11300套。\n截止目前，全市新开工12034套， 完成年度目标的106%。\n"
    );
    let nothing =
        "<!doctype html><html><head><script>x()</script></head><body><div> </div></body></html>";
    assert_eq!(
        read_document(nothing.as_bytes()).unwrap_err(),
        ImportError::NoTable("HTML", "文件里既没有表格，也没有文字".into())
    );
}

#[test]
fn a_web_page_declared_in_gbk_is_read_in_gbk() {
    let page = r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>新增基站12个</p></body></html>"#;
    let (bytes, _, _) = encoding_rs::GBK.encode(page);
    assert_eq!(rendered(read_document(&bytes), "HTML"), "新增基站12个\n");
}

#[test]
fn a_self_check_table_reads_the_same_from_word_and_from_a_web_page() {
    const TITLE: &str = "北京市通信管理局2022年度自查表";
    let header = [
        "考评维度",
        "自查内容（年度任务）",
        "落实情况",
        "存在问题及原因",
    ];
    let docx = document(&format!(
        "{}<w:tbl>{}{}{}</w:tbl>",
        p(TITLE),
        plain(&header),
        tr(&[
            tc(r#"<w:vMerge w:val="restart"/>"#, &["履职"]),
            tc("", &["1.新增基站10个。"]),
            tc("", &["已新增12个。"]),
            tc("", &["无"]),
        ]),
        tr(&[
            tc("<w:vMerge/>", &[""]),
            tc("", &["2.建成光纤网络5000公里。", "3.开通5G用户100万户。"]),
            tc("", &["已建成4000公里。"]),
            tc("", &["进度滞后"]),
        ]),
    ));
    let html = format!(
        "<!DOCTYPE html><html><head><title>{TITLE}_首页</title></head><body>{NAVIGATION}<h2>{TITLE}</h2><table><thead><tr>{}</tr></thead><tbody><tr><td rowspan=\"2\">履职</td><td>1.新增基站10个。</td><td>已新增12个。</td><td>无</td></tr><tr><td><p>2.建成光纤网络5000公里。</p><p>3.开通5G用户100万户。</p></td><td>已建成4000公里。</td><td>进度滞后</td></tr></tbody></table></body></html>",
        header.map(|h| format!("<th>{h}</th>")).concat()
    );
    let from_word = read_document(&docx_of(&docx)).unwrap();
    let from_page = read_document(html.as_bytes()).unwrap();
    assert_eq!(from_page.format, "HTML");
    let essence = |r: &Imported| {
        r.table
            .tasks
            .iter()
            .map(|t| {
                (
                    t.dimension.clone(),
                    t.content.text.clone(),
                    t.status.text.clone(),
                    t.problems.text.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(essence(&from_page).len(), 2);
    assert_eq!(essence(&from_page), essence(&from_word));
    assert_eq!(from_page.table.title.as_deref(), Some(TITLE));
    assert_eq!(from_page.table.dimensions, from_word.table.dimensions);
    assert_eq!(from_page.source, from_word.source);
}

#[test]
fn web_pages_are_sniffed_from_their_first_bytes() {
    let cases: Vec<(&[u8], bool)> = vec![
        (b"<!DOCTYPE html><html>", true),
        (b"\xef\xbb\xbf\r\n  <!-- saved --><HTML lang=zh>", true),
        (b"<?xml version=\"1.0\"?>\n<html xmlns=\"x\">", true),
        (b"<TABLE><tr><td>1</td></tr></TABLE>", true),
        (b"<meta charset=gbk><p>x</p>", true),
        ("考评维度 自查内容 落实情况\n<table>".as_bytes(), false),
        (b"# title\n<table>", false),
        (b"<!-- never closed <html>", false),
    ];
    for (bytes, want) in cases {
        assert_eq!(crate::html::sniff(bytes), want, "{bytes:?}");
    }
}

#[test]
fn hostile_web_pages_are_refused_or_read_within_bounds() {
    let all = crate::hostile::cases();
    let case = |name: &str| all.iter().find(|c| c.name == name).unwrap().bytes.clone();
    let started = std::time::Instant::now();
    type Case = (&'static str, Vec<u8>, Limits, Result<String, ImportError>);
    // (what, page, limits, the rendering or the refusal)
    let cases: Vec<Case> = vec![
        (
            "100,000 nested tables",
            case("html-nested-tables"),
            Limits::default(),
            Err(ImportError::TooLarge(Limit::Depth(64))),
        ),
        (
            "5,000 rows of huge spans",
            case("html-huge-spans"),
            Limits::default(),
            Err(ImportError::TooLarge(Limit::Cells(200_000))),
        ),
        (
            // hostile::cases() has a million (a few seconds in a debug build).
            "100,000 open divs",
            format!("<html><title>自查表</title>{}", "<div>".repeat(100_000)).into_bytes(),
            Limits::default(),
            Ok("自查表\n".into()),
        ),
        (
            "open spans past a node limit",
            format!("<html>{}", "<span>".repeat(200_000)).into_bytes(),
            Limits {
                max_nodes: 100_000,
                ..Limits::default()
            },
            Err(ImportError::TooLarge(Limit::Nodes(100_000))),
        ),
        (
            "more rows than allowed",
            format!("<table>{}</table>", "<tr><td>x</td></tr>".repeat(50)).into_bytes(),
            Limits {
                max_rows: 20,
                ..Limits::default()
            },
            Err(ImportError::TooLarge(Limit::Rows(20))),
        ),
        (
            "one cell spanning 100,000 columns",
            br#"<table><tr><td colspan="100000">a</td><td>b</td></tr></table>"#.to_vec(),
            Limits::default(),
            Ok(format!("a{}b\n", "\t".repeat(1000))),
        ),
    ];
    for (what, page, limits, want) in cases {
        let got = read_document_with(&page, limits);
        assert_eq!(got.map(|r| r.source), want, "{what}");
    }
    assert!(started.elapsed().as_secs() < 30);
}

/// What Word and Excel write when a table is saved as a web page: Office
/// namespaces, conditional comments, `<o:p>` and a hidden sizing row.
#[test]
fn a_page_saved_by_office_renders_its_table() {
    let page = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312"><!--[if gte mso 9]><xml><x:ExcelWorkbook></x:ExcelWorkbook></xml><![endif]--></head>
<body link=blue>
<p class=MsoNormal align=center><b><span style='font-size:16.0pt'>2021年重点项目完成情况表<o:p></o:p></span></b></p>
<table border=0 cellpadding=0 cellspacing=0 width=600>
 <tr height=40><td class=xl65 width=60>序号</td><td class=xl65>项目名称</td><td class=xl65>年度计划投资<br>（亿元）</td><td class=xl65>完成投资</td></tr>
 <tr><td x:num>1</td><td>沁水县城市供水工程</td><td x:num>2.1</td><td x:num>2.35</td></tr>
 <tr><td x:num>2</td><td>&nbsp;</td><td></td><td>&nbsp;</td></tr>
 <![if supportMisalignedColumns]>
 <tr height=0 style='display:none'><td width=60 style='width:45pt'></td><td width=240></td></tr>
 <![endif]>
</table>
</body></html>"#;
    let (bytes, _, _) = encoding_rs::GBK.encode(page);
    assert_eq!(
        rendered(read_document(&bytes), "HTML"),
        "2021年重点项目完成情况表\n序号\t项目名称\t年度计划投资 （亿元）\t完成投资\n1\t沁水县城市供水工程\t2.1\t2.35\n2\n"
    );
}
