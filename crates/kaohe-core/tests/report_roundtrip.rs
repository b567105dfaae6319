//! The report reads back from its own JSON unchanged: what the store keeps
//! and the exports read is the typed report, not a JSON tree.

use kaohe_core::check::{self, Report};

fn roundtrip(text: &str) {
    let report = check::check(text);
    let json = serde_json::to_string(&report).unwrap();
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
}

#[test]
fn the_example_reads_back_byte_for_byte() {
    roundtrip(include_str!("../../../examples/beijing-2022.txt"));
}

#[test]
fn fractions_and_ranges_read_back() {
    roundtrip(
        "考评维度\t自查内容\t落实情况\t存在问题及原因\n业务\t1.满意度达到95.5%以上。2.培训3至5期。\t1.满意度98.25%。2.培训4期，共0.35万人次。\t无\n",
    );
}

#[test]
fn units_outside_the_lexicon_read_back() {
    let unit = kaohe_core::units::intern("个月");
    assert_eq!(unit, "个月");
    assert_eq!(kaohe_core::units::intern("某种新单位"), "某种新单位");
    assert_eq!(kaohe_core::units::intern(""), "");
}

/// The stored spellings (`as_str`) are the JSON contract's, and read back.
#[test]
fn stored_spellings_are_the_contracts() {
    use kaohe_core::claim::Claimed;
    use kaohe_core::quantity::{Comparator, Period};
    use kaohe_core::target::TargetKind;
    use kaohe_core::verify::{Flag, Verdict};
    fn json<T: serde::Serialize>(v: T) -> String {
        serde_json::to_value(v)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }
    for v in Verdict::ALL {
        assert_eq!(v.as_str(), json(v));
        assert_eq!(Verdict::parse(v.as_str()), Some(v));
    }
    for k in TargetKind::ALL {
        assert_eq!(k.as_str(), json(k));
        assert_eq!(TargetKind::parse(k.as_str()), Some(k));
    }
    for c in Comparator::ALL {
        assert_eq!(c.symbol(), json(c));
        assert_eq!(Comparator::parse(c.symbol()), Some(c));
    }
    for p in Period::ALL {
        assert_eq!(p.as_str(), json(p));
        assert_eq!(Period::parse(p.as_str()), Some(p));
    }
    for f in Flag::ALL {
        assert_eq!(f.as_str(), json(f));
    }
    for c in Claimed::ALL {
        assert_eq!(c.as_str(), json(c));
        assert_eq!(Claimed::parse(c.as_str()), Some(c));
    }
}
