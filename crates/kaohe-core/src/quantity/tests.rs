//! Unit tests of the extractor on short phrases; the large table lives in
//! `tests/data/quantities.tsv`.

use super::*;

/// `span=value unit kind` for every quantity, space-separated.
fn show(text: &str) -> String {
    extract(text)
        .iter()
        .map(|q| {
            let mut s = format!("{}={}{}:{:?}", q.span(text), q.value, q.unit, q.kind);
            if let Some(c) = q.comparator {
                s.push_str(c.symbol());
            }
            if let Some(a) = q.approx {
                s.push_str(&format!("~{a:?}"));
            }
            if let Some(p) = q.period {
                s.push_str(&format!("@{p:?}"));
            }
            if let Some(c) = q.change {
                s.push_str(&format!("Δ{c:?}"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn seed_like_phrases() {
    let cases: &[(&str, &str)] = &[
        ("新增5G基站6000个", "5G=5:Name 6000个=6000个:Measure"),
        ("新增10万千兆用户", "10万=100000户:Measure"),
        (
            "本年新建5G基站2.3万个",
            "5G=5:Name 2.3万个=23000个:Measure@Year",
        ),
        ("累计标识注册量超过90亿个", "90亿个=9000000000个:Measure>"),
        (
            "将全市重点区域的2万多个基站、300多条专线纳入",
            "2万多个=20000个:Measure~More 300多条=300条:Measure~More",
        ),
        ("日均预警超7000余条", "7000余条=7000条:Measure>~More@Day"),
        (
            "百万用户申诉率同比下降81.07%",
            "百万用户申诉率=1000000:RateBase 81.07%=81.07%:PercentΔDecrease",
        ),
        ("于 10月15日与公安预警数据完成对接", "10月15日=10:Date"),
        ("迅速完成96010防疫专用码号的启用", "96010=96010:Code"),
        ("组织为120急救电话紧急扩容", "120=120:Code"),
        ("北京广电192号段全国首批放号", "192=192:Code"),
        ("全民国家安全日、517电信日", "517=517:Date"),
        ("“241”5G网络攻坚行动", "241=241:Name 5G=5:Name"),
        ("扎实推进“2022清源”行动", "2022清源=2022:Name"),
        ("16+3+4代表住地", "16+3+4=16:Name"),
        ("全行业坚持7*24小时在岗在班", "7*24小时=7:Schedule"),
        ("聚焦1000M接入能力", "1000M=1000:Spec"),
        (
            "目前国家已成立IMT-2030（6G）推进组",
            "IMT-2030=2030:Name 6G=6:Name",
        ),
        ("全年共通报问题App308个", "308个=308个:Measure@Year"),
        (
            "历经6个月的准备、数百小时的测试",
            "6个月=6个月:Measure 数百小时=100小时:Vague",
        ),
        (
            "对三家基础运营商和北京铁塔公司共计61家二级单位",
            "三家=3家:Measure 61家=61家:Measure",
        ),
        ("党的二十大召开后", "二十大=20:Name"),
        ("北京市第十三次党代会", "第十三次=13:Name"),
        ("全国“两会”、“两横”“四环”“百点”", ""),
        ("实现“四零目标”", "四零目标=0:Name"),
        ("扩容后的业务承载量翻了一倍", ""),
        ("出台《安全生产治本攻坚三年行动实施方案》", "三年=3年:Name"),
        ("在防疫“二合一”系统方面", ""),
        ("有效避免群众损失1.98亿元", "1.98亿元=198000000元:Measure"),
        ("核查处置各类违规域名83.4万，", "83.4万=834000个:Measure"),
        (
            "为全市超过1.6万疾控和社区流调人员开通",
            "1.6万=16000人:Measure>",
        ),
        ("为1.5万间隔离用房紧急开通宽带", "1.5万间=15000间:Measure"),
        (
            "累计投入保障力量近22万人次",
            "22万人次=220000人次:Measure~Nearly",
        ),
        (
            "组织企业对16459个身份证号码实施分类",
            "16459个=16459个:Measure",
        ),
        ("每月通报隐私不合规APP 20款", "20款=20款:Measure@Month"),
        ("1.稳步推进5G网络部署", "1=1:Ordinal 5G=5:Name"),
        (
            "截止2022年11月，本年新增千兆宽带接入用户66.2万户",
            "2022年11月=2022:Date 66.2万户=662000户:Measure@Year",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(show(text), *want, "{text}");
    }
}

#[test]
fn numerals_comparators_and_changes() {
    let cases: &[(&str, &str)] = &[
        ("处置率超90%", "90%=90%:Percent>"),
        ("准确率达98%", "98%=98%:Percent>="),
        ("不少于6000个", "6000个=6000个:Measure>="),
        ("成本不超过30万元", "30万元=300000元:Measure<="),
        ("办结时间控制在3天以内", "3天=3天:Measure<="),
        ("覆盖率60%及以上", "60%=60%:Percent>="),
        ("≥95%", "95%=95%:Percent>="),
        ("≧95%", "95%=95%:Percent>="),
        ("═100%", "100%=100%:Percent="),
        ("﹦100%", "100%=100%:Percent="),
        ("≥100百分比", "100百分比=100%:Percent>="),
        ("差错率5‰以下", "5‰=5‰:Percent<="),
        ("同比增长15.6%", "15.6%=15.6%:PercentΔIncrease"),
        (
            "优良天数比例提高2个百分点",
            "2个百分点=2个百分点:PercentΔIncrease",
        ),
        ("百分之九十", "百分之九十=90%:Percent"),
        ("千分之三", "千分之三=3‰:Percent"),
        ("新建学校十五所", "十五所=15所:Measure"),
        ("培训一百零五人次", "一百零五人次=105人次:Measure"),
        ("投入资金三万五千元", "三万五千元=35000元:Measure"),
        ("投资1,234.5万元", "1,234.5万元=12345000元:Measure"),
        (
            "新增５Ｇ基站６０００个",
            "５Ｇ=5:Name ６０００个=6000个:Measure",
        ),
        ("招募3-5名志愿者", "3-5名=3名:Measure"),
        ("面向18—54周岁人群", "18—54周岁=18周岁:Measure"),
        ("约300人", "300人=300人:Measure~About"),
        ("3万5千元", "3万5千元=35000元:Measure"),
        ("壹佰贰拾万元", "壹佰贰拾万元=1200000元:Measure"),
        ("两千户", "两千户=2000户:Measure"),
        ("贯彻落实“十四五”规划", "十四五=0:Name"),
        ("10月底前完成", "10月底=10:Date"),
        ("二〇二二年", "二〇二二年=2022:Date"),
        ("2019-2022年", "2019-2022年=2019:Date"),
        ("拨打12345热线", "12345=12345:Code"),
        ("电话010-12345678", "010-12345678=10:Code"),
    ];
    for (text, want) in cases {
        assert_eq!(show(text), *want, "{text}");
    }
}

#[test]
fn odd_text_never_panics() {
    for text in [
        "",
        "1",
        "万",
        "第",
        "百分之",
        "3-",
        "1,",
        "1.",
        "２０２２年１",
        "每",
        "数",
        "7×",
        "99999999999999999999999999999999999999999亿",
    ] {
        let _ = extract(text);
    }
}
