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
