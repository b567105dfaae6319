//! What the words around a number add to it: a bound (不少于, 以上, 超过),
//! an approximation (约, 近, 多), the period it is counted over (每月, 全年)
//! and a change against a base (同比下降).
//!
//! A target's meaning lives in these words as much as in its figure:
//! `不少于6000个` and `6000个以内` are opposite targets. The words are looked
//! for right beside the figure first, then a few words before it, and the
//! farther searches stop at a clause break, so that one clause's bound or
//! period is not read into the next.

use super::{Approx, Change, Comparator, Kind, Period, Quantity, Scan};
use crate::text::is_clause_break;

const CHANGE_UP: &[&str] = &[
    "增长", "提高", "提升", "上升", "增加", "增幅", "上涨", "增速",
];
const CHANGE_DOWN: &[&str] = &[
    "下降", "降低", "减少", "下滑", "降幅", "压减", "减幅", "回落", "压缩", "缩短", "缩减",
];

impl<'t> Scan<'t> {
    // ---- context: comparators, approximations, periods, changes ----------

    pub(super) fn finish(
        &self,
        q: &mut Quantity,
        start: usize,
        end: usize,
        approx_after: Option<Approx>,
    ) {
        q.approx = approx_after;
        let (cmp, approx_before) = self.prefix_words(start);
        q.comparator = cmp.or_else(|| self.far_comparator(start));
        if approx_before.is_some() {
            q.approx = approx_before;
        }
        if q.approx.is_none() {
            q.approx = self.far_about(start);
        }
        // 近三年 is "the last three years", not "nearly three".
        if q.approx == Some(Approx::Nearly) && matches!(q.unit, "年" | "个月" | "天") {
            q.approx = None;
        }
        // 以上, 以下, 以内, 左右 after the unit.
        let (suffix_cmp, suffix_approx) = self.suffix_words(end);
        if q.comparator.is_none() {
            q.comparator = suffix_cmp;
        }
        if suffix_approx.is_some() {
            q.approx = suffix_approx;
        }
        if q.kind == Kind::Percent || q.unit == "个百分点" {
            q.change = self.change_before(start);
        }
        q.period = self.period_before(start);
    }

    pub(super) fn prefix_words(&self, start: usize) -> (Option<Comparator>, Option<Approx>) {
        let mut i = start;
        while i > 0 && matches!(self.chars[i - 1], ' ' | '\t') {
            i -= 1;
        }
        const WORDS: &[(&str, Option<Comparator>, Option<Approx>)] = &[
            ("大于或等于", Some(Comparator::Ge), None),
            ("大于等于", Some(Comparator::Ge), None),
            ("小于或等于", Some(Comparator::Le), None),
            ("小于等于", Some(Comparator::Le), None),
            ("不少于", Some(Comparator::Ge), None),
            ("不低于", Some(Comparator::Ge), None),
            ("不小于", Some(Comparator::Ge), None),
            ("不超过", Some(Comparator::Le), None),
            ("不高于", Some(Comparator::Le), None),
            ("不大于", Some(Comparator::Le), None),
            ("不多于", Some(Comparator::Le), None),
            ("控制在", Some(Comparator::Le), None),
            ("至少", Some(Comparator::Ge), None),
            ("达到", Some(Comparator::Ge), None),
            ("超过", Some(Comparator::Gt), None),
            ("突破", Some(Comparator::Gt), None),
            ("高于", Some(Comparator::Gt), None),
            ("大于", Some(Comparator::Gt), None),
            ("多于", Some(Comparator::Gt), None),
            ("至多", Some(Comparator::Le), None),
            ("最多", Some(Comparator::Le), None),
            ("低于", Some(Comparator::Lt), None),
            ("少于", Some(Comparator::Lt), None),
            ("小于", Some(Comparator::Lt), None),
            ("不足", Some(Comparator::Lt), None),
            ("不到", Some(Comparator::Lt), None),
            ("将近", None, Some(Approx::Nearly)),
            ("接近", None, Some(Approx::Nearly)),
            ("大约", None, Some(Approx::About)),
            ("大概", None, Some(Approx::About)),
            (">=", Some(Comparator::Ge), None),
            ("<=", Some(Comparator::Le), None),
            ("≥", Some(Comparator::Ge), None),
            ("≧", Some(Comparator::Ge), None),
            ("⩾", Some(Comparator::Ge), None),
            ("≤", Some(Comparator::Le), None),
            ("≦", Some(Comparator::Le), None),
            ("⩽", Some(Comparator::Le), None),
            ("═", Some(Comparator::Eq), None),
            ("﹦", Some(Comparator::Eq), None),
            ("=", Some(Comparator::Eq), None),
            (">", Some(Comparator::Gt), None),
            ("<", Some(Comparator::Lt), None),
            ("超", Some(Comparator::Gt), None),
            ("逾", Some(Comparator::Gt), None),
            ("达", Some(Comparator::Ge), None),
            ("近", None, Some(Approx::Nearly)),
            ("约", None, Some(Approx::About)),
        ];
        let mut cmp = None;
        let mut approx = None;
        if i == 0 || !is_prefix_end(self.chars[i - 1]) {
            return (None, None);
        }
        // Two words may stack: 超过近, 约达.
        for _ in 0..2 {
            let mut matched = false;
            for (w, c, a) in WORDS {
                if self.ends_with(i, w) {
                    // 下达, 传达, 送达, 到达 are verbs, not 达到.
                    if *w == "达"
                        && matches!(
                            self.before(i - 1),
                            '下' | '传' | '送' | '到' | '表' | '通' | '抵' | '转'
                        )
                    {
                        continue;
                    }
                    // 不超过 must not read as 超过, nor 不低于 as 低于.
                    if cmp.is_none() {
                        cmp = *c;
                    }
                    if approx.is_none() {
                        approx = *a;
                    }
                    i -= w.chars().count();
                    matched = true;
                    break;
                }
            }
            if !matched {
                break;
            }
        }
        (cmp, approx)
    }

    /// 至少配备2名, 至多承办15件, 达到每年45万吨: a bound a few words before.
    pub(super) fn far_comparator(&self, start: usize) -> Option<Comparator> {
        let from = start.saturating_sub(10);
        if !self.chars[from..start]
            .iter()
            .any(|c| matches!(c, '至' | '最' | '不' | '每'))
        {
            return None;
        }
        const FAR: &[(&str, Comparator)] = &[
            ("至少", Comparator::Ge),
            ("最少", Comparator::Ge),
            ("不少于", Comparator::Ge),
            ("不低于", Comparator::Ge),
            ("至多", Comparator::Le),
            ("最多", Comparator::Le),
            ("不超过", Comparator::Le),
            ("不高于", Comparator::Le),
            ("不多于", Comparator::Le),
        ];
        let mut i = start;
        let mut steps = 0;
        while i > 0 && steps < 8 {
            let c = self.chars[i - 1];
            if is_clause_break(c) || c.is_ascii_digit() || c == '、' {
                break;
            }
            for (w, cmp) in FAR {
                if self.ends_with(i, w) {
                    return Some(*cmp);
                }
            }
            i -= 1;
            steps += 1;
        }
        // 达到每年…, 达每日…: a bound before a period word.
        for per in [
            "每年",
            "每日",
            "每天",
            "每月",
            "每百人",
            "每千人口",
            "每千人",
            "每万人",
        ] {
            if self.ends_with(start, per) {
                let k = start - per.chars().count();
                if self.ends_with(k, "达到") || self.ends_with(k, "达") {
                    return Some(Comparator::Ge);
                }
            }
        }
        None
    }

    /// 大约聚集群众5000人: 约 a few words before, not as in 约谈 or 节约.
    fn far_about(&self, start: usize) -> Option<Approx> {
        let from = start.saturating_sub(8);
        if !self.chars[from..start].contains(&'约') {
            return None;
        }
        let mut i = start;
        let mut steps = 0;
        while i > 0 && steps < 8 {
            let c = self.chars[i - 1];
            if is_clause_break(c) || c.is_ascii_digit() || c == '、' {
                break;
            }
            if c == '约' {
                let next = self.at(i);
                let prev = self.before(i - 1);
                let word_with = matches!(next, '谈' | '束' | '定')
                    || matches!(
                        prev,
                        '节' | '制'
                            | '签'
                            | '预'
                            | '合'
                            | '公'
                            | '履'
                            | '网'
                            | '集'
                            | '特'
                            | '邀'
                            | '违'
                            | '租'
                            | '婚'
                    );
                if !word_with {
                    return Some(Approx::About);
                }
            }
            i -= 1;
            steps += 1;
        }
        None
    }

    fn suffix_words(&self, end: usize) -> (Option<Comparator>, Option<Approx>) {
        let j = end;
        let words: &[(&str, Option<Comparator>, Option<Approx>)] = &[
            ("及以上", Some(Comparator::Ge), None),
            ("以上", Some(Comparator::Ge), None),
            ("及以下", Some(Comparator::Le), None),
            ("以下", Some(Comparator::Le), None),
            ("以内", Some(Comparator::Le), None),
            ("之内", Some(Comparator::Le), None),
            ("内", Some(Comparator::Le), None),
            ("左右", None, Some(Approx::About)),
            ("上下", None, Some(Approx::About)),
        ];
        for (w, c, a) in words {
            if self.starts(j, w) > 0 {
                return (*c, *a);
            }
        }
        (None, None)
    }

    fn change_before(&self, start: usize) -> Option<Change> {
        let mut i = start;
        if matches!(self.before(i), '-' | '－' | '+') {
            i -= 1;
        }
        loop {
            let before = i;
            while i > 0 && matches!(self.chars[i - 1], ' ' | '了' | '达' | '约' | '近' | '超')
            {
                i -= 1;
            }
            for w in [
                "超过",
                "达到",
                "不低于",
                "不少于",
                "不超过",
                "不高于",
                "约为",
                "分别",
                "均",
            ] {
                if self.ends_with(i, w) {
                    i -= w.chars().count();
                }
            }
            if i == before {
                break;
            }
        }
        for (words, change) in [
            (CHANGE_UP, Change::Increase),
            (CHANGE_DOWN, Change::Decrease),
        ] {
            for w in words {
                if self.ends_with(i, w) {
                    return Some(change);
                }
            }
        }
        None
    }

    pub(super) fn period_before(&self, start: usize) -> Option<Period> {
        const WORDS: &[(&str, Period)] = &[
            ("每个工作日", Period::Day),
            ("每天", Period::Day),
            ("每日", Period::Day),
            ("日均", Period::Day),
            ("每周", Period::Week),
            ("周均", Period::Week),
            ("每个月", Period::Month),
            ("每月", Period::Month),
            ("月均", Period::Month),
            ("每季度", Period::Quarter),
            ("每个季度", Period::Quarter),
            ("季均", Period::Quarter),
            ("每年", Period::Year),
            ("年均", Period::Year),
            ("全年", Period::Year),
            ("本年", Period::Year),
            ("今年", Period::Year),
        ];
        let mut i = start;
        let mut steps = 0;
        while i > 0 && steps < 40 && !is_clause_break(self.chars[i - 1]) {
            if matches!(
                self.chars[i - 1],
                '天' | '日' | '均' | '周' | '月' | '度' | '年'
            ) {
                for (w, p) in WORDS {
                    if self.ends_with(i, w) {
                        return Some(*p);
                    }
                }
            }
            i -= 1;
            steps += 1;
        }
        None
    }
}

/// The last characters of the bound and approximation words before a number.
#[inline]
fn is_prefix_end(c: char) -> bool {
    matches!(
        c,
        '于' | '过'
            | '破'
            | '少'
            | '低'
            | '小'
            | '超'
            | '高'
            | '大'
            | '多'
            | '在'
            | '足'
            | '到'
            | '近'
            | '约'
            | '概'
            | '='
            | '≥'
            | '≧'
            | '⩾'
            | '≤'
            | '≦'
            | '⩽'
            | '═'
            | '﹦'
            | '>'
            | '<'
            | '逾'
            | '达'
    )
}
