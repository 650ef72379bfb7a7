//! Every metadata block of a file (containers, IIM, XMP, EXIF) on arbitrary bytes, read as
//! each type the desk accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom_core::photo::PhotoType;

fuzz_target!(|data: &[u8]| {
    for media_type in [PhotoType::Jpeg, PhotoType::Png, PhotoType::Webp] {
        let _ = newsroom_media::read_metadata(data, media_type);
    }
});
