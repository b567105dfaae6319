//! The part of a year a document covers: `1-8月`, `1至7月份`, `一季度`,
//! `前三季度`, `上半年`, `截至10月底`.

use super::types::PartYear;

fn month_number(s: &str) -> Option<(u8, usize)> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return digits.parse().ok().map(|m| (m, digits.len()));
    }
    const CN: [&str; 12] = [
        "十二", "十一", "十", "一", "二", "三", "四", "五", "六", "七", "八", "九",
    ];
    const VALUES: [u8; 12] = [12, 11, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    CN.iter()
        .zip(VALUES)
        .find(|(w, _)| s.starts_with(**w))
        .map(|(w, v)| (v, w.len()))
}

/// The part of a year a title or heading names, if any.
pub fn part_year(text: &str) -> Option<PartYear> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for (word, from, to) in [
        ("前三季度", 1, 9),
        ("三季度末", 1, 9),
        ("第一季度", 1, 3),
        ("一季度", 1, 3),
        ("上半年", 1, 6),
        ("第二季度", 4, 6),
        ("二季度", 4, 6),
        ("第三季度", 7, 9),
        ("四季度", 10, 12),
    ] {
        if t.contains(word) {
            return Some(PartYear { from, to });
        }
    }
    // `1-8月`, `1至7月份`, `一至八月`.
    for (i, _) in t.char_indices() {
        let prev = t[..i].chars().next_back();
        if prev.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == '-') {
            continue;
        }
        let Some((from, n)) = month_number(&t[i..]) else {
            continue;
        };
        let rest = &t[i + n..];
        let Some(sep) = ["-", "—", "–", "~", "～", "至", "到"]
            .iter()
            .find(|s| rest.starts_with(**s))
        else {
            continue;
        };
        let rest = &rest[sep.len()..];
        let Some((to, m)) = month_number(rest) else {
            continue;
        };
        if rest[m..].starts_with('月') && (1..=12).contains(&from) && (from..=12).contains(&to) {
            return Some(PartYear { from, to });
        }
    }
    // `截至10月底`, `截止9月末`.
    for lead in ["截至", "截止", "截止到", "截至到"] {
        if let Some(i) = t.find(lead) {
            let rest = &t[i + lead.len()..];
            if let Some((m, n)) = month_number(rest) {
                let after = &rest[n..];
                if (after.starts_with("月底") || after.starts_with("月末")) && (1..=12).contains(&m)
                {
                    return Some(PartYear { from: 1, to: m });
                }
            }
        }
    }
    // `3月份` in a title.
    if let Some(i) = t.find("月份") {
        let before = &t[..i];
        let digits: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let lead = &before[..before.len() - digits.len()];
        if !digits.is_empty() && !lead.ends_with(['.', '-']) {
            if let Ok(m) = digits.parse::<u8>() {
                if (1..=12).contains(&m) {
                    return Some(PartYear { from: m, to: m });
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        for (text, want) in [
            (
                "岳阳楼区2019年1-8月省市重点民生实事项目完成情况",
                Some((1, 8)),
            ),
            ("1- 8月 实际完成情况", Some((1, 8))),
            ("贵池区1-7月份招商引资工作情况通报", Some((1, 7))),
            ("2021年1-9月份重点建设项目简讯", Some((1, 9))),
            (
                "2023年度省政府民生实事涉我区工作任务一季度进展情况",
                Some((1, 3)),
            ),
            ("2024年1至11月重点工作进度表", Some((1, 11))),
            ("一至八月完成情况", Some((1, 8))),
            ("截至10月底，全市已改造户厕31万座", Some((1, 10))),
            ("2022年3月份民生实事进展", Some((3, 3))),
            ("2022年度部门整体支出绩效自评表", None),
            ("2021年12月完成", None),
            ("2020年12月", None),
        ] {
            let got = part_year(text).map(|p| (p.from, p.to));
            assert_eq!(got, want, "{text}");
        }
    }
}
