//! Names on disk: which extension a picture gets, and what its files are called.
//!
//! The lesson saved every cat as `.png`; cataas mostly serves JPEGs, so that was a lie on disk. Here the
//! extension follows what the bytes are: the first bytes of a picture ("magic bytes") name its format
//! whenever it is one catfetch knows, whatever the Content-Type claimed; the Content-Type decides only
//! for formats that cannot be told by their bytes (SVG, HEIC, ...). See [`extension`].

use std::borrow::Cow;
use std::collections::HashSet;

use crate::error::CatError;

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
/// use catfetch_core::naming::{classify, Kind};
/// assert_eq!(classify(Some("image/jpeg")), Kind::Image("jpg".into()));
/// assert_eq!(classify(Some("Image/PNG; charset=binary")), Kind::Image("png".into()));
/// assert_eq!(classify(Some("text/html; charset=utf-8")), Kind::NotImage("text/html".into()));
/// assert_eq!(classify(None), Kind::Unknown);
/// ```
pub fn classify(content_type: Option<&str>) -> Kind {
    let essence = content_type.map(media_type).unwrap_or_default();
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

/// The media type of a Content-Type value, lower-cased, without parameters: `image/png` for
/// `Image/PNG; charset=binary`. (A media type is `type/subtype` followed by optional `; parameters`, and
/// case-insensitive: RFC 9110 8.3.1.)
pub fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
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

/// How many leading bytes [`sniff`] looks at: enough for every signature below (a BMP's header size field
/// ends at byte 18; an AVIF names its brands in the `ftyp` box that opens the file).
pub const SNIFF_LEN: usize = 64;

/// The picture formats [`sniff`] recognises by their first bytes: extension and name.
const SNIFFABLE: [(&str, &str); 7] = [
    ("jpg", "JPEG"),
    ("png", "PNG"),
    ("gif", "GIF"),
    ("webp", "WebP"),
    ("avif", "AVIF"),
    ("bmp", "BMP"),
    ("tiff", "TIFF"),
];

/// The name of a format catfetch recognises by its bytes (`"JPEG"` for `jpg`); `None` for the others.
pub fn format_name(ext: &str) -> Option<&'static str> {
    SNIFFABLE.iter().find(|(known, _)| *known == ext).map(|(_, name)| *name)
}

/// Recognises a picture from its first bytes; `None` if it is no format we know.
///
/// ```
/// use catfetch_core::naming::sniff;
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
    } else if is_avif(head) {
        Some("avif")
    } else if is_bmp(head) {
        Some("bmp")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("tiff")
    } else {
        None
    }
}

/// AVIF is an ISO-BMFF file that opens with an `ftyp` box: its size, `ftyp`, the major brand, a version,
/// then compatible brands up to the box's end. It is AVIF if `avif` (a still) or `avis` (a sequence) is
/// among those brands: many encoders make `mif1` the major brand and list `avif` as compatible.
fn is_avif(head: &[u8]) -> bool {
    if head.len() < 12 || &head[4..8] != b"ftyp" {
        return false;
    }
    let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let compatible = head.get(16..size.min(head.len())).unwrap_or_default();
    std::iter::once(&head[8..12])
        .chain(compatible.chunks_exact(4))
        .any(|brand| brand == b"avif" || brand == b"avis")
}

/// A BMP opens with `BM`, its file size, four reserved bytes (zero), the offset of its pixels, and then
/// the size of its second header, which is one of a few fixed values. Checking those, not only `BM`,
/// keeps a text that happens to start with "BM" from passing for a picture.
fn is_bmp(head: &[u8]) -> bool {
    head.len() >= 18
        && head.starts_with(b"BM")
        && head[6..10] == [0; 4]
        && matches!(
            u32::from_le_bytes([head[14], head[15], head[16], head[17]]),
            12 | 16 | 40 | 52 | 56 | 64 | 108 | 124
        )
}

/// The extension a picture is saved with, from the Content-Type the server sent and the picture's first
/// bytes (`head`: [`SNIFF_LEN`] bytes, or the whole body if it is shorter); or why it is no picture.
///
/// The bytes win wherever catfetch can read them, so that a file named `.png` is a PNG:
///
/// | Content-Type | first bytes | verdict |
/// |---|---|---|
/// | not `image/*` (HTML, JSON, ...) | any | [`CatError::NotAnImage`] |
/// | `image/*`, or none | none at all | [`CatError::Empty`]: a picture is never empty |
/// | `image/*`, or none | a format [`sniff`] knows | that format's extension (`image/png` carrying a JPEG: `jpg`) |
/// | a format [`sniff`] knows (`image/png`, ...) | anything else | [`CatError::NotAPicture`] |
/// | an image type catfetch cannot check (`image/svg+xml`, `image/heic`, ...) | anything else | the type's extension |
/// | none, or `application/octet-stream` | anything else | [`CatError::Unrecognised`] |
///
/// ```
/// use catfetch_core::naming::extension;
/// assert_eq!(extension(Some("image/png"), b"\xFF\xD8\xFF\xE0\0\x10JFIF").unwrap(), "jpg");
/// assert_eq!(extension(Some("image/svg+xml"), b"<svg/>").unwrap(), "svg");
/// assert!(extension(Some("image/png"), b"<!doctype html>").is_err());
/// ```
pub fn extension(content_type: Option<&str>, head: &[u8]) -> Result<Cow<'static, str>, CatError> {
    let kind = classify(content_type);
    if let Kind::NotImage(content_type) = kind {
        return Err(CatError::NotAnImage { content_type });
    }
    if head.is_empty() {
        return Err(CatError::Empty);
    }
    if let Some(ext) = sniff(head) {
        return Ok(Cow::Borrowed(ext));
    }
    match kind {
        Kind::Image(ext) => match format_name(&ext) {
            Some(claimed) => Err(CatError::NotAPicture { claimed }),
            None => Ok(ext),
        },
        _ => Err(CatError::Unrecognised),
    }
}

/// The digits needed for the largest index of `count` cats: 10 cats are `0..9` (1 digit), 100 are `00..99`.
pub fn index_width(count: usize) -> usize {
    count.saturating_sub(1).max(1).ilog10() as usize + 1
}

/// The file stem of cat `index` among `count`: zero-padded so that files sort in order.
///
/// ```
/// assert_eq!(catfetch_core::naming::stem(3, 10), "3");
/// assert_eq!(catfetch_core::naming::stem(3, 11), "03");
/// ```
pub fn stem(index: usize, count: usize) -> String {
    format!("{index:0width$}", width = index_width(count))
}

/// Makes the file stems of a run distinct, in index order: the first cat that wants a stem gets it, each
/// later one the first free `{stem}-2`, `{stem}-3`, ... Two cats never share a stem, so they never share
/// a file name (`{stem}.{ext}`: a stem has no dot), a temp file name, or a `--skip-existing` match,
/// whatever their extensions.
///
/// Every stem some cat wants as it is, is reserved before any suffix is handed out: a suffixed name never
/// takes the name of a cat whose own id is, say, `ab-2`. Stems are compared ignoring ASCII case (they
/// are ASCII): on a case-insensitive filesystem (macOS and Windows by default) `Ab.jpg` and `ab.jpg` are
/// one file, and every cat must get its own file on any filesystem.
///
/// ```
/// let wanted = ["ab", "ab", "5", "AB", "ab-2"].map(String::from);
/// assert_eq!(catfetch_core::naming::distinct_stems(&wanted), ["ab", "ab-3", "5", "AB-4", "ab-2"]);
/// ```
pub fn distinct_stems(wanted: &[String]) -> Vec<String> {
    let key = |stem: &str| stem.to_ascii_lowercase();
    let mut taken: HashSet<String> = wanted.iter().map(|stem| key(stem)).collect();
    let mut given = HashSet::new();
    wanted
        .iter()
        .map(|stem| {
            if given.insert(key(stem)) {
                return stem.clone();
            }
            let mut n = 2;
            // Ends: `taken` is finite, and every turn tries a new name.
            while taken.contains(&key(&format!("{stem}-{n}"))) {
                n += 1;
            }
            let free = format!("{stem}-{n}");
            taken.insert(key(&free));
            free
        })
        .collect()
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
    fn bmp_and_avif_are_told_by_their_headers_not_just_their_first_letters() {
        // A 40-byte BITMAPINFOHEADER, the usual one.
        let bmp = b"BM\x36\x10\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x40\0";
        assert_eq!(sniff(bmp), Some("bmp"));
        assert_eq!(sniff(b"BMW owners' club: the newsletter"), None);
        assert_eq!(sniff(&bmp[..17]), None, "too short to see the header size");
        // AVIF as the major brand, or only among the compatible ones (major brand mif1).
        assert_eq!(sniff(b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf"), Some("avif"));
        assert_eq!(sniff(b"\0\0\0\x20ftypmif1\0\0\0\0mif1miafavifMA1B"), Some("avif"));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"), None, "HEIC is not AVIF");
        assert_eq!(sniff(b"\0\0\0\x14ftypisom\0\0\0\0isomavif"), None, "past the box's end");
        assert_eq!(sniff(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom"), None, "a video");
    }

    /// The first bytes of each format [`sniff`] knows, and of things that are no picture.
    const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x40";
    const GIF: &[u8] = b"GIF89a\x40\0\x30\0\0\0\0";
    const HTML: &[u8] = b"<!doctype html><html><body>Sign in to the Wi-Fi</body></html>";
    const SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>";

    #[test]
    fn the_bytes_decide_the_extension_wherever_catfetch_can_read_them() {
        use CatError::*;
        let ok = |ext: &str| Ok(Cow::Owned(ext.to_owned()));
        for (content_type, head, verdict) in [
            // What the server said, and it is true.
            (Some("image/jpeg"), JPEG, ok("jpg")),
            (Some("image/png"), PNG, ok("png")),
            (Some("IMAGE/GIF; q=1"), GIF, ok("gif")),
            // The bytes are another picture format than the type said: they win.
            (Some("image/png"), JPEG, ok("jpg")),
            (Some("image/jpeg"), GIF, ok("gif")),
            (Some("image/svg+xml"), PNG, ok("png")),
            (Some("image/x-qoi"), JPEG, ok("jpg")),
            // No type, or "some bytes": the bytes decide, or nothing does.
            (None, PNG, ok("png")),
            (Some("application/octet-stream"), GIF, ok("gif")),
            (None, HTML, Err(Unrecognised)),
            // A type whose format catfetch knows, and bytes that are no picture at all.
            (Some("image/png"), HTML, Err(NotAPicture { claimed: "PNG" })),
            (Some("image/jpeg"), b"abc", Err(NotAPicture { claimed: "JPEG" })),
            (Some("image/webp"), b"RIFF\x10\0\0\0WAVEfmt ", Err(NotAPicture { claimed: "WebP" })),
            (Some("image/png"), &PNG[..7], Err(NotAPicture { claimed: "PNG" })),
            // A type catfetch cannot check by its bytes: its own extension.
            (Some("image/svg+xml"), SVG, ok("svg")),
            (Some("image/heic"), b"\0\0\0\x18ftypheic", ok("heic")),
            (Some("image/x-icon"), b"\0\0\x01\0\x01\0", ok("ico")),
            (Some("image/x-qoi"), b"qoif", ok("qoi")),
            // Not a picture type: whatever the bytes.
            (Some("text/html"), HTML, Err(NotAnImage { content_type: "text/html".into() })),
            (Some("text/html"), PNG, Err(NotAnImage { content_type: "text/html".into() })),
            // Never empty, whatever the type.
            (Some("image/png"), b"", Err(Empty)),
            (Some("image/svg+xml"), b"", Err(Empty)),
            (None, b"", Err(Empty)),
        ] {
            assert_eq!(extension(content_type, head), verdict, "{content_type:?} with {head:?}");
        }
    }

    #[test]
    fn every_format_told_by_its_bytes_has_a_name_and_the_extension_its_type_gives() {
        // Otherwise an honest `image/jpeg` carrying a JPEG would count as retyped.
        let types = ["jpeg", "png", "gif", "webp", "avif", "bmp", "tiff"];
        assert_eq!(types.len(), SNIFFABLE.len());
        for (subtype, (ext, name)) in types.into_iter().zip(SNIFFABLE) {
            assert_eq!(classify(Some(&format!("image/{subtype}"))), Kind::Image(ext.into()));
            assert_eq!(format_name(ext), Some(name));
        }
        assert_eq!(format_name("svg"), None);
    }

    #[test]
    fn colliding_stems_get_suffixes_in_index_order() {
        let stems =
            |wanted: &[&str]| distinct_stems(&wanted.iter().map(|w| w.to_string()).collect::<Vec<_>>());
        assert_eq!(stems(&["a", "b", "c"]), ["a", "b", "c"]);
        // `a/b`, `ab`, `../ab` and `a\0b` all sanitise to `ab`.
        assert_eq!(stems(&["ab", "ab", "ab", "ab"]), ["ab", "ab-2", "ab-3", "ab-4"]);
        // A numeric id and the index-named fallback of a cat whose id gives no name.
        assert_eq!(stems(&["5", "x", "5"]), ["5", "x", "5-2"]);
        // A suffix never takes a name some cat wants as it is, even a later cat.
        assert_eq!(stems(&["ab", "ab", "ab-2"]), ["ab", "ab-3", "ab-2"]);
        assert_eq!(stems(&["ab", "ab", "ab-3", "ab-2"]), ["ab", "ab-4", "ab-3", "ab-2"]);
        // Nor one another suffix took.
        assert_eq!(stems(&["ab-2", "ab", "ab", "ab-2"]), ["ab-2", "ab", "ab-3", "ab-2-2"]);
        // Case does not tell files apart on every filesystem, so it does not tell stems apart.
        assert_eq!(stems(&["Ab", "ab", "AB-2"]), ["Ab", "ab-3", "AB-2"]);
        assert_eq!(stems(&[]), Vec::<String>::new());
    }

    #[test]
    fn distinct_stems_are_distinct_ignoring_case_however_many_collide() {
        let wanted: Vec<String> =
            (0..300).map(|i| ["ab", "AB", "ab-2", "Ab-3", "7", "ab-2-2"][i % 6].to_owned()).collect();
        let stems = distinct_stems(&wanted);
        let unique: HashSet<String> = stems.iter().map(|s| s.to_ascii_lowercase()).collect();
        assert_eq!(unique.len(), wanted.len());
        for (stem, wanted) in stems.iter().zip(&wanted) {
            assert!(stem.starts_with(wanted.as_str()), "{wanted} became {stem}");
        }
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
