//! The IIM reader on arbitrary bytes, both as a Photoshop resource block and as a bare record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom_core::photo::EmbeddedMetadata;
use newsroom_media::iim;

fuzz_target!(|data: &[u8]| {
    let mut metadata = EmbeddedMetadata::default();
    if let Some(record) = iim::iptc_in_photoshop_resources(data) {
        iim::read_into(record, &mut metadata);
    }
    iim::read_into(data, &mut metadata);
    for value in &metadata.values {
        assert!(!value.value.is_empty(), "blank values are never kept");
    }
});
