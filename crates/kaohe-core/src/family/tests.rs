//! Whole documents of each family through [`super::check`]: the family told,
//! the period, the funds block scored, self-scores above the rule flagged,
//! lights, totals and grades, targets that cannot be verified by design.

use super::*;
use crate::verify::Flag;

fn read(text: &str) -> Report {
    check(text).unwrap_or_else(|| panic!("no family read: {text}"))
}

#[test]
fn families_told_apart() {
    let cases: &[(&str, Family)] = &[
        (
            "某局2024年度项目支出绩效自评表\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n产出指标\t数量指标\t新建站点\t≥12个\t13个\t10\t10\n",
            Family::Performance,
        ),
        (
            "某区2024年1-8月民生实事进展情况表\n序号 | 项目 | 年度目标 | 已完成数 | 完成率 |\n1 | 新增养老床位 | 1200张 | 310张 | 25.8% |\n",
            Family::Progress,
        ),
        (
            "某县2024年重点工作完成情况的报告\n开发公益性岗位420个，完成436个，完成率103.8%。\n",
            Family::Report,
        ),
    ];
    for (text, family) in cases {
        assert_eq!(read(text).family, *family, "{text}");
    }
    for text in [
        "今天天气很好，我们去公园散步。",
        "联系电话：0571-88888888，地址：某路12号。",
        "会议定于2024年3月5日上午9时召开。",
    ] {
        assert!(check(text).is_none(), "{text}");
    }
}

#[test]
fn funds_scored_by_the_rule_and_self_scores_audited() {
    let text = "某局2023年度项目支出绩效自评表\n\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\t年度资金总额\t120\t120\t96\t10\t80%\t10\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n产出指标\t数量指标\t新建站点\t≥12个\t9个\t20\t20\n\t\t培训人次\t≥500人次\t520人次\t20\t20\n效益指标\t社会效益指标\t群众满意度\t≥90%\t95%\t50\t50\n";
    let r = read(text);
    let f = r.funds.as_ref().expect("funds");
    assert_eq!(
        (f.budget, f.executed, f.rate),
        (Some(120.0), Some(96.0), Some(80.0))
    );
    assert_eq!(f.suggested_score, Some(8.0), "执行率 × 分值");
    assert!(f.flags.contains(&Flag::SelfScoreAboveRule));
    let missed = &r.indicators[0];
    assert_eq!(missed.verdict, Verdict::NotMet);
    assert_eq!(
        missed.suggested_score,
        Some(15.0),
        "9 of 12: three quarters of 20"
    );
    assert!(missed.flags.contains(&Flag::SelfScoreAboveRule));
    assert!(!r.indicators[1].flags.contains(&Flag::SelfScoreAboveRule));
    let s = &r.summary;
    assert_eq!(s.self_score_total, Some(100.0));
    assert_eq!(s.suggested_score_total, Some(93.0));
    assert_eq!(s.self_grade, Some(crate::score::Grade::Excellent));
    assert_eq!(s.grade, Some(crate::score::Grade::Excellent));
}

#[test]
fn part_year_rows_get_lights() {
    let text = "某区2024年1-6月重点项目进展情况表\n序号 | 项目 | 单位 | 年度目标任务 | 已完成数 | 完成率 |\n1 | 新增就业 | 人 | 1000 | 600 | 60% |\n2 | 新建公园 | 个 | 10 | 2 | 20% |\n3 | 改造道路 | 公里 | 20 | 7 | 35% |\n";
    let r = read(text);
    assert_eq!(r.period.map(|p| p.text()).as_deref(), Some("1-6月"));
    let lights: Vec<Option<Light>> = r.indicators.iter().map(|i| i.light).collect();
    assert_eq!(
        lights,
        vec![Some(Light::Green), Some(Light::Red), Some(Light::Yellow)]
    );
    assert!(r.indicators.iter().all(|i| i.expected_ratio == Some(0.5)));
    // Against the whole target, a part-year row below it is not met.
    assert!(r.indicators.iter().all(|i| i.verdict == Verdict::NotMet));
}

#[test]
fn targets_that_cannot_be_verified_are_listed() {
    let text = "某局2024年度项目支出绩效自评表\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n效益指标\t社会效益指标\t群众获得感\t有所提高\t明显提高\t10\t10\t\n产出指标\t数量指标\t新建站点\t≥120个\t125个\t10\t10\t上年完成120个\n产出指标\t数量指标\t培训人次\t≥500人次\t520人次\t10\t10\t\n";
    let r = read(text);
    let problems: Vec<(usize, TargetProblem)> = r
        .target_quality
        .iter()
        .map(|q| (q.index, q.problem))
        .collect();
    assert_eq!(
        problems,
        vec![
            (1, TargetProblem::NotMeasurable),
            (2, TargetProblem::NoHigherThanLastYear)
        ]
    );
}

#[test]
fn part_years_read_back() {
    for text in ["1-8月", "3月", "1-12月"] {
        let p = PartYear::parse(text).expect(text);
        assert_eq!(p.text(), text);
    }
    assert!(PartYear::parse("8-3月").is_none());
    assert!(PartYear::parse("13月").is_none());
    assert!((PartYear { from: 1, to: 9 }.expected_share() - 0.75).abs() < 1e-9);
    for (ratio, expected, light) in [
        (0.8, 1.0, Light::Green),
        (0.7, 1.0, Light::Yellow),
        (0.5, 1.0, Light::Red),
        (0.4, 0.5, Light::Green),
        (0.3, 0.5, Light::Yellow),
        (0.29, 0.5, Light::Red),
    ] {
        assert_eq!(Light::of(ratio, expected), light, "{ratio} of {expected}");
    }
}
