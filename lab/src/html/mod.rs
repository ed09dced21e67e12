//! Self-contained HTML reports: one file with its CSS, its SVG plots and its data inline, that fetches
//! nothing (a Content-Security-Policy in the page forbids it) and opens from `file://` offline.
//!
//! Pages are built from [`Html`] values, and the only ways to make one are this module's functions: text
//! goes through [`Html::text`], which escapes it, and tag and attribute names are `&'static str`, written
//! in our code. So a server's error message, a URL or a file name cannot add a tag, an attribute or a
//! script to a page, whichever page builds it and however it is nested.
//!
//! ```
//! use catfetch_lab::html::{Html, Page};
//! let mut page = Page::new("cats");
//! page.section("Errors", [Html::el("p", &[], [Html::text("<script>alert(1)</script>")])]);
//! assert!(page.render().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
//! ```

mod plot;
pub mod run_page;

pub use plot::{Plot, Point, Series};

/// A piece of markup made by this module: its text was escaped on the way in (see the module doc).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// Text, shown as written: `<`, `&` and quotes are escaped, control characters dropped.
    pub fn text(text: &str) -> Html {
        Html(escape_html(text))
    }

    /// An element with attributes (values escaped) and children: `<tag a="v">children</tag>`.
    pub fn el(
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        children: impl IntoIterator<Item = Html>,
    ) -> Html {
        let mut out = open_tag(tag, attrs, ">");
        for child in children {
            out.push_str(&child.0);
        }
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
        Html(out)
    }

    /// An element with no content: an HTML void element (`<meta>`) or an SVG shape (`<circle .../>`).
    pub fn empty(tag: &'static str, attrs: &[(&'static str, &str)]) -> Html {
        Html(open_tag(tag, attrs, "/>"))
    }

    /// Fixed markup written in our code (a style sheet, a script): never text from elsewhere, which the
    /// `'static` lifetime all but guarantees.
    pub fn trusted(markup: &'static str) -> Html {
        Html(markup.to_owned())
    }

    /// These pieces one after another.
    pub fn join(parts: impl IntoIterator<Item = Html>) -> Html {
        Html(parts.into_iter().map(|part| part.0).collect())
    }

    /// Appends `part`.
    pub fn push(&mut self, part: Html) {
        self.0.push_str(&part.0);
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `<tag a="v" b="w"` followed by `end`.
fn open_tag(tag: &'static str, attrs: &[(&'static str, &str)], end: &str) -> String {
    let mut out = format!("<{tag}");
    for (name, value) in attrs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        out.push_str(&escape_html(value));
        out.push('"');
    }
    out.push_str(end);
    out
}

/// Text made safe inside an element or a quoted attribute: [`catfetch_core::text::html_escape`] (the one home of
/// that rule: markup characters escaped, control characters shown as `\u{..}`), line by line, since a
/// newline is only whitespace in HTML and multi-line text (a verdict, an error) keeps its lines.
fn escape_html(text: &str) -> String {
    text.split('\n').map(catfetch_core::text::html_escape).collect::<Vec<_>>().join("\n")
}

/// The page's policy: nothing may be loaded from anywhere (no network, no other file); only the page's
/// own inline style and script run. A page that tried to fetch something would show an error in the
/// browser's console, which the tests look for.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/// The look every page shares: readable type, tables of numbers, plots in a grid that reflows.
const BASE_STYLE: &str = r#"
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6472; --line: #d5d9e0; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
p.lead { color: var(--muted); margin: 0 0 8px; }
.muted { color: var(--muted); }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px; }
table { border-collapse: collapse; font-size: 14px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.failed td { background: #fdf1f0; }
td.error { color: var(--bad); max-width: 420px; }
.plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 18px 28px; }
figure.plot { margin: 0; }
figure.plot figcaption { font-weight: 600; margin-bottom: 2px; }
svg.plot { width: 100%; height: auto; display: block; font-size: 12px; }
svg.plot text { fill: var(--muted); }
svg.plot .grid { stroke: #e6e9ee; stroke-width: 1; }
svg.plot .frame { stroke: #9aa2ad; stroke-width: 1; fill: none; }
svg.plot .reference { stroke: #7a828e; stroke-width: 1.2; stroke-dasharray: 5 4; }
svg.plot .series polyline { fill: none; stroke-width: 2.2; }
svg.plot .point { stroke: #fff; stroke-width: 1.2; }
svg.plot .point:hover { stroke: var(--ink); stroke-width: 2; }
svg.plot .legend text { fill: var(--ink); }
"#;

/// A whole page: a title, sections, and its style (and script, if any) inline.
#[derive(Debug, Clone)]
pub struct Page {
    title: String,
    lead: Option<Html>,
    style: Vec<&'static str>,
    script: Vec<&'static str>,
    body: Vec<Html>,
}

impl Page {
    /// An empty page titled `title` (shown as its heading too).
    pub fn new(title: &str) -> Page {
        Page {
            title: title.to_owned(),
            lead: None,
            style: vec![BASE_STYLE],
            script: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A line under the heading: what the page shows, how it was made.
    pub fn lead(&mut self, lead: Html) {
        self.lead = Some(lead);
    }

    /// More CSS for this kind of page, after the shared style.
    pub fn style(&mut self, css: &'static str) {
        self.style.push(css);
    }

    /// A script run at the end of the page. Pages work without it: it may only add conveniences.
    pub fn script(&mut self, js: &'static str) {
        self.script.push(js);
    }

    /// A section with a heading.
    pub fn section(&mut self, heading: &str, content: impl IntoIterator<Item = Html>) {
        let mut children = vec![Html::el("h2", &[], [Html::text(heading)])];
        children.extend(content);
        self.body.push(Html::el("section", &[], children));
    }

    /// The page as one HTML document.
    pub fn render(&self) -> String {
        let mut head = vec![
            Html::empty("meta", &[("charset", "utf-8")]),
            Html::empty(
                "meta",
                &[("http-equiv", "Content-Security-Policy"), ("content", CONTENT_SECURITY_POLICY)],
            ),
            Html::empty("meta", &[("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
            Html::el("title", &[], [Html::text(&self.title)]),
        ];
        head.extend(self.style.iter().map(|css| Html::el("style", &[], [Html::trusted(css)])));
        let mut body = vec![Html::el("h1", &[], [Html::text(&self.title)])];
        body.extend(self.lead.iter().map(|lead| Html::el("p", &[("class", "lead")], [lead.clone()])));
        body.extend(self.body.iter().cloned());
        body.extend(self.script.iter().map(|js| Html::el("script", &[], [Html::trusted(js)])));
        let html =
            Html::el("html", &[("lang", "en")], [Html::el("head", &[], head), Html::el("body", &[], body)]);
        format!("<!DOCTYPE html>\n{}\n", html.as_str())
    }
}

/// A table: a header row, then `rows` (each made with [`row`]).
pub fn table(headers: &[(&str, bool)], rows: impl IntoIterator<Item = Html>) -> Html {
    let head = headers.iter().map(|(name, numeric)| {
        let attrs: &[(&'static str, &str)] = if *numeric { &[("class", "num")] } else { &[] };
        Html::el("th", attrs, [Html::text(name)])
    });
    Html::el(
        "table",
        &[],
        [Html::el("thead", &[], [Html::el("tr", &[], head)]), Html::el("tbody", &[], rows)],
    )
}

/// A table row: its attributes (a class, `data-*` for tests and scripts) and its cells ([`cell`]).
pub fn row(attrs: &[(&'static str, &str)], cells: impl IntoIterator<Item = Html>) -> Html {
    Html::el("tr", attrs, cells)
}

/// A table cell with this text and class (`num` for right-aligned numbers, or "").
pub fn cell(text: &str, class: &str) -> Html {
    if class.is_empty() {
        Html::el("td", &[], [Html::text(text)])
    } else {
        Html::el("td", &[("class", class)], [Html::text(text)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attribute_values_cannot_make_markup() {
        let hostile = "<img src=x onerror=alert(1)> \"quoted\" & 'single'";
        let html = Html::el("td", &[("title", hostile)], [Html::text(hostile)]);
        assert_eq!(
            html.as_str(),
            "<td title=\"&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;\">\
             &lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;</td>"
        );
    }

    #[test]
    fn control_characters_are_shown_escaped_but_lines_stay() {
        assert_eq!(
            Html::text("red\x1b[31m\u{7}\u{9b}2J line\none\u{202e}").as_str(),
            r"red\u{1b}[31m\u{7}\u{9b}2J line".to_owned() + "\n" + r"one\u{202e}"
        );
    }

    #[test]
    fn a_page_is_one_document_that_may_fetch_nothing() {
        let mut page = Page::new("catfetch <scale>");
        page.lead(Html::text("10 & 100 cats"));
        page.section("Table", [table(&[("N", true)], [row(&[("data-count", "10")], [cell("10", "num")])])]);
        let html = page.render();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"),
            "{html}"
        );
        assert!(html.contains("default-src &#39;none&#39;"), "{html}");
        assert!(html.contains("<title>catfetch &lt;scale&gt;</title>"), "{html}");
        assert!(html.contains("<p class=\"lead\">10 &amp; 100 cats</p>"), "{html}");
        assert!(html.contains("<tr data-count=\"10\"><td class=\"num\">10</td></tr>"), "{html}");
        for fetching in ["src=", "href=", "@import", "url("] {
            assert!(!html.contains(fetching), "{fetching} in {html}");
        }
    }
}
