//! Property tests: a number written in Chinese numerals reads back as itself.

use kaohe_numerals::{chinese, Decimal};
use proptest::prelude::*;

fn financial(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '一' => '壹',
            '二' => '贰',
            '三' => '叁',
            '四' => '肆',
            '五' => '伍',
            '六' => '陆',
            '七' => '柒',
            '八' => '捌',
            '九' => '玖',
            '十' => '拾',
            '百' => '佰',
            '千' => '仟',
            other => other,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn standard_numerals_round_trip(n in 0u64..10_000_000_000_000) {
        let written = chinese::format(n);
        prop_assert_eq!(chinese::parse(&written), Some(Decimal::from_int(n.into())), "{}", written);
    }

    #[test]
    fn financial_numerals_round_trip(n in 0u64..1_000_000_000) {
        let written = financial(&chinese::format(n));
        prop_assert_eq!(chinese::parse(&written), Some(Decimal::from_int(n.into())), "{}", written);
    }

    #[test]
    fn liang_reads_as_two(n in 1u64..10) {
        // 两千, 两万: 两 is 二 before a unit.
        let written = format!("两千{}", chinese::format(n).replace('二', "两"));
        let want = 2000 + if n == 0 { 0 } else { n };
        prop_assert_eq!(chinese::parse(&written.replace("两千", "两千零")), Some(Decimal::from_int(want.into())));
    }

    #[test]
    fn decimals_round_trip(int in 0u64..100_000, frac in 1u32..1000) {
        let text = format!("{int}.{frac:03}");
        let d: Decimal = text.parse().unwrap();
        prop_assert_eq!(d.to_string().parse::<Decimal>().unwrap(), d);
        prop_assert!((d.to_f64() - text.parse::<f64>().unwrap()).abs() < 1e-9);
    }

    #[test]
    fn parse_never_panics(s in "[零〇一二两三四五六七八九十百千万亿壹贰叁拾佰仟点]{0,12}") {
        let _ = chinese::parse(&s);
    }
}
