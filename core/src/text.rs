//! Text on its way out: what a server sent, made safe to show, and URLs shown without their password.
//!
//! Two promises hold for everything catfetch prints or writes (stderr, stdout, `--json`, `--timeline`,
//! `--trace`):
//!
//! - **No control character from the network reaches a terminal.** A cat id, a Content-Type or a Location
//!   comes from whoever answers. Printed raw, `ESC ] 0 ; ... BEL` retitles the window, `ESC [ 2 J` clears
//!   the screen, and a right-to-left override (U+202E) makes a line read backwards. [`printable`] escapes
//!   every such character; [`for_terminal`] is what each human-facing line goes through.
//! - **No password is shown.** `--url http://user:pass@host/` is honoured (http.rs sends Basic
//!   authentication), but a URL is shown as [`redacted`] (`user:***@`), and [`hide_userinfo`] catches any
//!   URL in a line that was formatted without it.
//!
//! Why one module owns this: "escape it where you print it" spread over every `eprintln!` is a promise
//! nobody can check, and one forgotten line breaks it. Here there is one definition of what is unsafe
//! ([`is_unsafe`]), one escaping, one redaction; the printing functions (`report::print_stderr`, the JSON
//! and trace writers) call them, and a property test (tests/properties.rs) proves that no unsafe character
//! survives, character by character.

use std::borrow::Cow;
use std::fmt::Write as _;

use surf::Url;

/// Is `c` a character that must never reach a terminal raw?
///
/// - C0 controls U+0000-U+001F (ESC, BEL, backspace, carriage return, newline, tab: one line must stay one
///   line) and DEL U+007F;
/// - C1 controls U+0080-U+009F (U+009B is a one-character CSI on many terminals);
/// - the bidirectional overrides and isolates U+202A-U+202E and U+2066-U+2069, which reorder the text
///   displayed after them ("Trojan Source").
///
/// Everything else, `€`, `猫` and `é` included, is text and stays as it is.
pub fn is_unsafe(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`is_unsafe`] character written as `\u{XX}`, its code point in hex as in Rust source
/// (`ESC` becomes `\u{1b}`, a newline `\u{a}`). Other characters, UTF-8 included, are unchanged, and text
/// without unsafe characters is returned as is, without a copy.
///
/// A backslash is *not* escaped: a server could send the six characters `\u{1b}` and they would read like
/// an escape, but they are harmless text, while doubling every backslash would garble ordinary text such as
/// Windows paths. The aim is a safe terminal, not a reversible encoding.
///
/// # Examples
///
/// ```
/// use catfetch_core::text::printable;
/// assert_eq!(printable("\u{1b}]0;pwned\u{7}\u{1b}[2J"), r"\u{1b}]0;pwned\u{7}\u{1b}[2J");
/// assert_eq!(printable("right-to-left \u{202e}gpj.exe"), r"right-to-left \u{202e}gpj.exe");
/// assert_eq!(printable("€ 猫 café"), "€ 猫 café");
/// ```
pub fn printable(text: &str) -> Cow<'_, str> {
    escape_unsafe(text, |out, c| {
        let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
    })
}

/// `text` made safe for a terminal: URLs without their password ([`hide_userinfo`]), then every unsafe
/// character escaped ([`printable`]). Every line catfetch prints for a human goes through this
/// (`report::print_stderr`); one line in, one line out.
///
/// # Examples
///
/// ```
/// use catfetch_core::text::for_terminal;
/// assert_eq!(
///     for_terminal("cat 0 (http://user:s3cret@host/cat): no cat matches id \u{1b}[2J"),
///     r"cat 0 (http://user:***@host/cat): no cat matches id \u{1b}[2J"
/// );
/// ```
pub fn for_terminal(line: &str) -> Cow<'_, str> {
    and_then(hide_userinfo(line), printable)
}

/// `text` for an HTML page: [`printable`] first, then `& < > " '` as character references, so server text
/// can neither add markup nor leave an attribute value.
///
/// # Examples
///
/// ```
/// use catfetch_core::text::html_escape;
/// assert_eq!(
///     html_escape("<img src=x onerror='alert(1)'> & \u{1b}[2J"),
///     r"&lt;img src=x onerror=&#39;alert(1)&#39;&gt; &amp; \u{1b}[2J"
/// );
/// ```
pub fn html_escape(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Serialized JSON made safe to print: URLs without their password ([`hide_userinfo`]), and each unsafe
/// character that JSON allows raw (DEL, C1, the bidi controls) written as its `\uXXXX` escape. serde_json
/// already escapes C0; the rest may only appear inside JSON strings, where `\uXXXX` means the very same
/// character, so the document still parses to the same values.
///
/// # Examples
///
/// ```
/// use catfetch_core::text::json_for_output;
/// let json = serde_json::json!({"id": "\u{9b}2J\u{202e}", "url": "http://u:pw@h/"}).to_string();
/// let safe = json_for_output(&json);
/// assert_eq!(safe, r#"{"id":"\u009b2J\u202e","url":"http://u:***@h/"}"#);
/// let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
/// assert_eq!(back["id"], "\u{9b}2J\u{202e}");
/// ```
pub fn json_for_output(json: &str) -> Cow<'_, str> {
    and_then(hide_userinfo(json), json_escape)
}

/// The unsafe characters of serialized JSON as `\uXXXX`. Raw newlines, carriage returns and tabs are left:
/// serde_json escapes them inside strings, so raw ones are whitespace between values (pretty printing).
fn json_escape(json: &str) -> Cow<'_, str> {
    escape_unsafe(json, |out, c| match c {
        '\n' | '\r' | '\t' => out.push(c),
        c => {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        }
    })
}

/// `next` applied to `text`; still borrowed if neither step changed anything.
fn and_then<'a>(text: Cow<'a, str>, next: impl Fn(&str) -> Cow<'_, str>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(text) => next(text),
        Cow::Owned(text) => Cow::Owned(next(&text).into_owned()),
    }
}

/// `text` with each [`is_unsafe`] character replaced by what `escape` writes; borrowed when there is none.
fn escape_unsafe<'a>(text: &'a str, escape: impl Fn(&mut String, char)) -> Cow<'a, str> {
    let Some(first) = text.find(is_unsafe) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if is_unsafe(c) {
            escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `url` as text without its secret: the password becomes `***` (`http://user:***@host/`); a user name
/// without a password becomes `***` too (`https://***@host/`), since a token is often passed that way.
/// A URL without userinfo is shown exactly as it is.
///
/// # Examples
///
/// ```
/// use catfetch_core::text::redacted;
/// let url = |s: &str| s.parse().unwrap();
/// assert_eq!(redacted(&url("http://user:s3cret@127.0.0.1:8000/cat")), "http://user:***@127.0.0.1:8000/cat");
/// assert_eq!(redacted(&url("https://ghp_token@example.test/cat")), "https://***@example.test/cat");
/// assert_eq!(redacted(&url("https://cataas.com/cat?width=10")), "https://cataas.com/cat?width=10");
/// ```
pub fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    // `set_*` fail only on URLs that cannot have userinfo, which have none to hide.
    if url.password().is_some() {
        let _ = shown.set_password(Some("***"));
    } else if !url.username().is_empty() {
        let _ = shown.set_username("***");
    }
    shown.into()
}

/// `text` with the userinfo of every URL in it hidden as [`redacted`] would: the backstop for a line that
/// formatted a URL without [`redacted`]. A URL's authority is taken to run from `://` to the first
/// character that the URL parser always percent-encodes in a user name or password (`/ ? # \ " < > ` { } | ^`,
/// space, controls), so that a URL it wrote is cut exactly there, and a quoted one (in JSON, say) at its
/// closing quote; the userinfo is what comes before the authority's last `@`.
///
/// # Examples
///
/// ```
/// use catfetch_core::text::hide_userinfo;
/// assert_eq!(
///     hide_userinfo("redirect loop: http://user:s3cret@host:8/cat was already requested"),
///     "redirect loop: http://user:***@host:8/cat was already requested"
/// );
/// assert_eq!(hide_userinfo("\"https://tok@h/\""), "\"https://***@h/\"");
/// assert_eq!(hide_userinfo("no URL, or http://host/a@b (an @ in the path)"), "no URL, or http://host/a@b (an @ in the path)");
/// ```
pub fn hide_userinfo(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut done = 0; // `text[..done]` is in `out` already
    let mut from = 0;
    while let Some(found) = text[from..].find("://") {
        let start = from + found + 3;
        let authority_len = text[start..]
            .find(|c: char| {
                matches!(c, '/' | '?' | '#' | '\\' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '^')
                    || c.is_whitespace()
                    || is_unsafe(c)
            })
            .unwrap_or(text.len() - start);
        let authority = &text[start..start + authority_len];
        if let Some(at) = authority.rfind('@') {
            let userinfo = &authority[..at];
            let shown = match userinfo.split_once(':') {
                Some((user, _password)) => format!("{user}:***"),
                None => "***".to_owned(),
            };
            if userinfo != shown {
                out.push_str(&text[done..start]);
                out.push_str(&shown);
                done = start + at;
            }
        }
        from = start + authority_len;
    }
    if done == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[done..]);
    Cow::Owned(out)
}

/// `expected "a" or "b"`, `expected "a", "b" or "c"`: the error for a name that is none of `names`.
pub fn expected_one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("{name:?}")).collect();
    match quoted.split_last() {
        Some((last, [])) => format!("expected {last}"),
        Some((last, rest)) => format!("expected {} or {last}", rest.join(", ")),
        None => "expected nothing".to_owned(),
    }
}

/// `text` in lines of at most `width` characters, broken between words (a longer word stays whole).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

/// `1 stall`, `2 stalls`: a count and its noun, plural when it is not one.
pub fn plural(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// A byte count as people read it, in binary units with two decimals: `100 B`, `670.03 KiB`, `2.53 MiB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.2} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_control_character_is_escaped_and_nothing_else() {
        assert_eq!(printable("a\u{0}b\tc\nd\re\u{7f}f"), r"a\u{0}b\u{9}c\u{a}d\u{d}e\u{7f}f");
        assert_eq!(printable("\u{80}\u{85}\u{9b}\u{9f}\u{a0}"), "\\u{80}\\u{85}\\u{9b}\\u{9f}\u{a0}");
        assert_eq!(
            printable("\u{202a}\u{202e}\u{2066}\u{2069}\u{2067}"),
            r"\u{202a}\u{202e}\u{2066}\u{2069}\u{2067}"
        );
        // Neighbours of the ranges are ordinary text.
        assert_eq!(printable("\u{2029}\u{202f}\u{2065}\u{206a} ~"), "\u{2029}\u{202f}\u{2065}\u{206a} ~");
        assert!(matches!(printable("€ 猫 café \\ C:\\cats"), Cow::Borrowed(_)));
    }

    #[test]
    fn html_escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            html_escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(html_escape("\u{1b}[31m猫"), r"\u{1b}[31m猫");
        assert_eq!(html_escape("plain"), "plain");
    }

    #[test]
    fn redaction_hides_the_password_and_keeps_the_rest() {
        let url = |s: &str| -> Url { s.parse().unwrap() };
        assert_eq!(
            redacted(&url("http://u%40x:p%3Ass@[::1]:8080/c?q#f")),
            "http://u%40x:***@[::1]:8080/c?q#f"
        );
        assert_eq!(redacted(&url("http://:pw@h/")), "http://:***@h/");
        assert_eq!(hide_userinfo("http://u%40x:p%3As@[::1]:8080/c"), "http://u%40x:***@[::1]:8080/c");
        assert_eq!(hide_userinfo("a http://u:p@h b https://t@k/ c"), "a http://u:***@h b https://***@k/ c");
        // Already redacted text stays as it is (and is not copied).
        assert!(matches!(hide_userinfo("http://u:***@h/ and http://***@h/"), Cow::Borrowed(_)));
        assert!(matches!(hide_userinfo("://@"), Cow::Owned(s) if s == "://***@"));
    }

    #[test]
    fn json_stays_json_with_the_same_values() {
        let value =
            serde_json::json!({"error": "no cat matches id \u{1b}]0;x\u{7}\u{7f}\u{85}\u{2066}", "n": 1});
        let safe = json_for_output(&serde_json::to_string_pretty(&value).unwrap()).into_owned();
        assert!(!safe.chars().any(|c| is_unsafe(c) && c != '\n'), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), value);
    }

    #[test]
    fn byte_counts_read_in_binary_units_with_two_decimals() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1024), "1.00 KiB");
        assert_eq!(human_bytes(686_111), "670.03 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024 + 512 * 1024), "5.50 MiB");
        assert_eq!(human_bytes(u64::MAX), "16.00 EiB");
    }

    #[test]
    fn wrapping_breaks_between_words_within_the_width() {
        assert_eq!(wrap("one two three four", 9), "one two\nthree\nfour");
        assert_eq!(wrap("a longwordthatdoesnotfit b", 5), "a\nlongwordthatdoesnotfit\nb");
        assert_eq!(wrap("", 10), "");
    }
}
