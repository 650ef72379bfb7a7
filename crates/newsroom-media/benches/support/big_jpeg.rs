//! A 24-megapixel JPEG with credits in IIM, XMP and EXIF, made on the spot (no 8 MB fixture in
//! the repository). Shared by `benches/photos.rs` and `examples/big-jpeg.rs` (which the window
//! bench pastes into the editor).

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, RgbImage};
use img_parts::jpeg::{Jpeg, JpegSegment};
use img_parts::{Bytes, ImageEXIF};

/// A 24-megapixel photo-like JPEG with credits in all three places.
pub fn twenty_four_megapixels() -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let picture = RgbImage::from_fn(6000, 4000, |x, y| {
        // A gradient with noise compresses like a photo, not like a flat test card.
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let noise = (seed & 0x1f) as u8;
        image::Rgb([
            ((x / 24) as u8).wrapping_add(noise),
            ((y / 16) as u8).wrapping_add(noise),
            (((x + y) / 40) as u8).wrapping_add(noise),
        ])
    });
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(picture)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .expect("encode");
    let mut jpeg = Jpeg::from_bytes(Bytes::from(bytes)).expect("parse");
    let mut iim = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    let record = b"\x1c\x01\x5a\x00\x03\x1b%G\x1c\x02\x50\x00\x18Alexander Zemlianichenko\x1c\x02\x6e\x00\x18Officiell pool via AP/TT";
    iim.extend_from_slice(&(record.len() as u32).to_be_bytes());
    iim.extend_from_slice(record);
    let xmp = format!(
        "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:photoshop='http://ns.adobe.com/photoshop/1.0/' photoshop:Credit='AP/TT'><dc:creator><rdf:Seq><rdf:li>Alexander Zemlianichenko</rdf:li></rdf:Seq></dc:creator><dc:description><rdf:Alt><rdf:li xml:lang='x-default'>{}</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>",
        "Vladimir Putin at the final press conference. ".repeat(20)
    );
    jpeg.segments_mut()
        .insert(0, JpegSegment::new_with_contents(0xED, Bytes::from(iim)));
    jpeg.segments_mut().insert(
        1,
        JpegSegment::new_with_contents(0xE1, Bytes::from(xmp.into_bytes())),
    );
    let exif = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x01\0\0\0\0\0\0".to_vec();
    jpeg.set_exif(Some(Bytes::from(exif)));
    jpeg.encoder().bytes().to_vec()
}
