//! Photo files, read safely: what the file says about its credit, and the pictures the desk
//! shows of it.
//!
//! A photo comes from outside (an agency feed, a photographer's card, the clipboard), so every
//! byte here is untrusted: the size is checked before anything is read, dimensions before
//! anything is decoded, and decoding runs under pixel and allocation limits. Metadata comes from
//! the file's IPTC IIM record ([`iim`]), its XMP packet ([`xmp`]) and its EXIF tags (kamadak-exif);
//! a damaged metadata block costs that block only, with a warning, never the photo. The original
//! bytes are never changed: the desk keeps them as they came and derives a display rendition and
//! a thumbnail, both upright (EXIF orientation applied).
//!
//! Nothing here touches the disk or the database; the store decides where things go.

#![warn(missing_docs)]

pub mod iim;
pub mod xmp;

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use img_parts::Bytes;
use newsroom_core::photo::{EmbeddedMetadata, MetadataSource, PhotoField, PhotoType};
use sha2::{Digest, Sha256};

/// The largest file the desk accepts (a 24-megapixel JPEG is 8 to 15 MB).
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// The most pixels the desk decodes (a 100-megapixel medium-format frame).
pub const MAX_PIXELS: u64 = 100_000_000;
/// The longest side the desk decodes.
pub const MAX_SIDE: u32 = 30_000;
/// Memory the decoder may allocate.
const MAX_DECODE_ALLOC: u64 = 1024 * 1024 * 1024;
/// Longest side of the rendition shown in the preview.
pub const DISPLAY_SIDE: u32 = 1600;
/// Longest side of the thumbnail in the panel and the library.
pub const THUMBNAIL_SIDE: u32 = 320;

/// Why a file cannot be attached, in words for the journalist (the caller names the file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// Not an image the desk takes.
    #[error("it is not a JPEG, PNG or WebP photo")]
    NotAPhoto,
    /// Over [`MAX_FILE_BYTES`].
    #[error("it is {} MB; the most the desk takes is {} MB", .bytes / 1_048_576, MAX_FILE_BYTES / 1_048_576)]
    FileTooLarge {
        /// Its size.
        bytes: u64,
    },
    /// Over [`MAX_PIXELS`] or [`MAX_SIDE`].
    #[error("it is {width} × {height} pixels; the most the desk takes is {} megapixels and {} pixels a side", MAX_PIXELS / 1_000_000, MAX_SIDE)]
    TooManyPixels {
        /// Width the file claims.
        width: u32,
        /// Height the file claims.
        height: u32,
    },
    /// The picture data is damaged or cut short.
    #[error("the picture in it is damaged or incomplete ({0})")]
    Damaged(String),
}

/// Something read only in part; the photo is still attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadWarning(pub String);

/// A photo checked, described and rendered, ready for the store to keep.
#[derive(Debug, Clone)]
pub struct PreparedPhoto {
    /// The original bytes, untouched.
    pub original: Vec<u8>,
    /// Their sha256, in lower-case hex.
    pub sha256: String,
    /// JPEG, PNG or WebP (by content, not by file name).
    pub media_type: PhotoType,
    /// Width as displayed (EXIF orientation applied).
    pub width: u32,
    /// Height as displayed.
    pub height: u32,
    /// What the file says about itself.
    pub embedded: EmbeddedMetadata,
    /// Metadata that could not be read, each a sentence.
    pub warnings: Vec<ReadWarning>,
    /// The preview rendition.
    pub display: Rendition,
    /// The thumbnail.
    pub thumbnail: Rendition,
}

/// A derived picture.
#[derive(Debug, Clone)]
pub struct Rendition {
    /// Encoded bytes.
    pub bytes: Vec<u8>,
    /// JPEG, or PNG when the photo has transparent parts.
    pub media_type: PhotoType,
}

/// The sha256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The type of `bytes` by their content.
pub fn sniff(bytes: &[u8]) -> Result<PhotoType, PhotoError> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok(PhotoType::Jpeg),
        Ok(ImageFormat::Png) => Ok(PhotoType::Png),
        Ok(ImageFormat::WebP) => Ok(PhotoType::Webp),
        _ => Err(PhotoError::NotAPhoto),
    }
}

fn image_format(media_type: PhotoType) -> ImageFormat {
    match media_type {
        PhotoType::Jpeg => ImageFormat::Jpeg,
        PhotoType::Png => ImageFormat::Png,
        PhotoType::Webp => ImageFormat::WebP,
    }
}

/// Checks, describes and renders a photo file's bytes.
pub fn prepare(original: Vec<u8>) -> Result<PreparedPhoto, PhotoError> {
    let byte_count = u64::try_from(original.len()).unwrap_or(u64::MAX);
    if byte_count > MAX_FILE_BYTES {
        return Err(PhotoError::FileTooLarge { bytes: byte_count });
    }
    let media_type = sniff(&original)?;
    let picture = decode(&original, media_type)?;
    let (embedded, warnings) = read_metadata(&original, media_type);
    let display = render(&picture, DISPLAY_SIDE)?;
    let thumbnail = render(&picture, THUMBNAIL_SIDE)?;
    Ok(PreparedPhoto {
        sha256: sha256_hex(&original),
        media_type,
        width: picture.width(),
        height: picture.height(),
        embedded,
        warnings,
        display,
        thumbnail,
        original,
    })
}

/// A picture handed over as raw RGBA pixels (a pasted screenshot, an image copied from another
/// program) as a PNG file, so it can be kept and described like any photo. Refused when its
/// size does not match its pixels or is over the limits.
pub fn png_from_rgba(rgba: Vec<u8>, width: u32, height: u32) -> Result<Vec<u8>, PhotoError> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE {
        return Err(PhotoError::TooManyPixels { width, height });
    }
    let picture = image::RgbaImage::from_raw(width, height, rgba)
        .ok_or_else(|| PhotoError::Damaged("its pixels do not fill its size".into()))?;
    let mut bytes = Vec::new();
    DynamicImage::ImageRgba8(picture)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .map_err(|err| PhotoError::Damaged(err.to_string()))?;
    Ok(bytes)
}

/// Derives the renditions again from a kept original (when the cache was cleared).
pub fn renditions(original: &[u8]) -> Result<(Rendition, Rendition), PhotoError> {
    let picture = decode(original, sniff(original)?)?;
    Ok((
        render(&picture, DISPLAY_SIDE)?,
        render(&picture, THUMBNAIL_SIDE)?,
    ))
}

/// Decodes the whole picture under the limits, upright.
fn decode(bytes: &[u8], media_type: PhotoType) -> Result<DynamicImage, PhotoError> {
    let damaged = |err: image::ImageError| match err {
        image::ImageError::Limits(_) => PhotoError::Damaged("it needs too much memory".into()),
        image::ImageError::Unsupported(unsupported) => {
            PhotoError::Damaged(format!("a variant the desk cannot read: {unsupported}"))
        }
        other => PhotoError::Damaged(other.to_string()),
    };
    if media_type == PhotoType::Jpeg && !jpeg_is_complete(bytes) {
        return Err(PhotoError::Damaged(
            "the file ends before the picture does".into(),
        ));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format(media_type));
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|err| match err {
        image::ImageError::Limits(_) => oversized(bytes, media_type),
        other => damaged(other),
    })?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels { width, height });
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// The error for a file whose header claims more pixels than the limits allow.
fn oversized(bytes: &[u8], media_type: PhotoType) -> PhotoError {
    let claimed = match media_type {
        PhotoType::Jpeg => img_parts::jpeg::Jpeg::from_bytes(Bytes::copy_from_slice(bytes))
            .ok()
            .and_then(|jpeg| jpeg.dimensions())
            .map(|(w, h)| (u32::from(w), u32::from(h))),
        PhotoType::Png => img_parts::png::Png::from_bytes(Bytes::copy_from_slice(bytes))
            .ok()
            .and_then(|png| png.dimensions()),
        PhotoType::Webp => img_parts::webp::WebP::from_bytes(Bytes::copy_from_slice(bytes))
            .ok()
            .and_then(|webp| webp.dimensions()),
    };
    match claimed {
        Some((width, height)) => PhotoError::TooManyPixels { width, height },
        None => PhotoError::Damaged("its size cannot be read".into()),
    }
}

/// A JPEG decoder fills a cut-off picture with grey rather than fail, so the end-of-image
/// marker is looked for: a JPEG without one was cut short (in a download, on a full card).
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    // Cameras and agencies sometimes append padding or a second preview after the end marker.
    let tail_start = bytes.len().saturating_sub(64 * 1024);
    bytes[tail_start..]
        .windows(2)
        .any(|pair| pair == [0xff, 0xd9])
}

/// A rendition at most `side` pixels on its longest side (never enlarged).
fn render(picture: &DynamicImage, side: u32) -> Result<Rendition, PhotoError> {
    let scaled = if picture.width() > side || picture.height() > side {
        picture.thumbnail(side, side)
    } else {
        picture.clone()
    };
    let mut bytes = Vec::new();
    // Many PNGs carry an alpha channel they never use; only real transparency needs a PNG.
    let transparent =
        scaled.color().has_alpha() && scaled.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let media_type = if transparent {
        scaled
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .map_err(|err| PhotoError::Damaged(err.to_string()))?;
        PhotoType::Png
    } else {
        let rgb = DynamicImage::ImageRgb8(scaled.to_rgb8());
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85);
        rgb.write_with_encoder(encoder)
            .map_err(|err| PhotoError::Damaged(err.to_string()))?;
        PhotoType::Jpeg
    };
    Ok(Rendition { bytes, media_type })
}

/// Everything the file says about its credit, from IIM, XMP and EXIF, with warnings for the
/// blocks that could not be read.
pub fn read_metadata(bytes: &[u8], media_type: PhotoType) -> (EmbeddedMetadata, Vec<ReadWarning>) {
    let mut metadata = EmbeddedMetadata::default();
    let mut warnings = Vec::new();
    let blocks = metadata_blocks(bytes, media_type);
    if let Some(resources) = blocks.photoshop_resources {
        if let Some(record) = iim::iptc_in_photoshop_resources(&resources) {
            iim::read_into(record, &mut metadata);
        }
    }
    if let Some(packet) = blocks.xmp {
        match xmp::read(&packet) {
            Ok(found) => metadata.values.extend(found.values),
            Err(err) => warnings.push(ReadWarning(format!(
                "{err}; the credit fields from it were not read"
            ))),
        }
    }
    if let Some(note) = blocks.unread {
        warnings.push(ReadWarning(note));
    }
    read_exif(bytes, &mut metadata, &mut warnings);
    (metadata, warnings)
}

/// The metadata blocks of a file, still encoded.
#[derive(Default)]
struct MetadataBlocks {
    /// Photoshop image resources (JPEG APP13 payloads, concatenated).
    photoshop_resources: Option<Vec<u8>>,
    /// The XMP packet.
    xmp: Option<Vec<u8>>,
    /// A block that exists but that the desk does not read, as a warning.
    unread: Option<String>,
}

fn metadata_blocks(bytes: &[u8], media_type: PhotoType) -> MetadataBlocks {
    let mut blocks = MetadataBlocks::default();
    let bytes = Bytes::copy_from_slice(bytes);
    match media_type {
        PhotoType::Jpeg => {
            let Ok(jpeg) = img_parts::jpeg::Jpeg::from_bytes(bytes) else {
                return blocks;
            };
            let mut resources = Vec::new();
            for segment in jpeg.segments() {
                let contents = segment.contents();
                if segment.marker() == 0xED {
                    if let Some(payload) = contents.strip_prefix(iim::PHOTOSHOP_HEADER) {
                        resources.extend_from_slice(payload);
                    }
                } else if segment.marker() == 0xE1 && blocks.xmp.is_none() {
                    if let Some(packet) = contents.strip_prefix(xmp::JPEG_XMP_HEADER) {
                        blocks.xmp = Some(packet.to_vec());
                    }
                }
            }
            if !resources.is_empty() {
                blocks.photoshop_resources = Some(resources);
            }
        }
        PhotoType::Png => {
            let Ok(png) = img_parts::png::Png::from_bytes(bytes) else {
                return blocks;
            };
            for chunk in png.chunks_by_type(*b"iTXt") {
                let contents = chunk.contents();
                let Some(rest) = contents.strip_prefix(b"XML:com.adobe.xmp\0".as_slice()) else {
                    continue;
                };
                // Compression flag, method, then language and translated keyword, NUL-ended.
                let compressed = rest.first().copied().unwrap_or(0) != 0;
                let text = rest
                    .get(2..)
                    .and_then(|r| skip_nul_terminated(r, 2))
                    .unwrap_or_default();
                if compressed {
                    blocks.unread = Some(
                        "its XMP metadata is compressed, which the desk does not read yet".into(),
                    );
                } else {
                    blocks.xmp = Some(text.to_vec());
                }
            }
        }
        PhotoType::Webp => {
            let Ok(webp) = img_parts::webp::WebP::from_bytes(bytes) else {
                return blocks;
            };
            if let Some(chunk) = webp.chunk_by_id(*b"XMP ") {
                if let img_parts::riff::RiffContent::Data(data) = chunk.content() {
                    blocks.xmp = Some(data.to_vec());
                }
            }
        }
    }
    blocks
}

/// `bytes` after `count` NUL-terminated strings.
fn skip_nul_terminated(mut bytes: &[u8], count: usize) -> Option<&[u8]> {
    for _ in 0..count {
        let end = bytes.iter().position(|b| *b == 0)?;
        bytes = &bytes[end + 1..];
    }
    Some(bytes)
}

/// EXIF Artist, Copyright and ImageDescription.
fn read_exif(bytes: &[u8], metadata: &mut EmbeddedMetadata, warnings: &mut Vec<ReadWarning>) {
    let exif = match exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) {
        Ok(exif) => exif,
        Err(exif::Error::NotFound(_)) => return,
        Err(err) => {
            warnings.push(ReadWarning(format!(
                "its EXIF metadata is damaged ({err}); the credit fields from it were not read"
            )));
            return;
        }
    };
    for (tag, field) in [
        (exif::Tag::Artist, PhotoField::Creator),
        (exif::Tag::Copyright, PhotoField::Copyright),
        (exif::Tag::ImageDescription, PhotoField::Caption),
    ] {
        if let Some(found) = exif.get_field(tag, exif::In::PRIMARY) {
            if let exif::Value::Ascii(parts) = &found.value {
                let text: Vec<String> = parts
                    .iter()
                    .map(|part| iim::decode_text(part, false))
                    .filter(|t| !t.is_empty())
                    .collect();
                metadata.add(field, MetadataSource::Exif, &text.join(" "));
            }
        }
    }
}

#[cfg(test)]
mod tests;
