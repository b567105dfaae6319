//! Any text through the quantity extractor and the pair verifier: never a
//! panic, and every span is a real slice of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for q in kaohe_core::quantity::extract(text) {
        assert!(q.start <= q.end && q.end <= text.len());
        assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        assert!(q.clause.0 <= q.start && q.end <= q.clause.1.max(q.end));
    }
    if let Some((target, actual)) = text.split_once('\t') {
        let _ = kaohe_core::score::verify_pair(target, actual, Some(10.0));
    }
});
