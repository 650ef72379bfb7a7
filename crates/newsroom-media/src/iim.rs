//! IPTC IIM (Information Interchange Model), as Photoshop stores it in a JPEG's APP13 segment.
//!
//! Written here because no maintained crate reads IIM safely: the one on crates.io (`iptc` 0.3)
//! indexes past the end of truncated segments and ignores the record's character set. This
//! reader is small, checks every length against the bytes it has, never panics (fuzzed by
//! `fuzz/fuzz_targets/iim.rs`), and decodes text as UTF-8 only when the record says so
//! (dataset 1:90 = ESC % G); otherwise as Latin-1, as the standard prescribes, unless the
//! bytes are valid UTF-8 with non-ASCII characters, which many tools write without declaring.

use newsroom_core::photo::{EmbeddedMetadata, MetadataSource, PhotoField};

/// The header of a Photoshop APP13 segment.
pub const PHOTOSHOP_HEADER: &[u8] = b"Photoshop 3.0\0";

/// Photoshop's image resource id of the IPTC-NAA record.
const IPTC_RESOURCE_ID: u16 = 0x0404;

/// One dataset: record number, dataset number, raw value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset<'a> {
    /// The record (1 = envelope, 2 = application).
    pub record: u8,
    /// The dataset within the record (2:80 is By-line).
    pub number: u8,
    /// The bytes of the value.
    pub value: &'a [u8],
}

fn be_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The IPTC record inside Photoshop image resources (the APP13 payload after its header).
pub fn iptc_in_photoshop_resources(resources: &[u8]) -> Option<&[u8]> {
    let mut at = 0usize;
    while at + 12 <= resources.len() {
        let signature = resources.get(at..at + 4)?;
        if !matches!(signature, b"8BIM" | b"PHUT" | b"AgHg" | b"DCSR") {
            return None;
        }
        let id = be_u16(resources, at + 4)?;
        // A Pascal string, padded so that its length byte and text make an even count.
        let name_len = usize::from(*resources.get(at + 6)?);
        let name_total = (1 + name_len + 1) & !1;
        let size_at = at.checked_add(6 + name_total)?;
        let size = usize::try_from(be_u32(resources, size_at)?).ok()?;
        let data_at = size_at + 4;
        let data = resources.get(data_at..data_at.checked_add(size)?)?;
        if id == IPTC_RESOURCE_ID {
            return Some(data);
        }
        at = data_at.checked_add((size + 1) & !1)?;
    }
    None
}

/// The datasets of an IIM record, in order; stops quietly at the first malformed one.
pub fn datasets(record: &[u8]) -> Vec<Dataset<'_>> {
    let mut found = Vec::new();
    let mut at = 0usize;
    while at + 5 <= record.len() {
        if record[at] != 0x1c {
            break;
        }
        let (number_record, number) = (record[at + 1], record[at + 2]);
        let Some(declared) = be_u16(record, at + 3) else {
            break;
        };
        let mut value_at = at + 5;
        let length = if declared & 0x8000 == 0 {
            usize::from(declared)
        } else {
            // Extended dataset: the low bits say how many bytes hold the length.
            let count = usize::from(declared & 0x7fff);
            if count == 0 || count > 4 {
                break;
            }
            let Some(bytes) = record.get(value_at..value_at + count) else {
                break;
            };
            value_at += count;
            bytes
                .iter()
                .fold(0usize, |length, byte| (length << 8) | usize::from(*byte))
        };
        let Some(value) = value_at
            .checked_add(length)
            .and_then(|end| record.get(value_at..end))
        else {
            break;
        };
        found.push(Dataset {
            record: number_record,
            number,
            value,
        });
        at = value_at + length;
    }
    found
}

/// True when the record's coded character set (1:90) is UTF-8 (ISO 2022 "ESC % G").
fn declares_utf8(datasets: &[Dataset<'_>]) -> bool {
    datasets
        .iter()
        .any(|d| d.record == 1 && d.number == 90 && d.value == b"\x1b%G")
}

/// Decodes an IIM text value.
pub fn decode_text(value: &[u8], utf8_declared: bool) -> String {
    let text = if utf8_declared {
        String::from_utf8_lossy(value).into_owned()
    } else {
        match std::str::from_utf8(value) {
            Ok(text) if !text.is_ascii() => text.to_owned(),
            _ => value.iter().map(|byte| char::from(*byte)).collect(),
        }
    };
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Adds what an IIM record says to `metadata`.
pub fn read_into(record: &[u8], metadata: &mut EmbeddedMetadata) {
    let datasets = datasets(record);
    let utf8 = declares_utf8(&datasets);
    let mut creators = Vec::new();
    for dataset in datasets.iter().filter(|d| d.record == 2) {
        let field = match dataset.number {
            80 => {
                let name = decode_text(dataset.value, utf8);
                if !name.is_empty() && !creators.contains(&name) {
                    creators.push(name);
                }
                continue;
            }
            105 => PhotoField::Headline,
            110 => PhotoField::Credit,
            115 => PhotoField::Source,
            116 => PhotoField::Copyright,
            120 => PhotoField::Caption,
            _ => continue,
        };
        if metadata
            .values
            .iter()
            .any(|v| v.field == field && v.source == MetadataSource::Iim)
        {
            continue; // Non-repeatable: the first one counts.
        }
        metadata.add(
            field,
            MetadataSource::Iim,
            &decode_text(dataset.value, utf8),
        );
    }
    metadata.add(
        PhotoField::Creator,
        MetadataSource::Iim,
        &creators.join(", "),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(record: u8, number: u8, value: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0x1c, record, number];
        bytes.extend_from_slice(&u16::try_from(value.len()).unwrap_or(0).to_be_bytes());
        bytes.extend_from_slice(value);
        bytes
    }

    fn value_of(metadata: &EmbeddedMetadata, field: PhotoField) -> Option<&str> {
        metadata.candidates(field).first().map(|v| v.value.as_str())
    }

    #[test]
    fn latin1_without_a_character_set_is_decoded_as_latin1() {
        let record = [
            dataset(2, 80, b"Bj\xf6rn L\xe4rka"),
            dataset(2, 110, b"TT Nyhetsbyr\xe5n"),
        ]
        .concat();
        let mut metadata = EmbeddedMetadata::default();
        read_into(&record, &mut metadata);
        assert_eq!(
            value_of(&metadata, PhotoField::Creator),
            Some("Björn Lärka")
        );
        assert_eq!(
            value_of(&metadata, PhotoField::Credit),
            Some("TT Nyhetsbyrån")
        );
    }

    #[test]
    fn a_declared_utf8_record_is_utf8_and_bylines_repeat() {
        let record = [
            dataset(1, 90, b"\x1b%G"),
            dataset(2, 80, "Björn".as_bytes()),
            dataset(2, 80, "Åsa".as_bytes()),
            dataset(2, 116, "© AP".as_bytes()),
        ]
        .concat();
        let mut metadata = EmbeddedMetadata::default();
        read_into(&record, &mut metadata);
        assert_eq!(value_of(&metadata, PhotoField::Creator), Some("Björn, Åsa"));
        assert_eq!(value_of(&metadata, PhotoField::Copyright), Some("© AP"));
    }

    #[test]
    fn truncated_and_oversized_lengths_stop_the_reader_without_panicking() {
        let mut record = dataset(2, 120, b"A caption");
        record.extend_from_slice(&[0x1c, 2, 110, 0xff, 0xff, b'x']);
        assert_eq!(datasets(&record).len(), 1);
        assert!(datasets(&[0x1c, 2]).is_empty());
        // Extended length of 8 bytes is not allowed.
        assert!(datasets(&[0x1c, 2, 120, 0x80, 0x08, 0, 0, 0, 0, 0, 0, 0, 1]).is_empty());
        // Extended length of 2 bytes holding 3.
        assert_eq!(
            datasets(&[0x1c, 2, 120, 0x80, 0x02, 0, 3, b'a', b'b', b'c'])[0].value,
            b"abc"
        );
    }

    #[test]
    fn photoshop_resources_are_walked_to_the_iptc_block() {
        let mut resources = Vec::new();
        // A thumbnail resource with an odd-length name and odd-length data, then IPTC.
        resources.extend_from_slice(b"8BIM\x04\x0c\x03abc\x00\x00\x00\x03xyz\x00");
        resources.extend_from_slice(b"8BIM\x04\x04\x00\x00\x00\x00\x00\x05hello");
        assert_eq!(iptc_in_photoshop_resources(&resources), Some(&b"hello"[..]));
        assert_eq!(
            iptc_in_photoshop_resources(b"8BIM\x04\x04\x00\x00\xff\xff\xff\xff"),
            None
        );
        assert_eq!(iptc_in_photoshop_resources(b"junk"), None);
    }
}
