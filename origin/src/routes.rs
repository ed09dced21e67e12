//! From a request's path and query to what it asks for, in cataas's URL scheme.
//!
//! ```text
//! /cat                        a random cat              ?width=W&height=H  another size
//! /cat/says/{text}            ... with a caption        ?json=true         metadata instead of the picture
//! /cat/{id or tags}           that cat, or one with those tags (comma-separated)
//! /cat/{id or tags}/says/{text}
//! /api/cats?limit=N&skip=M&tags=a,b    metadata of the pool, as a JSON array
//! /api/tags                            every tag, as a JSON array
//! ```
//!
//! This is plain string handling with no I/O, so every odd input can be tested here: a value that is not
//! a number is a 400 with a message saying which parameter; a path that is not a route is a 404. Nothing
//! here panics, whatever the bytes.

use super::draw::{DESIGN_HEIGHT, DESIGN_WIDTH, MAX_SIDE, MIN_SIDE};

/// `/api/cats` without `limit`: as many as cataas gives.
pub const DEFAULT_LIMIT: usize = 10;

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A picture of a cat, or its metadata.
    Cat(CatRequest),
    /// `/api/cats`: metadata of `limit` cats after skipping `skip`, keeping those with all `tags`.
    ApiCats {
        /// At most this many.
        limit: usize,
        /// Skip this many first.
        skip: usize,
        /// Only cats with all of these (none: every cat).
        tags: Vec<String>,
    },
    /// `/api/tags`: every tag in use.
    ApiTags,
}

/// The parts of a `/cat...` request.
#[derive(Debug, PartialEq, Eq)]
pub struct CatRequest {
    /// Which cat.
    pub which: Which,
    /// A caption to write on it (`/says/{text}`).
    pub says: Option<Says>,
    /// A size other than the default, already clamped to `MIN_SIDE..=MAX_SIDE`.
    pub size: Option<(u32, u32)>,
    /// `?json=true`: answer with metadata, not the picture.
    pub json: bool,
}

/// Which cat a `/cat...` request names.
#[derive(Debug, PartialEq, Eq)]
pub enum Which {
    /// Any cat (`/cat`, `/cat/says/...`).
    Random,
    /// `/cat/{segment}`: a cat id if the pool has one by that name, else comma-separated tags. Only the pool
    /// can tell, so the decision is left to it.
    Named(String),
}

/// A caption, decoded for drawing and as it came, for building URLs that ask for it again.
#[derive(Debug, PartialEq, Eq)]
pub struct Says {
    /// The text, percent-decoded.
    pub text: String,
    /// The path segment exactly as the client sent it (still percent-encoded).
    pub raw: String,
}

/// Why a request cannot be answered with a cat.
#[derive(Debug, PartialEq, Eq)]
pub enum Reject {
    /// 400, with a message for the client.
    BadRequest(String),
    /// 404.
    NotFound,
}

/// Parses a request's `path` and `query` (without the `?`).
pub fn route(path: &str, query: Option<&str>) -> Result<Route, Reject> {
    let params = Params::parse(query.unwrap_or(""));
    // `/cat/` is `/cat`, as on cataas (an Express app, which ignores one trailing slash).
    let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let cat = |which: Which, says: Option<&str>| -> Result<Route, Reject> {
        Ok(Route::Cat(CatRequest {
            which,
            says: says.map(|raw| Says { text: decode(raw, false), raw: raw.to_string() }),
            size: params.size()?,
            json: params.flag("json"),
        }))
    };
    let named = |segment: &str| Which::Named(decode(segment, false));
    match segments.as_slice() {
        ["cat"] => cat(Which::Random, None),
        ["cat", "says", text] if !text.is_empty() => cat(Which::Random, Some(text)),
        ["cat", name] if !name.is_empty() => cat(named(name), None),
        ["cat", name, "says", text] if !name.is_empty() && !text.is_empty() => cat(named(name), Some(text)),
        ["api", "cats"] => Ok(Route::ApiCats {
            limit: params.count("limit")?.unwrap_or(DEFAULT_LIMIT),
            skip: params.count("skip")?.unwrap_or(0),
            tags: params.get("tags").map(split_tags).unwrap_or_default(),
        }),
        ["api", "tags"] => Ok(Route::ApiTags),
        _ => Err(Reject::NotFound),
    }
}

/// Splits `cute,ginger` into tags: trimmed, empty ones dropped.
pub fn split_tags(list: &str) -> Vec<String> {
    list.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

/// A query string's parameters, decoded. When a name repeats, the last one wins.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(query: &str) -> Params {
        Params(
            query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(name, true), decode(value, true))
                })
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// `?json=true`, `?json=1` or a bare `?json`.
    fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some("" | "true" | "1" | "yes"))
    }

    /// `width` and `height`: either alone keeps the default 4:3 shape. Both clamped to the sane range.
    fn size(&self) -> Result<Option<(u32, u32)>, Reject> {
        let width = self.number("width", "a whole number of pixels")?;
        let height = self.number("height", "a whole number of pixels")?;
        let (w, h) = (u64::from(DESIGN_WIDTH), u64::from(DESIGN_HEIGHT));
        let (width, height) = match (width, height) {
            (None, None) => return Ok(None),
            (Some(width), Some(height)) => (width, height),
            (Some(width), None) => (width, width.saturating_mul(h) / w),
            (None, Some(height)) => (height.saturating_mul(w) / h, height),
        };
        let clamp = |n: u64| n.clamp(u64::from(MIN_SIDE), u64::from(MAX_SIDE)) as u32;
        Ok(Some((clamp(width), clamp(height))))
    }

    /// `limit` or `skip`.
    fn count(&self, name: &str) -> Result<Option<usize>, Reject> {
        let n = self.number(name, "a whole number")?;
        Ok(n.map(|n| usize::try_from(n).unwrap_or(usize::MAX)))
    }

    /// A parameter that must be digits. Too many digits saturate (and are clamped by the caller): a
    /// `width=99999999999999999999` is a big picture request, not a malformed one.
    fn number(&self, name: &str, what: &str) -> Result<Option<u64>, Reject> {
        let Some(value) = self.get(name) else {
            return Ok(None);
        };
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            let shown: String = value.chars().take(40).collect();
            return Err(Reject::BadRequest(format!("{name}: expected {what}, got {shown:?}")));
        }
        Ok(Some(value.parse().unwrap_or(u64::MAX)))
    }
}

/// Percent-decodes `s` (and `+` as a space in query strings). Invalid escapes are kept as they are, and
/// bytes that are not UTF-8 become U+FFFD: a caption full of garbage is drawn as question marks, not
/// refused.
fn decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let hex = |i: usize| bytes.get(i).and_then(|&b| (b as char).to_digit(16));
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
            (b'+', _, _) if plus_is_space => out.push(b' '),
            (b, _, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(path: &str, query: Option<&str>) -> CatRequest {
        match route(path, query) {
            Ok(Route::Cat(request)) => request,
            other => panic!("{path}?{query:?}: {other:?}"),
        }
    }

    #[test]
    fn cataas_paths() {
        let plain = cat("/cat", None);
        assert_eq!((plain.which, plain.says, plain.size, plain.json), (Which::Random, None, None, false));
        assert_eq!(cat("/cat/", None).which, Which::Random);
        let says = cat("/cat/says/hello%20world", None);
        assert_eq!(says.which, Which::Random);
        let says = says.says.expect("a caption");
        assert_eq!((says.text.as_str(), says.raw.as_str()), ("hello world", "hello%20world"));
        assert_eq!(cat("/cat/cute,ginger", None).which, Which::Named("cute,ginger".into()));
        let both = cat("/cat/VPTdYP5NVR9GC7sZ/says/hi", Some("json=true"));
        assert_eq!(both.which, Which::Named("VPTdYP5NVR9GC7sZ".into()));
        assert_eq!(both.says.map(|s| s.text), Some("hi".into()));
        assert!(both.json);
        assert!(cat("/cat", Some("json")).json);
        assert!(!cat("/cat", Some("json=false")).json);
        assert_eq!(route("/api/tags", None), Ok(Route::ApiTags));
        assert_eq!(
            route("/api/cats", Some("limit=3&skip=1&tags=cute,+sleepy")),
            Ok(Route::ApiCats { limit: 3, skip: 1, tags: vec!["cute".into(), "sleepy".into()] })
        );
        assert_eq!(
            route("/api/cats", None),
            Ok(Route::ApiCats { limit: DEFAULT_LIMIT, skip: 0, tags: vec![] })
        );
    }

    #[test]
    fn anything_else_is_not_found() {
        for path in [
            "/",
            "",
            "/dog",
            "/cats",
            "/cat//says/x",
            "/cat/a/b",
            "/cat/a/says/",
            "/api",
            "/api/cats/1",
            "//cat",
            "/cat/x/says/y/z",
        ] {
            assert_eq!(route(path, None), Err(Reject::NotFound), "{path:?}");
        }
        // "says" alone is a tag, like any other word.
        assert_eq!(cat("/cat/says", None).which, Which::Named("says".into()));
    }

    #[test]
    fn sizes_are_clamped_and_keep_the_shape() {
        assert_eq!(cat("/cat", Some("width=200&height=100")).size, Some((200, 100)));
        assert_eq!(cat("/cat", Some("width=400")).size, Some((400, 300)));
        assert_eq!(cat("/cat", Some("height=300")).size, Some((400, 300)));
        assert_eq!(cat("/cat", Some("width=0&height=1")).size, Some((MIN_SIDE, MIN_SIDE)));
        assert_eq!(
            cat("/cat", Some("width=99999999999999999999999&height=5000")).size,
            Some((MAX_SIDE, MAX_SIDE))
        );
        // Parameters cataas has and we do not are ignored, not refused.
        assert_eq!(cat("/cat", Some("type=square&filter=mono&position=center")).size, None);
    }

    #[test]
    fn bad_numbers_are_bad_requests() {
        for query in ["width=abc", "width=", "height=-5", "width=1.5", "width=%FF", "width=12px"] {
            match route("/cat", Some(query)) {
                Err(Reject::BadRequest(message)) => {
                    assert!(message.starts_with("width") || message.starts_with("height"), "{message}")
                }
                other => panic!("{query}: {other:?}"),
            }
        }
        assert!(matches!(route("/api/cats", Some("limit=ten")), Err(Reject::BadRequest(_))));
        assert!(matches!(route("/api/cats", Some("skip=-1")), Err(Reject::BadRequest(_))));
    }

    #[test]
    fn decoding_never_fails() {
        assert_eq!(decode("a%20b+c", true), "a b c");
        assert_eq!(decode("a+b", false), "a+b");
        assert_eq!(decode("100%", false), "100%");
        assert_eq!(decode("%zz%4", false), "%zz%4");
        assert_eq!(decode("%C3%A9", false), "é");
        assert_eq!(decode("%FF%FE", false), "\u{FFFD}\u{FFFD}");
        assert_eq!(split_tags(" a,,b ,"), vec!["a".to_string(), "b".to_string()]);
    }
}
