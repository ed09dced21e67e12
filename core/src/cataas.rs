//! Speak cataas (Cat as a Service): compose request URLs from `--tag`, `--says`, `--width`, ... and read the
//! API's cat metadata, whatever shape it has had over the years.
//!
//! URLs are composed with the URL type, never by string concatenation: `path_segments_mut` percent-encodes
//! each path segment (a caption `a/b c` becomes `a%2Fb%20c`, one segment) and `query_pairs_mut` encodes
//! each query value, so no user value can change the URL's structure.

use std::collections::HashSet;
use std::time::Duration;

use futures_lite::future;
use serde_json::Value;
use surf::Url;

use crate::error::{CatError, Error};
use crate::gather::{gather, Policy, Slot};
use crate::http::Client;
use crate::text;

/// The public service's host. Requests to it are polite: at most [`POLITE_JOBS`] in flight.
pub const CATAAS_HOST: &str = "cataas.com";
/// The most requests in flight to the free public service.
pub const POLITE_JOBS: usize = 10;

/// `--type`: cataas's preset sizes, parsed from their names ([`FromStr`](std::str::FromStr)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// 200 x 200.
    Square,
    /// 400 wide.
    Medium,
    /// 300 wide.
    Small,
    /// 100 wide.
    XSmall,
}

impl Size {
    /// Every size, in the order `--help` lists them.
    pub const ALL: [Size; 4] = [Size::Square, Size::Medium, Size::Small, Size::XSmall];

    fn name(self) -> &'static str {
        match self {
            Size::Square => "square",
            Size::Medium => "medium",
            Size::Small => "small",
            Size::XSmall => "xsmall",
        }
    }
}

impl std::str::FromStr for Size {
    type Err = String;

    fn from_str(name: &str) -> Result<Size, String> {
        let names = Size::ALL.map(Size::name);
        Size::ALL.into_iter().find(|size| size.name() == name).ok_or_else(|| text::expected_one_of(&names))
    }
}

/// `--filter`, with the custom filter's parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Greyscale.
    Mono,
    /// Negative.
    Negate,
    /// Tint and modulate (each parameter optional; cataas has defaults).
    Custom {
        /// `--rgb R,G,B`: the tint.
        rgb: Option<[u8; 3]>,
        /// `--brightness`: a multiplier (1 = unchanged).
        brightness: Option<f64>,
        /// `--saturation`: a multiplier (1 = unchanged).
        saturation: Option<f64>,
        /// `--hue`: rotation in degrees.
        hue: Option<i32>,
        /// `--lightness`: an addend.
        lightness: Option<i32>,
    },
}

/// What to ask cataas for. The default (nothing set) means: use `--url` exactly as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatOptions {
    /// `--tag` (and `gif` for `--gif`): all must match.
    pub tags: Vec<String>,
    /// `--says`: a caption.
    pub says: Option<String>,
    /// `--width` in pixels.
    pub width: Option<u32>,
    /// `--height` in pixels.
    pub height: Option<u32>,
    /// `--type`.
    pub size: Option<Size>,
    /// `--filter`.
    pub filter: Option<Filter>,
    /// `--unique`: N distinct cats, named by id.
    pub unique: bool,
}

impl CatOptions {
    /// True when no cataas option is set: `--url` is then used exactly as given.
    pub fn is_empty(&self) -> bool {
        *self == CatOptions::default()
    }

    /// The URL of one request: `base` plus `/{id or tags}` and `/says/{text}` path segments, plus the query.
    ///
    /// ```
    /// # use catfetch_core::cataas::CatOptions;
    /// let options = CatOptions { tags: vec!["cute".into()], says: Some("hi there".into()), width: Some(300), ..Default::default() };
    /// let url = options.url(&"http://host/cat".parse().unwrap(), None);
    /// assert_eq!(url.as_str(), "http://host/cat/cute/says/hi%20there?width=300");
    /// ```
    pub fn url(&self, base: &Url, id: Option<&str>) -> Url {
        let mut url = base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty();
            if let Some(id) = id {
                path.push(id);
            } else if !self.tags.is_empty() {
                path.push(&self.tags.join(","));
            }
            if let Some(text) = &self.says {
                path.push("says").push(text);
            }
        }
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(width) = self.width {
            pairs.push(("width", width.to_string()));
        }
        if let Some(height) = self.height {
            pairs.push(("height", height.to_string()));
        }
        if let Some(size) = self.size {
            pairs.push(("type", size.name().to_owned()));
        }
        match &self.filter {
            None => {}
            Some(Filter::Mono) => pairs.push(("filter", "mono".into())),
            Some(Filter::Negate) => pairs.push(("filter", "negate".into())),
            Some(Filter::Custom { rgb, brightness, saturation, hue, lightness }) => {
                pairs.push(("filter", "custom".into()));
                if let Some([r, g, b]) = rgb {
                    pairs.extend([("r", r.to_string()), ("g", g.to_string()), ("b", b.to_string())]);
                }
                pairs.extend(brightness.map(|v| ("brightness", v.to_string())));
                pairs.extend(saturation.map(|v| ("saturation", v.to_string())));
                pairs.extend(hue.map(|v| ("hue", v.to_string())));
                pairs.extend(lightness.map(|v| ("lightness", v.to_string())));
            }
        }
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        url
    }

    /// The URL that answers a random matching cat's metadata (`?json=true`) instead of its picture.
    pub fn metadata_url(&self, base: &Url) -> Url {
        let mut url = self.url(base, None);
        url.query_pairs_mut().append_pair("json", "true");
        url
    }

    /// What a 404 means for these options, e.g. `tag cute,orange`; `None` for a plain `/cat`.
    pub fn what_was_asked(&self) -> Option<String> {
        (!self.tags.is_empty()).then(|| format!("tag {}", self.tags.join(",")))
    }
}

/// Is this the public cataas service (where we keep at most [`POLITE_JOBS`] requests in flight)?
pub fn is_public_cataas(url: &Url) -> bool {
    url.host_str().is_some_and(|host| {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        host == CATAAS_HOST || host.ends_with(".cataas.com")
    })
}

/// Be polite to a free public service: `Some(POLITE_JOBS)` when `jobs` asks for more in flight than that
/// at cataas.com, `None` when `jobs` is fine as it is.
pub fn polite_jobs(url: &Url, jobs: usize) -> Option<usize> {
    (is_public_cataas(url) && jobs > POLITE_JOBS).then_some(POLITE_JOBS)
}

/// One cat's metadata, from any of the shapes the API has used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatMeta {
    /// The cat's id (`id`, or `_id` in old answers): what `--unique` names and fetches each cat by.
    pub id: String,
}

/// Parses one cat's metadata (the answer to `?json=true`), leniently: its id is `id`, or `_id` in the
/// answers of older versions of cataas, a string or a number; the rest of the answer is not needed.
pub fn parse_metadata(body: &[u8]) -> Result<CatMeta, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("the cat metadata is not JSON: {e}"))?;
    let object = value.as_object().ok_or("the cat metadata is not a JSON object")?;
    let id = ["id", "_id"]
        .iter()
        .filter_map(|key| object.get(*key))
        .find_map(|id| match id {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .ok_or("the cat metadata has no id")?;
    Ok(CatMeta { id })
}

/// A cat id made safe as a file name: only ASCII letters, digits, `-` and `_` (at most 64 of them).
/// `None` if nothing is left.
pub fn file_stem_for_id(id: &str) -> Option<String> {
    let stem: String =
        id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(64).collect();
    (!stem.is_empty()).then_some(stem)
}

/// The most metadata requests `--unique` sends per cat it needs (random picks repeat).
const TRIES_PER_CAT: usize = 3;
/// The largest metadata answer we read.
const METADATA_LIMIT: usize = 1024 * 1024;

/// For `--unique`: asks for random matching cats' metadata (`?json=true`) until `count` distinct ids are
/// known, a few requests at a time, at most `TRIES_PER_CAT` x `count` requests in all.
pub async fn distinct_cats(
    client: &Client,
    options: &CatOptions,
    base: &Url,
    count: usize,
    timeout: Duration,
) -> Result<Vec<CatMeta>, Error> {
    let url = options.metadata_url(base);
    let shown = text::redacted(&url);
    let budget = count.saturating_mul(TRIES_PER_CAT);
    let mut found: Vec<CatMeta> = Vec::new();
    let mut seen = HashSet::new();
    let mut sent = 0;
    while found.len() < count && sent < budget {
        let batch = (count - found.len()).min(budget - sent).min(POLITE_JOBS);
        sent += batch;
        let requests = (0..batch).map(|_| metadata(client, &url, timeout)).collect();
        let (answers, _) = gather(requests, Policy::FailFast, future::pending()).await;
        for answer in answers {
            match answer {
                Slot::Done(Ok(cat)) => {
                    if seen.insert(cat.id.clone()) && found.len() < count {
                        found.push(cat);
                    }
                }
                Slot::Done(Err(CatError::Status { code: 404, .. })) => {
                    let what = options.what_was_asked().unwrap_or_else(|| "this request".into());
                    return Err(Error::Setup(format!("no cat matches {what} ({shown})")));
                }
                Slot::Done(Err(error)) => {
                    return Err(Error::Setup(format!("cannot list cats for --unique ({shown}): {error}")))
                }
                Slot::Cancelled => {}
            }
        }
    }
    if found.len() < count {
        return Err(Error::Setup(format!(
            "--unique: found only {} distinct cats in {sent} requests to {shown}; ask for fewer",
            found.len()
        )));
    }
    Ok(found)
}

/// One metadata request.
async fn metadata(client: &Client, url: &Url, timeout: Duration) -> Result<CatMeta, CatError> {
    let mut response = client.get(url, timeout).await?;
    if !(200..300).contains(&response.status) {
        let (code, reason) = (response.status, response.reason.to_owned());
        return Err(CatError::Status { code, reason, retry_after: response.retry_after });
    }
    let body = response.read_to_end(METADATA_LIMIT).await?;
    parse_metadata(&body).map_err(CatError::Protocol)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("http://127.0.0.1:8000/cat").unwrap()
    }

    fn with(f: impl FnOnce(&mut CatOptions)) -> CatOptions {
        let mut options = CatOptions::default();
        f(&mut options);
        options
    }

    #[test]
    fn no_option_leaves_the_url_exactly_as_given() {
        let base = Url::parse("https://cataas.com/cat?position=center").unwrap();
        assert!(CatOptions::default().is_empty());
        assert_eq!(CatOptions::default().url(&base, None), base);
    }

    #[test]
    fn tags_says_and_sizes_become_path_segments_and_query() {
        let options = with(|o| {
            o.tags = vec!["cute".into()];
            o.says = Some("hi".into());
            o.width = Some(300);
        });
        assert_eq!(options.url(&base(), None).as_str(), "http://127.0.0.1:8000/cat/cute/says/hi?width=300");
        let options = with(|o| {
            o.tags = vec!["cute".into(), "orange".into()];
            o.height = Some(200);
            o.size = Some(Size::Square);
        });
        assert_eq!(
            options.url(&base(), None).as_str(),
            "http://127.0.0.1:8000/cat/cute,orange?height=200&type=square"
        );
        let says = with(|o| o.says = Some("hello".into()));
        assert_eq!(says.url(&base(), None).as_str(), "http://127.0.0.1:8000/cat/says/hello");
    }

    #[test]
    fn user_text_is_percent_encoded_and_cannot_change_the_path() {
        let options = with(|o| o.says = Some("a/b c?d#e é".into()));
        assert_eq!(
            options.url(&base(), None).as_str(),
            "http://127.0.0.1:8000/cat/says/a%2Fb%20c%3Fd%23e%20%C3%A9"
        );
        let options = with(|o| o.tags = vec!["../admin".into()]);
        assert_eq!(options.url(&base(), None).path(), "/cat/..%2Fadmin");
    }

    #[test]
    fn filters_carry_their_parameters() {
        let mono = with(|o| o.filter = Some(Filter::Mono));
        assert_eq!(mono.url(&base(), None).query(), Some("filter=mono"));
        let custom = with(|o| {
            o.filter = Some(Filter::Custom {
                rgb: Some([255, 0, 10]),
                brightness: Some(1.5),
                saturation: None,
                hue: Some(90),
                lightness: Some(-10),
            })
        });
        assert_eq!(
            custom.url(&base(), None).query(),
            Some("filter=custom&r=255&g=0&b=10&brightness=1.5&hue=90&lightness=-10")
        );
    }

    #[test]
    fn an_id_replaces_the_tags_and_keeps_the_caption() {
        let options = with(|o| {
            o.tags = vec!["cute".into()];
            o.says = Some("hi".into());
        });
        assert_eq!(options.url(&base(), Some("abc123")).as_str(), "http://127.0.0.1:8000/cat/abc123/says/hi");
        assert_eq!(
            options.metadata_url(&base()).as_str(),
            "http://127.0.0.1:8000/cat/cute/says/hi?json=true"
        );
    }

    #[test]
    fn a_trailing_slash_or_an_existing_query_is_kept_tidy() {
        let options = with(|o| {
            o.tags = vec!["cute".into()];
            o.width = Some(10);
        });
        let base = Url::parse("http://h/cat/?position=center").unwrap();
        assert_eq!(options.url(&base, None).as_str(), "http://h/cat/cute?position=center&width=10");
    }

    #[test]
    fn metadata_of_every_known_shape_is_understood() {
        let current = include_bytes!("../../tests/data/cataas/cat-json-current.json");
        assert_eq!(parse_metadata(current).unwrap().id, "VPTdYP5NVR9GC7sZ");
        let older = include_bytes!("../../tests/data/cataas/cat-json-older.json");
        assert_eq!(parse_metadata(older).unwrap().id, "595f280b557291a9750ebf65");
        let oldest = include_bytes!("../../tests/data/cataas/cat-json-oldest.json");
        assert_eq!(parse_metadata(oldest).unwrap().id, "595f280b557291a9750ebf65");
    }

    #[test]
    fn broken_metadata_is_a_readable_error() {
        assert!(parse_metadata(b"Cat not found").unwrap_err().contains("not JSON"));
        assert!(parse_metadata(b"[1,2]").unwrap_err().contains("not a JSON object"));
        assert!(parse_metadata(br#"{"tags":[]}"#).unwrap_err().contains("no id"));
        assert_eq!(parse_metadata(br#"{"_id": 42}"#).unwrap().id, "42");
    }

    #[test]
    fn ids_become_safe_file_names() {
        assert_eq!(file_stem_for_id("VPTdYP5NVR9GC7sZ").as_deref(), Some("VPTdYP5NVR9GC7sZ"));
        assert_eq!(file_stem_for_id("../../etc/passwd").as_deref(), Some("etcpasswd"));
        assert_eq!(file_stem_for_id("./.."), None);
    }

    #[test]
    fn only_the_public_service_gets_the_politeness_limit() {
        assert!(is_public_cataas(&Url::parse("https://cataas.com/cat").unwrap()));
        assert!(is_public_cataas(&Url::parse("https://CATAAS.com./cat").unwrap()));
        assert!(!is_public_cataas(&Url::parse("http://127.0.0.1:8000/cat").unwrap()));
        assert!(!is_public_cataas(&Url::parse("https://notcataas.com/cat").unwrap()));
        let public = Url::parse("https://cataas.com/cat").unwrap();
        assert_eq!(polite_jobs(&public, 50), Some(10));
        assert_eq!(polite_jobs(&public, 10), None);
        assert_eq!(polite_jobs(&Url::parse("http://127.0.0.1/cat").unwrap(), 50), None);
    }
}
