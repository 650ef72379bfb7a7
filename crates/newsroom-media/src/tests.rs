//! The readers against the shared fixtures and against bad files crafted here.

use super::*;
use img_parts::jpeg::{Jpeg, JpegSegment};
use img_parts::ImageEXIF;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/photos/");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}{name}")).expect("fixture present")
}

fn value(photo: &PreparedPhoto, field: PhotoField) -> Option<(MetadataSource, String)> {
    photo
        .embedded
        .candidates(field)
        .first()
        .map(|v| (v.source, v.value.clone()))
}

/// A small JPEG made here, `width` × `height`, with extra segments inserted after SOI.
fn jpeg_with(width: u32, height: u32, segments: Vec<JpegSegment>) -> Vec<u8> {
    let picture = DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, _| {
        image::Rgb([u8::try_from(x % 256).unwrap_or(0), 90, 200])
    }));
    let mut bytes = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .expect("encode");
    let mut jpeg = Jpeg::from_bytes(Bytes::from(bytes)).expect("parse own jpeg");
    for (index, segment) in segments.into_iter().enumerate() {
        jpeg.segments_mut().insert(index, segment);
    }
    jpeg.encoder().bytes().to_vec()
}

/// A TIFF/EXIF block with one SHORT Orientation tag.
fn exif_orientation(orientation: u16) -> Bytes {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes());
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    Bytes::from(tiff)
}

fn app13(record: &[u8]) -> JpegSegment {
    let mut payload = iim::PHOTOSHOP_HEADER.to_vec();
    payload.extend_from_slice(b"8BIM\x04\x04\0\0");
    payload.extend_from_slice(&u32::try_from(record.len()).unwrap_or(0).to_be_bytes());
    payload.extend_from_slice(record);
    if record.len() % 2 == 1 {
        payload.push(0);
    }
    JpegSegment::new_with_contents(0xED, Bytes::from(payload))
}

fn app1_xmp(packet: &str) -> JpegSegment {
    let mut payload = xmp::JPEG_XMP_HEADER.to_vec();
    payload.extend_from_slice(packet.as_bytes());
    JpegSegment::new_with_contents(0xE1, Bytes::from(payload))
}

#[test]
fn the_iim_fixture_gives_the_model_credit() {
    let photo = prepare(fixture("photo-iptc-iim.jpg")).expect("a good photo");
    assert_eq!(photo.media_type, PhotoType::Jpeg);
    assert_eq!(
        value(&photo, PhotoField::Creator),
        Some((MetadataSource::Iim, "Alexander Zemlianichenko".into()))
    );
    assert_eq!(
        value(&photo, PhotoField::Credit),
        Some((MetadataSource::Iim, "Officiell pool via AP/TT".into()))
    );
    assert_eq!(
        value(&photo, PhotoField::Source).map(|v| v.1).as_deref(),
        Some("TT")
    );
    assert_eq!(
        value(&photo, PhotoField::Copyright).map(|v| v.1).as_deref(),
        Some("© AP")
    );
    assert_eq!(
        value(&photo, PhotoField::Headline).map(|v| v.1).as_deref(),
        Some("Putin in Kazan")
    );
    assert!(value(&photo, PhotoField::Caption)
        .is_some_and(|(_, caption)| caption.starts_with("Vladimir Putin at the final press")));
    assert!(photo.warnings.is_empty(), "{:?}", photo.warnings);
    let resolved = newsroom_core::PhotoMetadata::resolve(&photo.embedded, &Default::default());
    assert_eq!(
        resolved.credit_line().as_deref(),
        Some("Photo: Alexander Zemlianichenko/Officiell pool via AP/TT")
    );
}

#[test]
fn the_xmp_fixture_gives_alt_text_and_credit() {
    let photo = prepare(fixture("photo-xmp-only.jpg")).expect("a good photo");
    assert_eq!(
        value(&photo, PhotoField::AltText),
        Some((
            MetadataSource::Xmp,
            "Two men in suits shaking hands in front of flags".into()
        ))
    );
    assert_eq!(
        value(&photo, PhotoField::Creator).map(|v| v.1).as_deref(),
        Some("Ahn Young-joon")
    );
    assert_eq!(
        value(&photo, PhotoField::Credit).map(|v| v.1).as_deref(),
        Some("AP/TT")
    );
    assert_eq!(
        value(&photo, PhotoField::Copyright).map(|v| v.1).as_deref(),
        Some("© AP")
    );
}

#[test]
fn the_plain_png_has_no_metadata_and_its_size() {
    let photo = prepare(fixture("photo-plain.png")).expect("a good photo");
    assert_eq!(photo.media_type, PhotoType::Png);
    assert_eq!((photo.width, photo.height), (800, 600));
    assert!(photo.embedded.values.is_empty());
    assert_eq!(photo.sha256, sha256_hex(&fixture("photo-plain.png")));
    assert_eq!(photo.original, fixture("photo-plain.png"), "untouched");
}

#[test]
fn renditions_are_small_and_upright() {
    let mut sideways =
        Jpeg::from_bytes(Bytes::from(jpeg_with(4000, 1000, Vec::new()))).expect("own jpeg");
    sideways.set_exif(Some(exif_orientation(6)));
    let bytes = sideways.encoder().bytes().to_vec();
    let photo = prepare(bytes).expect("good");
    assert_eq!(
        (photo.width, photo.height),
        (1000, 4000),
        "EXIF orientation 6 turns it upright"
    );
    let thumb = image::load_from_memory(&photo.thumbnail.bytes).expect("thumbnail decodes");
    assert_eq!((thumb.width(), thumb.height()), (80, THUMBNAIL_SIDE));
    let display = image::load_from_memory(&photo.display.bytes).expect("display decodes");
    assert_eq!(display.height(), DISPLAY_SIDE);
}

#[test]
fn xmp_wins_over_iim_and_iim_over_exif_in_one_file() {
    let record = [
        &b"\x1c\x02\x50\x00\x08IIM Name"[..],
        b"\x1c\x02\x6e\x00\x06TT/IIM",
    ]
    .concat();
    let packet = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>XMP Name</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF>"#;
    let photo = prepare(jpeg_with(30, 20, vec![app13(&record), app1_xmp(packet)])).expect("good");
    let creators: Vec<_> = photo
        .embedded
        .candidates(PhotoField::Creator)
        .into_iter()
        .map(|v| (v.source, v.value.as_str()))
        .collect();
    assert_eq!(
        creators,
        [
            (MetadataSource::Xmp, "XMP Name"),
            (MetadataSource::Iim, "IIM Name")
        ]
    );
    assert_eq!(
        value(&photo, PhotoField::Credit),
        Some((MetadataSource::Iim, "TT/IIM".into())),
        "IIM fills what XMP does not say"
    );
}

#[test]
fn latin1_iim_without_a_character_set_reads_right() {
    let record = b"\x1c\x02\x50\x00\x0bBj\xf6rn L\xe4rka";
    let photo = prepare(jpeg_with(30, 20, vec![app13(record)])).expect("good");
    assert_eq!(
        value(&photo, PhotoField::Creator).map(|v| v.1).as_deref(),
        Some("Björn Lärka")
    );
}

#[test]
fn broken_xmp_is_a_warning_and_the_photo_is_kept() {
    let photo = prepare(jpeg_with(
        30,
        20,
        vec![app1_xmp("<rdf:RDF><dc:rights>half")],
    ))
    .expect("the picture itself is fine");
    assert_eq!(photo.warnings.len(), 1);
    assert!(
        photo.warnings[0].0.contains("XMP metadata is damaged"),
        "{:?}",
        photo.warnings
    );
    assert!(photo.embedded.values.is_empty());
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    assert_eq!(
        prepare(b"%PDF-1.7 this is not a photo at all".to_vec()).err(),
        Some(PhotoError::NotAPhoto)
    );
    assert_eq!(
        prepare(b"GIF89a\x01\x00\x01\x00".to_vec()).err(),
        Some(PhotoError::NotAPhoto),
        "GIF is not taken"
    );
    let good = fixture("photo-iptc-iim.jpg");
    let truncated = good[..good.len() * 2 / 3].to_vec();
    assert!(matches!(prepare(truncated), Err(PhotoError::Damaged(_))));

    // A PNG whose header claims 50,000 x 50,000 pixels.
    let mut png = img_parts::png::Png::from_bytes(Bytes::from(fixture("photo-plain.png")))
        .expect("fixture parses");
    let mut header = png.chunks()[0].contents().to_vec();
    header[0..4].copy_from_slice(&50_000u32.to_be_bytes());
    header[4..8].copy_from_slice(&50_000u32.to_be_bytes());
    png.chunks_mut()[0] = img_parts::png::PngChunk::new(*b"IHDR", Bytes::from(header));
    let huge = png.encoder().bytes().to_vec();
    let message = prepare(huge)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.contains("50000 × 50000 pixels"), "{message}");

    let sixty_megabytes = vec![0xffu8; 60 * 1024 * 1024];
    let message = prepare(sixty_megabytes)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.contains("60 MB"), "{message}");

    // A header that promises a picture, then nothing.
    assert!(prepare(good[..200].to_vec()).is_err());
}

#[test]
fn metadata_readers_survive_every_prefix_of_the_fixtures() {
    for name in [
        "photo-iptc-iim.jpg",
        "photo-xmp-only.jpg",
        "photo-plain.png",
    ] {
        let bytes = fixture(name);
        let media_type = sniff(&bytes).expect("fixture type");
        for end in (0..bytes.len()).step_by(997) {
            let _ = read_metadata(&bytes[..end], media_type);
        }
    }
}

#[test]
fn only_real_transparency_keeps_a_png_rendition() {
    let mut bytes = Vec::new();
    let cutout = image::RgbaImage::from_fn(40, 40, |x, _| {
        image::Rgba([200, 30, 30, if x < 20 { 0 } else { 255 }])
    });
    DynamicImage::ImageRgba8(cutout)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .expect("encode");
    assert_eq!(
        prepare(bytes).expect("good").thumbnail.media_type,
        PhotoType::Png
    );
    assert_eq!(
        prepare(fixture("photo-plain.png"))
            .expect("good")
            .thumbnail
            .media_type,
        PhotoType::Jpeg,
        "an unused alpha channel does not make a PNG"
    );
}

#[test]
fn raw_pixels_from_the_clipboard_become_a_png_photo() {
    let pixels = vec![200u8; 30 * 20 * 4];
    let png = png_from_rgba(pixels, 30, 20).expect("encodes");
    let photo = prepare(png).expect("a good photo");
    assert_eq!(
        (photo.media_type, photo.width, photo.height),
        (PhotoType::Png, 30, 20)
    );
    assert!(matches!(
        png_from_rgba(vec![0; 10], 30, 20),
        Err(PhotoError::Damaged(_))
    ));
    assert!(matches!(
        png_from_rgba(Vec::new(), 50_000, 50_000),
        Err(PhotoError::TooManyPixels { .. })
    ));
}
