//! The unit lexicon: measure words and units that follow a number.

/// What a unit measures; alignment only pairs compatible classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnitClass {
    /// A classifier for counted things (个, 家, 次, 条, 户, 人 …).
    Count,
    /// Money (元).
    Money,
    /// Durations (天, 小时, 个月 …).
    Time,
    /// Lengths (公里, 米 …).
    Length,
    /// Areas (平方米, 亩 …).
    Area,
    /// Weights and volumes (吨, 立方米 …).
    Mass,
    /// Energy and power (千瓦时, 兆瓦 …).
    Energy,
    /// Percent and per-mille.
    Percent,
    /// Percentage points (个百分点): not percent.
    PercentPoint,
    /// Anything else (倍, 分 …).
    Other,
}

/// One lexicon entry: the unit as written, its canonical spelling, its class.
pub struct Unit {
    /// As written after the number.
    pub text: &'static str,
    /// As reported (`％` → `%`).
    pub canonical: &'static str,
    /// What it measures.
    pub class: UnitClass,
}

macro_rules! units {
    ($($class:ident: [$($t:literal),* $(,)?]),* $(,)?) => {
        &[$($(Unit { text: $t, canonical: $t, class: UnitClass::$class }),*),*]
    };
}

/// Units in no particular order; [`match_unit`] takes the longest match.
const UNITS: &[Unit] = units! {
    Percent: ["%", "‰"],
    PercentPoint: ["个百分点", "百分点"],
    Count: [
        "个", "家", "次", "人次", "户次", "台次", "架次", "车次", "家次", "批次", "场次", "期次",
        "篇次", "剂次", "条", "户", "人", "名", "位", "所", "座", "处", "轮", "间", "款", "份",
        "项", "件", "场", "批", "篇", "期", "套", "张", "辆", "架", "艘", "栋", "幢", "起", "宗",
        "单", "笔", "例", "类", "种", "组", "支", "队", "本", "册", "页", "门", "根", "片", "段",
        "层", "盏", "棵", "株", "头", "只", "床", "枚", "届", "节", "部", "芯", "路", "台", "块",
        "封", "首", "幅", "集", "台套", "剂", "人份", "个点位", "点位",
        "课时", "学时", "堂", "帧", "字", "册次", "件次", "宗次", "起次", "人日", "人天", "标箱", "辆次",
        "艘次", "卷", "台班", "对", "眼", "口", "孔", "趟", "班次",
    ],
    Money: ["元", "美元", "欧元", "元/吨", "元/人"],
    Time: [
        "秒", "分钟", "小时", "天", "周", "个月", "季度", "个季度", "周岁", "岁", "学年",
        "工作日", "个工作日", "昼夜", "年", "日",
    ],
    Length: ["皮长公里", "公里", "千米", "米", "厘米", "毫米", "延米", "公里/小时"],
    Area: ["平方公里", "平方千米", "平方米", "平米", "公顷", "亩"],
    Mass: ["微克/立方米", "毫克/立方米", "毫克/升", "微克", "毫克", "立方米", "吨", "千克", "公斤", "克", "斤", "升", "毫升", "吨标准煤"],
    Energy: ["千瓦时", "度", "千瓦", "兆瓦", "瓦"],
    Other: ["倍", "分", "级", "℃"],
};

/// Full-width and variant spellings that read as a lexicon unit.
const ALIASES: &[(&str, &str)] = &[
    ("％", "%"),
    ("百分比", "%"),
    ("千分比", "‰"),
    ("摄氏度", "℃"),
];

/// The lexicon indexed by first character: each entry's characters and the
/// unit it reads as, longest first.
type Index = Vec<(char, Vec<(Vec<char>, &'static Unit)>)>;

fn index() -> &'static Index {
    use std::sync::OnceLock;
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut entries: Vec<(Vec<char>, &'static Unit)> = UNITS
            .iter()
            .map(|u| (u.text.chars().collect(), u))
            .collect();
        for (alias, target) in ALIASES {
            if let Some(u) = UNITS.iter().find(|u| u.text == *target) {
                entries.push((alias.chars().collect(), u));
            }
        }
        let mut index: Index = Vec::new();
        for (chars, unit) in entries {
            let first = chars[0];
            match index.iter_mut().find(|(c, _)| *c == first) {
                Some((_, list)) => list.push((chars, unit)),
                None => index.push((first, vec![(chars, unit)])),
            }
        }
        for (_, list) in &mut index {
            list.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        }
        index.sort_by_key(|(c, _)| *c);
        index
    })
}

/// The longest unit written at the start of `chars`, with its length in chars.
pub fn match_unit(chars: &[char]) -> Option<(&'static Unit, usize)> {
    let first = *chars.first()?;
    let index = index();
    let pos = index.binary_search_by_key(&first, |(c, _)| *c).ok()?;
    index[pos]
        .1
        .iter()
        .find(|(text, _)| chars.starts_with(text))
        .map(|(text, u)| (*u, text.len()))
}

/// The lexicon entry for a unit's canonical spelling.
pub fn lookup(text: &str) -> Option<&'static Unit> {
    UNITS.iter().find(|u| u.text == text)
}

/// A unit's canonical spelling, as the report's `unit` fields hold it. An
/// alias rather than `&'static str` written out, so that serde does not take
/// the field as borrowed from the input it reads.
pub type UnitName = &'static str;

/// Most units outside the lexicon [`intern`] keeps.
const INTERNED_MAX: usize = 1024;
/// Longest unit outside the lexicon [`intern`] keeps, in bytes.
const INTERNED_LEN_MAX: usize = 64;

/// The `&'static` spelling of a unit read back from a stored report. The
/// lexicon's spellings come first; a unit it does not list (one the reader
/// derives, or one an older version wrote) is kept once, and at most
/// `INTERNED_MAX` of them, so a stored report always reads back and
/// hostile input cannot grow memory without bound (past the cap the unit
/// reads as none).
pub fn intern(text: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    if text.is_empty() {
        return "";
    }
    if let Some(u) = lookup(text) {
        return u.canonical;
    }
    if let Some((_, u)) = IMPLIED.iter().find(|(_, u)| *u == text) {
        return u;
    }
    static KEPT: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut kept = KEPT
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(u) = kept.get(text) {
        return u;
    }
    if kept.len() >= INTERNED_MAX || text.len() > INTERNED_LEN_MAX {
        return "";
    }
    let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
    kept.insert(leaked);
    leaked
}

/// Reads a unit as [`intern`] does, for the report's `unit` fields.
pub fn deserialize_unit<'de, D: serde::Deserializer<'de>>(d: D) -> Result<UnitName, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(d)?;
    Ok(intern(&text))
}

/// The class of a unit's canonical spelling; `Other` when unknown.
pub fn class_of(text: &str) -> UnitClass {
    if text.is_empty() {
        return UnitClass::Count;
    }
    lookup(text).map_or(UnitClass::Other, |u| u.class)
}

/// Length in chars of `word` when `chars` starts with it, else 0.
#[inline]
pub fn prefix_len(chars: &[char], word: &str) -> usize {
    let mut n = 0;
    for w in word.chars() {
        if chars.get(n) != Some(&w) {
            return 0;
        }
        n += 1;
    }
    n
}

/// True when two units count the same kind of thing: equal units, or two
/// counting classifiers of which one is the generic 个 (款 and 个 both count
/// apps), or the same class for measures (元 and 元).
pub fn compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (ca, cb) = (class_of(a), class_of(b));
    match (ca, cb) {
        (UnitClass::Count, UnitClass::Count) => {
            let generic_pair = (generic(a) && !personal(b)) || (generic(b) && !personal(a));
            a.is_empty() || b.is_empty() || generic_pair || same_family(a, b)
        }
        _ => false,
    }
}

/// Units that count people or households, which 个 never counts.
fn personal(u: &str) -> bool {
    matches!(
        u,
        "人" | "名" | "位" | "人次" | "人份" | "人日" | "人天" | "户" | "户次"
    )
}

fn generic(u: &str) -> bool {
    matches!(u, "个" | "项" | "件" | "种" | "类")
}

fn same_family(a: &str, b: &str) -> bool {
    const FAMILIES: &[&[&str]] = &[
        &["人", "名", "位", "人次", "人份"],
        &["户", "家", "户次", "家次"],
        &["次", "场", "场次", "轮", "期", "批", "批次", "期次"],
        &["台", "部", "套", "台套", "台次"],
        &["座", "处", "所", "个点位", "点位"],
    ];
    FAMILIES.iter().any(|f| f.contains(&a) && f.contains(&b))
}

/// Nouns that imply a classifier when no measure word follows the number
/// (`新增10万千兆用户` counts 户; `违规域名83.4万` counts 个).
pub const IMPLIED: &[(&str, &str)] = &[
    ("个体工商户", "户"),
    ("市场主体", "户"),
    ("用户", "户"),
    ("农户", "户"),
    ("商户", "户"),
    ("家庭", "户"),
    ("人员", "人"),
    ("人口", "人"),
    ("群众", "人"),
    ("居民", "人"),
    ("学生", "人"),
    ("考生", "人"),
    ("人次", "人次"),
    ("诉求", "件"),
    ("患者", "人"),
    ("职工", "人"),
    ("党员", "人"),
    ("干部", "人"),
    ("人才", "人"),
    ("游客", "人次"),
    ("旅客", "人次"),
    ("企业", "家"),
    ("单位", "家"),
    ("机构", "家"),
    ("公司", "家"),
    ("医院", "家"),
    ("学校", "所"),
    ("域名", "个"),
    ("网站", "个"),
    ("号码", "个"),
    ("基站", "个"),
    ("项目", "个"),
    ("地址", "个"),
    ("账号", "个"),
    ("节点", "个"),
    ("短信", "条"),
    ("信息", "条"),
    ("线索", "条"),
    ("数据", "条"),
    ("案件", "件"),
    ("资金", "元"),
    ("经费", "元"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<&'static str> {
        let chars: Vec<char> = s.chars().collect();
        match_unit(&chars).map(|(u, _)| u.canonical)
    }

    #[test]
    fn longest_unit_wins() {
        let cases = [
            ("个月的准备", Some("个月")),
            ("个百分点", Some("个百分点")),
            ("个基站", Some("个")),
            ("皮长公里", Some("皮长公里")),
            ("公里沿线", Some("公里")),
            ("人次，", Some("人次")),
            ("台次", Some("台次")),
            ("间隔离用房", Some("间")),
            ("％", Some("%")),
            ("千瓦时", Some("千瓦时")),
            ("清源", None),
        ];
        for (input, want) in cases {
            assert_eq!(m(input), want, "{input}");
        }
    }

    #[test]
    fn compatible_units() {
        assert!(compatible("款", "个"));
        assert!(compatible("个", "家"));
        assert!(compatible("人", "名"));
        assert!(!compatible("份", "条"));
        assert!(!compatible("%", "个"));
        assert!(!compatible("元", "个"));
        assert!(compatible("元", "元"));
        assert!(!compatible("个", "人次"));
        assert!(!compatible("户", "个"));
    }
}
