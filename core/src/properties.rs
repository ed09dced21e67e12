//! Property tests for everything that parses untrusted input: whatever a server sends, these functions
//! never panic, and what they produce is safe to use (an extension that cannot escape the directory, a
//! redirect target that is http(s), a delay that is what the server said, text that cannot drive a
//! terminal, a URL shown without its password).

use std::time::{Duration, SystemTime};

use crate::download::resolve_location;
use crate::naming::{classify, sniff, Kind};
use crate::report::{CatReport, Outcome, Report, Totals};
use crate::retry::parse_retry_after;
use crate::text::{for_terminal, hide_userinfo, html_escape, json_for_output, printable, redacted};
use proptest::prelude::*;
use surf::Url;

/// Could this character move the cursor, change colours or reorder text on a terminal?
fn unsafe_for_terminal(c: char) -> bool {
    let code = u32::from(c);
    code < 0x20
        || (0x7f..=0x9f).contains(&code)
        || (0x202a..=0x202e).contains(&code)
        || (0x2066..=0x2069).contains(&code)
}

proptest! {
    #[test]
    fn any_content_type_gives_a_safe_extension_or_a_named_refusal(value in ".{0,80}") {
        match classify(Some(&value)) {
            Kind::Image(ext) => {
                prop_assert!(!ext.is_empty() && ext.len() <= 8, "{ext:?}");
                prop_assert!(ext.bytes().all(|b| b.is_ascii_alphanumeric()), "{ext:?}");
            }
            Kind::NotImage(essence) => prop_assert!(!essence.is_empty()),
            Kind::Unknown => {}
        }
    }

    #[test]
    fn image_subtypes_are_always_accepted(subtype in "[a-zA-Z0-9.+/-]{1,40}", params in "(; [a-z]+=[a-z0-9]+)?") {
        let value = format!("image/{subtype}{params}");
        prop_assert!(matches!(classify(Some(&value)), Kind::Image(_)), "{value}");
    }

    #[test]
    fn sniffing_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = sniff(&bytes);
    }

    #[test]
    fn a_png_signature_is_always_a_png(rest in proptest::collection::vec(any::<u8>(), 0..32)) {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend(rest);
        prop_assert_eq!(sniff(&bytes), Some("png"));
    }

    #[test]
    fn retry_after_never_panics(value in ".{0,60}") {
        let _ = parse_retry_after(&value, SystemTime::now());
    }

    #[test]
    fn retry_after_seconds_are_taken_literally(seconds in any::<u32>()) {
        let parsed = parse_retry_after(&seconds.to_string(), SystemTime::now());
        prop_assert_eq!(parsed, Some(Duration::from_secs(seconds.into())));
    }

    #[test]
    fn retry_after_dates_are_relative_to_now(ahead in 0u64..10_000_000) {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let date = httpdate::fmt_http_date(now + Duration::from_secs(ahead));
        prop_assert_eq!(parse_retry_after(&date, now), Some(Duration::from_secs(ahead)));
    }

    #[test]
    fn any_location_resolves_to_http_or_is_refused(location in ".{0,80}") {
        let base = Url::parse("https://cataas.com/cat/cute?width=10").unwrap();
        if let Ok(next) = resolve_location(&base, &location) {
            prop_assert!(matches!(next.scheme(), "http" | "https"), "{next}");
            prop_assert!(next.host_str().is_some_and(|h| !h.is_empty()), "{next}");
        }
    }

    #[test]
    fn relative_locations_stay_on_the_same_host(path in "[a-zA-Z0-9._~-][a-zA-Z0-9/._~-]{0,40}") {
        // (Not "//...": that is a scheme-relative URL, which names another host on purpose.)
        let base = Url::parse("http://127.0.0.1:8000/cat/cute").unwrap();
        let next = resolve_location(&base, &format!("/{path}")).unwrap();
        prop_assert_eq!(next.host_str(), Some("127.0.0.1"));
        prop_assert_eq!(next.port(), Some(8000));
    }

    #[test]
    fn other_schemes_are_always_refused(scheme in "(ftp|file|gopher|data|javascript|mailto)", rest in "[a-z/]{0,20}") {
        let base = Url::parse("http://127.0.0.1/cat").unwrap();
        let location = format!("{scheme}:{rest}");
        prop_assert!(resolve_location(&base, &location).is_err(), "{}", location);
    }

    #[test]
    fn no_control_character_survives_printable(text in any_text()) {
        for shown in [printable(&text), for_terminal(&text), html_escape(&text).into()] {
            let found: Vec<char> = shown.chars().filter(|&c| unsafe_for_terminal(c)).collect();
            prop_assert!(found.is_empty(), "{:?} -> {:?} keeps {:?}", text, shown, found);
        }
        // Each unsafe character becomes its escape, in place; everything else is kept in order.
        let expected: String = text
            .chars()
            .map(|c| if unsafe_for_terminal(c) { format!("\\u{{{:x}}}", u32::from(c)) } else { c.to_string() })
            .collect();
        prop_assert_eq!(printable(&text), expected);
    }

    #[test]
    fn text_without_control_characters_comes_back_unchanged(text in safe_text()) {
        prop_assert_eq!(printable(&text), text.as_str());
        let framed = format!("€ 猫 café {text}");
        prop_assert_eq!(printable(&framed), framed.as_str());
    }

    #[test]
    fn json_for_output_keeps_the_values_and_drops_every_raw_control(text in any_text()) {
        let json = serde_json::json!({ "error": text, "n": [1, 2] });
        let safe = json_for_output(&serde_json::to_string_pretty(&json).unwrap()).into_owned();
        prop_assert!(!safe.chars().any(|c| c != '\n' && unsafe_for_terminal(c)), "{}", safe);
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        // The value is the same, unless it held a URL with a password (hidden on purpose).
        if !text.contains("://") {
            prop_assert_eq!(back, json);
        }
    }

    #[test]
    fn a_password_in_a_url_is_never_shown(user in "[a-zA-Z0-9._~-]{0,10}", password in ".{0,20}", path in "[a-z/]{0,10}") {
        let mut url = Url::parse(&format!("http://127.0.0.1:8000/{path}")).unwrap();
        url.set_username(&user).unwrap();
        url.set_password(Some(&format!("SECRET{password}"))).unwrap();
        // As the URL parser writes it: percent-encoded.
        let written = url.password().unwrap().to_owned();
        for shown in [redacted(&url), hide_userinfo(url.as_str()).into_owned(), for_terminal(&format!("cat 0 ({url}): x")).into_owned()] {
            prop_assert!(!shown.contains(&written), "{} shows {}", shown, written);
            prop_assert!(shown.contains(&format!("{user}:***@127.0.0.1:8000/")), "{}", shown);
        }
    }

    #[test]
    fn the_json_report_round_trips(report in reports()) {
        let json = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, report);
    }
}

/// Strings of any characters at all, with the unsafe ranges and their neighbours drawn often.
fn any_text() -> impl Strategy<Value = String> {
    let chars = prop_oneof![
        any::<char>(),
        proptest::char::range('\u{0}', '\u{a0}'),
        proptest::char::range('\u{2020}', '\u{2070}'),
        Just('\\'),
        Just('€'),
        Just('猫'),
    ];
    proptest::collection::vec(chars, 0..40).prop_map(|chars| chars.into_iter().collect())
}

/// Strings of any characters but the unsafe ones.
fn safe_text() -> impl Strategy<Value = String> {
    any_text().prop_map(|text| text.chars().filter(|&c| !unsafe_for_terminal(c)).collect())
}

fn outcomes() -> impl Strategy<Value = Outcome> {
    prop_oneof![Just(Outcome::Saved), Just(Outcome::Failed), Just(Outcome::Cancelled), Just(Outcome::Skipped)]
}

fn cat_reports() -> impl Strategy<Value = CatReport> {
    (
        (
            any::<usize>(),
            ".{0,40}",
            outcomes(),
            proptest::option::of("[a-z0-9/._ -]{1,30}"),
            proptest::option::of(any::<u64>()),
        ),
        (
            proptest::option::of(".{0,30}"),
            proptest::option::of(any::<u16>()),
            proptest::option::of(any::<u32>()),
            proptest::option::of(any::<u64>()),
            proptest::option::of(".{0,60}"),
        ),
        proptest::option::of(any::<u64>()),
    )
        .prop_map(
            |(
                (index, url, outcome, path, bytes),
                (content_type, status, attempts, elapsed_ms, error),
                writes,
            )| {
                CatReport {
                    index,
                    url,
                    outcome,
                    path: path.map(Into::into),
                    bytes,
                    content_type,
                    status,
                    attempts,
                    elapsed_ms,
                    error,
                    writes,
                }
            },
        )
}

fn reports() -> impl Strategy<Value = Report> {
    (
        ".{0,40}",
        "[a-z0-9/._-]{1,20}",
        proptest::collection::vec(cat_reports(), 0..8),
        (
            any::<usize>(),
            any::<usize>(),
            any::<u64>(),
            any::<u64>(),
            proptest::num::f64::NORMAL | proptest::num::f64::ZERO,
        ),
        (any::<bool>(), any::<u64>()),
    )
        .prop_map(
            |(
                url,
                out_dir,
                cats,
                (requested, saved, bytes, elapsed_ms, mib_per_s),
                (interrupted, writes),
            )| Report {
                url,
                out_dir: out_dir.into(),
                cats,
                totals: Totals {
                    requested,
                    saved,
                    failed: 0,
                    cancelled: 0,
                    skipped: 0,
                    bytes,
                    elapsed_ms,
                    mib_per_s: mib_per_s.abs(),
                    writes,
                },
                interrupted,
            },
        )
}
