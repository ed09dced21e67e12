//! Names on disk: which extension a picture gets, and what its files are called.
//!
//! The lesson saved every cat as `.png`; cataas mostly serves JPEGs, so that was a lie on disk. Here the
//! extension comes from the Content-Type the server sent, or, when it sent none, from the first bytes of
//! the picture itself ("magic bytes").

use std::borrow::Cow;

/// What the Content-Type header says about the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An `image/*` type, with the file extension to use.
    Image(Cow<'static, str>),
    /// No Content-Type (or `application/octet-stream`): decide from the magic bytes once they arrive.
    Unknown,
    /// Something else (HTML, JSON, ...): the given media type, lower-cased, without parameters.
    NotImage(String),
}

/// Classifies a Content-Type header value (`None` when the header is missing or empty).
///
/// ```
/// use catfetch::naming::{classify, Kind};
/// assert_eq!(classify(Some("image/jpeg")), Kind::Image("jpg".into()));
/// assert_eq!(classify(Some("Image/PNG; charset=binary")), Kind::Image("png".into()));
/// assert_eq!(classify(Some("text/html; charset=utf-8")), Kind::NotImage("text/html".into()));
/// assert_eq!(classify(None), Kind::Unknown);
/// ```
pub fn classify(content_type: Option<&str>) -> Kind {
    // A media type is `type/subtype` followed by optional `; parameters`; case-insensitive (RFC 9110 8.3.1).
    let essence = content_type
        .and_then(|value| value.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase())
        .unwrap_or_default();
    // `application/octet-stream` means "some bytes": sniff them like a missing type. (It is also what
    // surf reports when the server sent no Content-Type at all: http-types fills that default in.)
    if essence.is_empty() || essence == "application/octet-stream" {
        return Kind::Unknown;
    }
    match essence.strip_prefix("image/") {
        Some(subtype) if !subtype.is_empty() => Kind::Image(extension_for(subtype)),
        _ => Kind::NotImage(essence),
    }
}

/// The file extension for an `image/{subtype}` (subtype already lower-case).
fn extension_for(subtype: &str) -> Cow<'static, str> {
    let known = match subtype {
        "jpeg" | "jpg" | "pjpeg" => "jpg",
        "png" | "x-png" | "apng" => "png",
        "gif" => "gif",
        "webp" => "webp",
        "avif" => "avif",
        "heic" | "heif" => "heic",
        "jxl" => "jxl",
        "bmp" | "x-bmp" | "x-ms-bmp" => "bmp",
        "tiff" => "tiff",
        "svg+xml" => "svg",
        "x-icon" | "vnd.microsoft.icon" => "ico",
        _ => return Cow::Owned(fallback_extension(subtype)),
    };
    Cow::Borrowed(known)
}

/// For an image type we do not know, derive a safe extension from the subtype (`image/x-qoi` -> `qoi`).
/// Anything that is not short and alphanumeric becomes `img`: a hostile header must never put a path
/// separator or a dot into a file name.
fn fallback_extension(subtype: &str) -> String {
    let name = subtype.strip_prefix("x-").unwrap_or(subtype);
    let name = name.strip_prefix("vnd.").unwrap_or(name);
    let name = name.split('+').next().unwrap_or("");
    if !name.is_empty() && name.len() <= 8 && name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        name.to_owned()
    } else {
        "img".to_owned()
    }
}

/// How many leading bytes [`sniff`] needs to decide.
pub const SNIFF_LEN: usize = 16;

/// Recognises a picture from its first bytes; `None` if it is no format we know.
///
/// ```
/// use catfetch::naming::sniff;
/// assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Some("jpg"));
/// assert_eq!(sniff(b"<!doctype html>"), None);
/// ```
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| head.starts_with(magic);
    if starts(b"\xFF\xD8\xFF") {
        Some("jpg")
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("gif")
    } else if head.len() >= 12 && starts(b"RIFF") && &head[8..12] == b"WEBP" {
        Some("webp")
    } else if head.len() >= 12 && &head[4..8] == b"ftyp" && matches!(&head[8..12], b"avif" | b"avis") {
        Some("avif")
    } else if starts(b"BM") && head.len() >= 14 {
        Some("bmp")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("tiff")
    } else {
        None
    }
}

/// The digits needed for the largest index of `count` cats: 10 cats are `0..9` (1 digit), 100 are `00..99`.
pub fn index_width(count: usize) -> usize {
    count.saturating_sub(1).max(1).ilog10() as usize + 1
}

/// The file stem of cat `index` among `count`: zero-padded so that files sort in order.
///
/// ```
/// assert_eq!(catfetch::naming::stem(3, 10), "3");
/// assert_eq!(catfetch::naming::stem(3, 11), "03");
/// ```
pub fn stem(index: usize, count: usize) -> String {
    format!("{index:0width$}", width = index_width(count))
}

/// The hidden temporary file a download streams into, in the output directory itself (so the final
/// `rename` never crosses filesystems and is atomic). The process id tells runs apart.
pub fn temp_name(stem: &str, pid: u32) -> String {
    format!(".{stem}.catfetch-{pid}.part")
}

/// The process id in a name made by [`temp_name`], or `None` if the name is not one of ours.
pub fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".part")?;
    let (_stem, pid) = rest.rsplit_once(".catfetch-")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_image_type_gets_its_own_extension() {
        for (content_type, ext) in [
            ("image/jpeg", "jpg"),
            ("image/pjpeg", "jpg"),
            ("image/png", "png"),
            ("image/gif", "gif"),
            ("image/webp", "webp"),
            ("image/avif", "avif"),
            ("image/svg+xml", "svg"),
            ("image/bmp", "bmp"),
            ("image/x-icon", "ico"),
            ("image/tiff", "tiff"),
            ("IMAGE/JPEG ; q=1", "jpg"),
        ] {
            assert_eq!(classify(Some(content_type)), Kind::Image(ext.into()), "{content_type}");
        }
    }

    #[test]
    fn unknown_image_subtypes_get_a_safe_extension() {
        assert_eq!(classify(Some("image/x-qoi")), Kind::Image("qoi".into()));
        assert_eq!(classify(Some("image/vnd.djvu")), Kind::Image("djvu".into()));
        assert_eq!(classify(Some("image/../../etc")), Kind::Image("img".into()));
        assert_eq!(classify(Some("image/averyveryverylongname")), Kind::Image("img".into()));
        assert_eq!(classify(Some("image/")), Kind::NotImage("image/".into()));
    }

    #[test]
    fn non_images_are_named_by_their_media_type() {
        assert_eq!(classify(Some("text/html; charset=utf-8")), Kind::NotImage("text/html".into()));
        assert_eq!(classify(Some("application/json")), Kind::NotImage("application/json".into()));
        assert_eq!(classify(Some("")), Kind::Unknown);
        assert_eq!(classify(Some("  ")), Kind::Unknown);
        assert_eq!(classify(Some("application/octet-stream")), Kind::Unknown);
    }

    #[test]
    fn magic_bytes_identify_pictures() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("png"));
        assert_eq!(sniff(b"GIF89a\x01\0"), Some("gif"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(sniff(b"\0\0\0\x1cftypavif\0\0"), Some("avif"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WAVE"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn indices_are_padded_to_the_widest_index() {
        assert_eq!(index_width(1), 1);
        assert_eq!(index_width(10), 1);
        assert_eq!(index_width(11), 2);
        assert_eq!(index_width(100), 2);
        assert_eq!(index_width(101), 3);
        assert_eq!(stem(0, 100), "00");
        assert_eq!(stem(99, 100), "99");
        assert_eq!(stem(7, 1000), "007");
    }

    #[test]
    fn temp_files_are_hidden_and_carry_the_pid() {
        assert_eq!(temp_name("03", 4242), ".03.catfetch-4242.part");
        assert_eq!(temp_pid(&temp_name("03", 4242)), Some(4242));
        for other in ["03.jpg", ".03.catfetch-.part", ".03.catfetch-12x.part", ".x.part", "catfetch-1.part"] {
            assert_eq!(temp_pid(other), None, "{other}");
        }
    }
}
