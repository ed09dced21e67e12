//! A real browser for the HTML reports: Debian's headless Chromium renders a page from `file://`, and the
//! tests check what a reader would get: no errors, the expected elements, something drawn.
//!
//! Errors are caught two independent ways, so that neither a quiet browser build nor a page that blocks
//! scripts lets one through:
//! - a probe script is put at the top of a copy of the page: it records uncaught errors, failed loads,
//!   content-policy violations and `console.error`/`console.warn` calls into an attribute of `<html>`,
//!   which `--dump-dom` shows; the probe also marks the page, to prove it ran;
//! - the browser's own log (`--enable-logging=stderr`) lists every console message; our pages write none,
//!   so any is a failure.
//!
//! No browser installed is a failure with a clear message, never a silent pass: `.ci/run` installs one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where `.ci/run` (and `apt-get install chromium-headless-shell`) puts the browser, and other names it
/// goes by; `CATFETCH_BROWSER` names another.
const CANDIDATES: [&str; 4] =
    ["chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell", "chromium", "chromium-browser"];

/// How long one page may take to render before the browser is killed and the test fails.
const RENDER_LIMIT: Duration = Duration::from_secs(60);

/// The window a page is rendered in: a laptop screen's width, tall enough for a report's first screens.
pub const WINDOW: (u32, u32) = (1280, 2200);

/// The probe: first thing in the page, it writes what went wrong into `data-console-errors` on `<html>`.
const PROBE: &str = r#"<script>(function () {
  var seen = [], root = document.documentElement;
  root.setAttribute("data-probe", "ran");
  function note(what) { seen.push(what); root.setAttribute("data-console-errors", JSON.stringify(seen)); }
  window.addEventListener("error", function (e) {
    var target = e.target && (e.target.src || e.target.href);
    note(target ? "cannot load " + target : "uncaught " + e.message);
  }, true);
  window.addEventListener("unhandledrejection", function (e) { note("unhandled rejection " + e.reason); });
  document.addEventListener("securitypolicyviolation", function (e) {
    note("blocked by the page's policy: " + e.blockedURI + " (" + e.violatedDirective + ")");
  });
  ["error", "warn"].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      note("console." + level + ": " + Array.prototype.join.call(arguments, " "));
      original.apply(console, arguments);
    };
  });
})();</script>"#;

/// What the browser made of a page.
pub struct Rendered {
    /// The document after scripts ran, as `--dump-dom` serialises it.
    pub dom: String,
    /// Everything that went wrong: the probe's findings, then console lines from the browser's log.
    pub errors: Vec<String>,
    /// The screenshot, decoded: width, height and each pixel's colour.
    pub screenshot: (u32, u32, Vec<[u8; 3]>),
    /// Where the screenshot was written (inside `scratch`).
    pub screenshot_path: PathBuf,
    /// The browser's stderr, for failure messages.
    pub log: String,
    /// Holds the probed copy, the profile and the screenshot until dropped.
    pub scratch: tempfile::TempDir,
}

/// The headless Chromium to use.
///
/// # Panics
/// When none is installed, with the message that says how to get one.
pub fn browser() -> PathBuf {
    if let Some(path) = std::env::var_os("CATFETCH_BROWSER") {
        return PathBuf::from(path);
    }
    let on_path = |name: &str| -> Option<PathBuf> {
        if name.contains('/') {
            return Path::new(name).is_file().then(|| PathBuf::from(name));
        }
        std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|p| p.is_file())
    };
    CANDIDATES.iter().find_map(|name| on_path(name)).unwrap_or_else(|| {
        panic!(
            "headless Chromium not found: install chromium-headless-shell (apt) — .ci/run does this \
             (or set CATFETCH_BROWSER to a Chromium binary)"
        )
    })
}

/// Renders the HTML file `page` in headless Chromium, from `file://`, with the probe in a copy of it.
///
/// # Panics
/// If there is no browser, it cannot run, it takes longer than [`RENDER_LIMIT`], or it writes no
/// screenshot.
pub fn render(page: &Path) -> Rendered {
    let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("read {}: {e}", page.display()));
    let probed = match html.find("<head>") {
        Some(at) => format!("{}{PROBE}{}", &html[..at + "<head>".len()], &html[at + "<head>".len()..]),
        None => format!("{PROBE}{html}"),
    };
    let scratch = tempfile::Builder::new().prefix("catfetch-browser-").tempdir().unwrap();
    let copy = scratch.path().join("page.html");
    std::fs::write(&copy, probed).unwrap();
    let screenshot_path = scratch.path().join("screenshot.png");

    let mut command = Command::new(browser());
    command
        .arg("--headless")
        // The sandbox protects a browser from hostile sites; this one opens our own file, and as root
        // (CI) Chromium refuses to start with it.
        .arg("--no-sandbox")
        .arg("--disable-gpu")
        .arg("--hide-scrollbars")
        .arg("--no-first-run")
        .arg(format!("--user-data-dir={}", scratch.path().join("profile").display()))
        .arg(format!("--window-size={},{}", WINDOW.0, WINDOW.1))
        .arg(format!("--screenshot={}", screenshot_path.display()))
        .arg("--dump-dom")
        .arg("--enable-logging=stderr")
        .arg("--v=0")
        .arg(format!("file://{}", copy.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let (dom, log) = run_bounded(command);

    let mut errors = Vec::new();
    if !dom.contains("data-probe=\"ran\"") {
        errors.push("the error probe did not run (scripts blocked?)".to_owned());
    }
    if let Some(found) = attribute(&dom, "data-console-errors") {
        errors.push(found);
    }
    // Chromium logs each console message as `[...:INFO:CONSOLE(12)] "text", source: file:///... (12)`.
    errors.extend(log.lines().filter(|line| line.contains(":CONSOLE")).map(str::to_owned));

    let png = std::fs::read(&screenshot_path)
        .unwrap_or_else(|e| panic!("the browser wrote no screenshot ({e})\n--- browser log ---\n{log}"));
    let screenshot = decode_png(&png);
    Rendered { dom, errors, screenshot, screenshot_path, log, scratch }
}

/// Renders `page` and asserts what every report page must do: nothing in it that could fetch anything, no
/// error of any kind in the browser, each `(text, n)` found exactly `n` times in the rendered DOM, and a
/// screenshot that is not blank.
pub fn assert_renders(page: &Path, expected: &[(String, usize)]) -> Rendered {
    let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("read {}: {e}", page.display()));
    for fetching in ["src=", "href=", "url(", "@import", "<link", "<iframe", "<object"] {
        assert!(
            !html.contains(fetching),
            "{}: {fetching:?} in a page that must fetch nothing",
            page.display()
        );
    }
    let rendered = render(page);
    assert!(
        rendered.errors.is_empty(),
        "{} in the browser:\n{}\n--- browser log ---\n{}",
        page.display(),
        rendered.errors.join("\n"),
        rendered.log
    );
    for (text, count) in expected {
        assert_eq!(
            rendered.dom.matches(text.as_str()).count(),
            *count,
            "{text:?} in the DOM of {}",
            page.display()
        );
    }
    let (width, height, _) = &rendered.screenshot;
    assert_eq!((*width, *height), WINDOW, "screenshot size");
    assert!(!is_blank(&rendered.screenshot), "{}: the screenshot is blank", page.display());
    rendered
}

/// A screenshot is blank when (nearly) every pixel is the background's colour: fewer than 1% differ
/// from the top-left pixel, or fewer than 8 colours in all (text and anti-aliased lines make many).
pub fn is_blank((width, height, pixels): &(u32, u32, Vec<[u8; 3]>)) -> bool {
    let Some(background) = pixels.first() else { return true };
    let different = pixels.iter().filter(|pixel| *pixel != background).count();
    let colours: std::collections::HashSet<&[u8; 3]> = pixels.iter().collect();
    let total = (*width as usize) * (*height as usize);
    different * 100 < total || colours.len() < 8
}

/// The value of attribute `name` on the first element that has it, entity-decoded enough to read.
fn attribute(dom: &str, name: &str) -> Option<String> {
    let start = dom.find(&format!("{name}=\""))? + name.len() + 2;
    let end = start + dom[start..].find('"')?;
    Some(
        dom[start..end]
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
}

/// Runs the browser with a time limit; its stdout and stderr, lossily decoded.
fn run_bounded(mut command: Command) -> (String, String) {
    let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot start the browser {command:?}: {e}"));
    let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
    let deadline = Instant::now() + RENDER_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (dom, log) = (stdout.join().unwrap(), stderr.join().unwrap());
    match status {
        Some(status) if status.success() => (dom, log),
        Some(status) => panic!("the browser failed ({status})\n--- browser log ---\n{log}"),
        None => panic!("the browser took more than {RENDER_LIMIT:?}\n--- browser log ---\n{log}"),
    }
}

/// Width, height and the RGB colour of each pixel of a PNG, whatever its colour type.
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("the screenshot is a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a PNG of sensible size")];
    let info = reader.next_frame(&mut buffer).expect("the screenshot's pixels");
    let channels = info.color_type.samples();
    let pixels = buffer[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| if channels >= 3 { [p[0], p[1], p[2]] } else { [p[0]; 3] })
        .collect();
    (info.width, info.height, pixels)
}
