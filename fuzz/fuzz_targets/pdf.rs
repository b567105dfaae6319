//! Any bytes through the PDF reader: never a panic, a hang or a blow-up;
//! the reader's limits end every read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Only bytes that start as a PDF reach the PDF reader.
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend_from_slice(data);
    let _ = kaohe_import::read_document(&bytes);
});
