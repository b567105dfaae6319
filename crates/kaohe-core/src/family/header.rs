//! Column names of the indicator tables: which role a header cell names, in
//! the spellings provinces use.

/// The role of a column of an indicator or progress table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// 序号.
    Seq,
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标, 项目名称, 工作任务, 考核指标: the row's name.
    Name,
    /// 指标性质 (≥ ≤ ＝ 定性).
    Comparator,
    /// 年度指标值, 目标任务, 年度目标, 年投资计划.
    Target,
    /// 一季度目标, 节点目标: a milestone within the year, not the year's target.
    PeriodTarget,
    /// 度量单位, 单位.
    Unit,
    /// 实际完成值, 已完成数, 完成进度, 进展情况.
    Actual,
    /// 完成率, 占年任务之比.
    Rate,
    /// 分值, 权重.
    FullScore,
    /// 得分, 自评得分.
    SelfScore,
    /// 偏差原因分析及改进措施, 备注.
    Note,
    /// 责任单位, 牵头单位.
    Responsible,
    /// 目标完成情况 beside a 进展情况 column: a status word (顺利推进).
    Status,
    /// 年初预算数.
    FundInitial,
    /// 全年预算数, 调整后预算数.
    FundBudget,
    /// 全年执行数.
    FundExecuted,
    /// A column kaohe does not use (项目个数, 折算得分, 指标解释).
    Other,
}

impl Role {
    /// Whether the role belongs to an indicator table's header (not only
    /// to a funds block's).
    pub fn is_indicator_column(self) -> bool {
        !matches!(
            self,
            Role::FundInitial | Role::FundBudget | Role::FundExecuted | Role::Other
        )
    }
}

fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect()
}

/// The role a header cell names, or `None` when it names none (it is then
/// no header cell). Units and scores in brackets (`年度指标值(A)`,
/// `产出指标(50分)`, `年度预算数(万元)`) do not change the role.
pub fn role_of(cell: &str) -> Option<Role> {
    let squeezed = squeeze(cell);
    let n = squeezed.chars().count();
    if n == 0 || n > 24 {
        return None;
    }
    // `预算数（A）`, `年度指标值(A)`: the brackets say nothing of the role.
    let bare = without_brackets(&squeezed);
    let h = if bare.is_empty() {
        squeezed.as_str()
    } else {
        bare.as_str()
    };
    let has = |w: &str| h.contains(w);
    let any = |ws: &[&str]| ws.iter().any(|w| h.contains(w));
    // A goal's row label, not a column: 年度总体目标 | 预期目标 | 实际完成情况.
    if matches!(
        h,
        "年度总体目标" | "总体目标" | "项目年度目标" | "整体目标" | "部门年度目标"
    ) || h.starts_with("年度总体目标")
    {
        return None;
    }
    Some(if h == "序号" || h == "编号" {
        Role::Seq
    } else if h.starts_with("得分") || h.starts_with("自评得分") {
        Role::SelfScore
    } else if [
        "折算",
        "权重占比",
        "文字描述",
        "指标解释",
        "指标说明",
        "个数",
        "考核依据",
    ]
    .iter()
    .any(|w| squeezed.contains(w))
    {
        Role::Other
    } else if has("年初预算") || has("年初预匏") {
        Role::FundInitial
    } else if any(&["全年预算", "调整后预算", "调整预算"]) || h == "预算数" || h == "年度预算数"
    {
        Role::FundBudget
    } else if any(&["执行数", "全年执行"]) {
        Role::FundExecuted
    } else if any(&["完成率", "完成比例", "执行率", "执行进度", "完成进度"])
        || (has("占") && has("比"))
    {
        Role::Rate
    } else if has("一级指标") {
        Role::Level1
    } else if has("二级指标") {
        Role::Level2
    } else if any(&["三级指标", "指标名称", "绩效指标名称"]) {
        Role::Name
    } else if has("指标性质") || h == "符号" || h == "指标方向" {
        Role::Comparator
    } else if any(&["度量单位", "计量单位"]) || h == "单位" {
        Role::Unit
    } else if any(&[
        "责任单位",
        "牵头单位",
        "责任部门",
        "责任科室",
        "实施单位",
        "主责单位",
    ]) {
        Role::Responsible
    } else if any(&["得分", "评分"]) && !has("分值") {
        Role::SelfScore
    } else if any(&["分值", "权重", "满分", "考值"]) {
        Role::FullScore
    } else if any(&["偏差", "原因", "备注", "改进措施", "说明"]) && !has("进展") {
        Role::Note
    } else if any(&["季度目标", "月目标", "节点目标", "阶段目标", "序时"]) {
        Role::PeriodTarget
    } else if has("目标完成情况") {
        Role::Status
    } else if any(&["完成时限", "完成时间", "时限要求", "完成期限"]) {
        Role::Target
    } else if any(&[
        "实际",
        "完成值",
        "已完成",
        "完成数",
        "完成情况",
        "进展",
        "完成投资",
        "进度",
        "实际值",
        "落实情况",
        "执行情况",
        "完成",
    ]) {
        Role::Actual
    } else if any(&[
        "工作任务",
        "任务名称",
        "重点任务",
        "项目名称",
        "考核指标",
        "民生实事",
    ]) || matches!(
        h,
        "项目" | "指标" | "名称" | "任务" | "事项" | "内容" | "工作内容" | "隶属" | "地区"
    ) {
        Role::Name
    } else if any(&["指标值", "目标", "计划", "任务", "预期"]) {
        Role::Target
    } else {
        return None;
    })
}

/// Text with its bracketed parts left out: `预算数（A）` → `预算数`.
fn without_brackets(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether a cell names an indicator level (产出指标, 数量指标,
/// `效益指标(30分)`, 服务对象满意度指标) rather than an indicator.
pub fn is_level(cell: &str) -> bool {
    let h = squeeze(cell);
    let h = strip_points(&h);
    const LEVELS: &[&str] = &[
        "产出",
        "效益",
        "效果",
        "满意度",
        "数量",
        "质量",
        "时效",
        "日效",
        "成本",
        "经济效益",
        "社会效益",
        "生态效益",
        "环境效益",
        "可持续影响",
        "服务对象满意度",
        "群众满意度",
        "项目决策",
        "项目管理",
        "项目产出",
        "项目效益",
        "决策",
        "过程",
        "管理",
        "投入管理",
        "财务管理",
        "满意度指标",
    ];
    let stem = h
        .strip_suffix("指标")
        .or_else(|| h.strip_suffix("性指标"))
        .unwrap_or(h);
    let stem = stem.strip_suffix('性').unwrap_or(stem);
    LEVELS.contains(&stem)
        || (h.ends_with("指标") && h.chars().count() <= 9 && !h.starts_with("指标"))
}

/// Whether a level names the first level (产出 / 效益 / 满意度 / 决策 /
/// 过程 / 管理) rather than the second (数量 / 质量 / 社会效益 …).
pub fn is_first_level(cell: &str) -> bool {
    let h = squeeze(cell);
    let h = strip_points(&h);
    let stem = h.strip_suffix("指标").unwrap_or(h);
    matches!(
        stem,
        "产出"
            | "效益"
            | "效果"
            | "满意度"
            | "项目决策"
            | "项目管理"
            | "项目产出"
            | "项目效益"
            | "决策"
            | "过程"
            | "管理"
    )
}

/// `产出指标(50分)` without its points.
fn strip_points(h: &str) -> &str {
    match h.find(['(', '（']) {
        Some(i) if h[i..].contains('分') => &h[..i],
        _ => h,
    }
}

/// The points a level or block names: `产出指标(50分)` is 50,
/// `预算执行情况(万元) (20分)` is 20.
pub fn points_in(cell: &str) -> Option<f64> {
    let h = squeeze(cell);
    h.match_indices(['(', '（']).find_map(|(i, open)| {
        let inner = &h[i + open.len()..];
        let end = inner.find('分')?;
        let digits = &inner[..end];
        let closes = inner[end + '分'.len_utf8()..].starts_with([')', '）']);
        (closes && !digits.is_empty())
            .then(|| digits.parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles() {
        use Role::*;
        for (cell, want) in [
            ("序号", Some(Seq)),
            ("一级指标", Some(Level1)),
            ("二级指标", Some(Level2)),
            ("三级指标", Some(Name)),
            ("年度指标值", Some(Target)),
            ("年度\n指标值", Some(Target)),
            ("年初目标值(A)", Some(Target)),
            ("实际完成值(B)", Some(Actual)),
            ("全年实际值(B)", Some(Actual)),
            ("分值", Some(FullScore)),
            ("权重", Some(FullScore)),
            ("得分", Some(SelfScore)),
            ("自评得分", Some(SelfScore)),
            ("得分 (20分*执行率)", Some(SelfScore)),
            ("偏差原因分析及改进措施", Some(Note)),
            ("未完成原因分析", Some(Note)),
            ("指标性质", Some(Comparator)),
            ("指标值", Some(Target)),
            ("度量单位", Some(Unit)),
            ("完成值", Some(Actual)),
            ("项目名称", Some(Name)),
            ("责任单位", Some(Responsible)),
            ("目标任务", Some(Target)),
            ("1- 8月 实际完成情况", Some(Actual)),
            ("任务完成率", Some(Rate)),
            ("备注", Some(Note)),
            ("工作任务", Some(Name)),
            ("一季度目标", Some(PeriodTarget)),
            ("进展情况、存在问题及下一步打算", Some(Actual)),
            ("目标完成情况", Some(Status)),
            ("年投资计划", Some(Target)),
            ("完成投资额", Some(Actual)),
            ("年计划投资完成率", Some(Rate)),
            ("项目个数", Some(Other)),
            ("隶 属", Some(Name)),
            ("年度目标任务", Some(Target)),
            ("已完成数", Some(Actual)),
            ("占年任务之比", Some(Rate)),
            ("全年预算数", Some(FundBudget)),
            ("年初预算数", Some(FundInitial)),
            ("全年执行数", Some(FundExecuted)),
            ("执行率", Some(Rate)),
            ("新增城镇就业", None),
            ("1-9月完成", Some(Actual)),
            ("全年完成", Some(Actual)),
            ("完成进度", Some(Rate)),
            ("完成时限", Some(Target)),
            ("8950人", None),
            ("产出指标", None),
        ] {
            assert_eq!(role_of(cell), want, "{cell}");
        }
    }

    #[test]
    fn levels() {
        for (cell, level, first) in [
            ("产出指标", true, true),
            ("产出指标(50分)", true, true),
            ("数量指标", true, false),
            ("日效性指标", true, false),
            ("社会效益指标", true, false),
            ("服务对象满意度指标", true, false),
            ("满意度指标", true, true),
            ("群众满意度 指标", true, false),
            ("指标1工程资金金额", false, false),
            ("办结信访案件", false, false),
            ("符合条件申报对象覆盖率", false, false),
        ] {
            assert_eq!(is_level(cell), level, "{cell}");
            if level {
                assert_eq!(is_first_level(cell), first, "{cell}");
            }
        }
        assert_eq!(points_in("产出指标(50分)"), Some(50.0));
        assert_eq!(points_in("预算执行情况(万元) (20分)"), Some(20.0));
        assert_eq!(points_in("得分 (20分*执行率)"), None);
    }
}
