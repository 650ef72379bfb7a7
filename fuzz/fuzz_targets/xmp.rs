//! The XMP reader on arbitrary bytes: an error or metadata, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(metadata) = newsroom_media::xmp::read(data) {
        for value in &metadata.values {
            assert!(!value.value.is_empty(), "blank values are never kept");
        }
    }
});
