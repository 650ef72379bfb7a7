//! The wire reader on arbitrary bytes (ninjs JSON and NewsML-G2 XML from agencies): an item or
//! a refusal in words, never a panic, and nothing read back that an item must have left empty.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(item) = newsroom_wire::read_wire(data) {
        assert!(!item.uri.trim().is_empty(), "an item always has its identifier");
        assert!(item.version >= 1, "versions start at 1");
    }
});
