//! Any bytes through the importer and the whole check: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((text, _)) = kaohe_import::decode(data) {
        let report = kaohe_core::check::check(&text);
        // Every reported line number must exist in the input.
        let lines = text.split('\n').count() as u32;
        for task in &report.tasks {
            for q in &task.quantities {
                if let Some(l) = q.line {
                    assert!(l >= 1 && l <= lines);
                }
            }
        }
    }
});
