//! The HTML reports, in a real browser (headless Chromium, see support/browser.rs): each page renders from
//! `file://` with no error of any kind, has the elements its data calls for, draws something, and stays
//! within its size budget.

use catfetch_lab::html::run_page::{BUDGET_BASE, BUDGET_PER_DOWNLOAD};
use catfetch_lab::scale::page::{BUDGET_BASE as SCALE_BASE, BUDGET_PER_RUN};
use serde_json::Value;

use crate::support::browser::{self, assert_renders};
use crate::support::catfetch;

/// How many plots the scale page draws: one per metric.
const SCALE_PLOTS: usize = 6;

#[test]
fn the_scale_page_renders_in_a_real_browser_with_a_row_and_a_point_per_run() {
    let cmd = catfetch();
    let dir = cmd.dir().to_owned();
    let run = cmd
        .env("TMPDIR", &dir)
        .args(["scale", "--counts", "10,100", "--latency", "50", "--json", "--html", "s.html"])
        .run();
    run.assert_code(0);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(rows.len() >= 2, "{run}");
    let mut expected = Vec::new();
    for row in &rows {
        let run_attrs = format!(
            "data-executor=\"{}\" data-count=\"{}\"",
            row["executor"].as_str().unwrap(),
            row["count"]
        );
        expected.push((format!("<tr {run_attrs}"), 1));
        // The table row, and a point in every plot when the run succeeded.
        let points = if row["error"].is_null() { SCALE_PLOTS } else { 0 };
        expected.push((run_attrs, 1 + points));
    }
    let page = run.path("s.html");
    let rendered = assert_renders(&page, &expected);
    assert!(rendered.dom.contains("<h1>catfetch scale</h1>"), "{}", rendered.dom);
    assert_eq!(rendered.dom.matches("<figure class=\"plot\">").count(), SCALE_PLOTS);

    let size = std::fs::metadata(&page).unwrap().len() as usize;
    assert!(size <= SCALE_BASE + BUDGET_PER_RUN * rows.len(), "{size} bytes for {} runs", rows.len());
    let left: Vec<String> = run.files("").into_iter().filter(|f| f != "s.html").collect();
    assert!(left.is_empty(), "only the page is left: {left:?}");
}

#[test]
fn the_browser_check_catches_script_errors_failed_loads_and_blank_pages() {
    // The checks above are only worth something if they can fail: a page with each fault must be caught.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.html");
    std::fs::write(
        &broken,
        "<!DOCTYPE html><html><head><title>broken</title></head><body><h1>cats</h1>\
         <img src=\"http://127.0.0.1:9/cat.png\"><script>noSuchFunction();</script></body></html>",
    )
    .unwrap();
    let rendered = browser::render(&broken);
    let errors = rendered.errors.join("\n");
    assert!(errors.contains("uncaught ") && errors.contains("noSuchFunction"), "{errors}");
    assert!(errors.contains("cannot load http://127.0.0.1:9/cat.png"), "{errors}");
    assert!(errors.contains(":CONSOLE"), "the browser's own log sees it too: {errors}");

    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><head><title>blank</title></head><body></body></html>")
        .unwrap();
    let rendered = browser::render(&blank);
    assert!(rendered.errors.is_empty(), "{:?}", rendered.errors);
    assert!(browser::is_blank(&rendered.screenshot), "an empty page is blank");
}

#[test]
fn a_download_runs_page_renders_with_a_lane_per_cat_and_per_polling_thread() {
    let run = catfetch().args(["--demo", "-n", "40", "-q", "--json", "--html", "run.html"]).run();
    run.assert_code(0);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let cats = report["cats"].as_array().unwrap();
    assert_eq!(cats.len(), 40, "{run}");
    // Each download's lane is named by its index in the JSON report.
    let mut expected: Vec<(String, usize)> =
        cats.iter().map(|cat| (format!("data-cat=\"{}\"", cat["index"]), 1)).collect();
    expected.push(("data-cat=".into(), 40));
    let page = run.path("run.html");
    let rendered = assert_renders(&page, &expected);
    assert!(rendered.dom.contains("<h1>catfetch run</h1>"), "{}", rendered.dom);
    let threads = thread_names(&rendered.dom);
    assert!(!threads.is_empty(), "a lane per polling thread: {}", rendered.dom);
    let unique: std::collections::HashSet<&String> = threads.iter().collect();
    assert_eq!(unique.len(), threads.len(), "thread names are unique: {threads:?}");
    assert!(rendered.dom.contains("<h2>What happened</h2>"), "the verdicts are on the page");

    assert_eq!(run.files("cats").len(), 40);
    let size = std::fs::metadata(&page).unwrap().len() as usize;
    assert!(size <= BUDGET_BASE + BUDGET_PER_DOWNLOAD * 40, "{size} bytes");
    let left: Vec<String> = run.files("").into_iter().filter(|f| f != "run.html" && f != "cats").collect();
    assert!(left.is_empty(), "only the page and the cats are left: {left:?}");
}

#[test]
fn the_compare_page_renders_every_run_on_one_axis_with_its_own_lanes() {
    let cmd = catfetch();
    let dir = cmd.dir().to_owned();
    let run =
        cmd.env("TMPDIR", &dir).args(["compare", "-n", "4", "--latency", "50", "--html", "c.html"]).run();
    run.assert_code(0);
    // The table on stdout has a line per executor run: the page must have a block per run.
    let runs = run.stdout.lines().skip(3).take_while(|line| !line.is_empty()).count();
    assert!(runs >= 6, "{run}");
    let page = run.path("c.html");
    let rendered = assert_renders(
        &page,
        &[("<div class=\"run\" data-run=".into(), runs), ("data-cat=".into(), 4 * runs)],
    );
    for name in ["sequential default", "smol default", "threads default"] {
        assert!(rendered.dom.contains(&format!("<div class=\"run\" data-run=\"{name}\"")), "{name}");
    }
    let left: Vec<String> = run.files("").into_iter().filter(|f| f != "c.html").collect();
    assert!(left.is_empty(), "only the page is left: {left:?}");
}

#[test]
fn html_pages_that_cannot_be_written_are_usage_errors_before_any_download() {
    let run = catfetch().args(["--demo", "-n", "2", "--html", "no/such/dir/run.html"]).run();
    run.assert_code(2);
    assert!(run.stderr.contains("--html no/such/dir/run.html: cannot write there"), "{run}");
    assert!(run.files("").is_empty(), "nothing downloaded: {:?}", run.files(""));
    let run = catfetch().args(["compare", "-n", "2", "--html", "."]).run();
    run.assert_code(2);
    assert!(run.stderr.contains("--html .: cannot write there"), "{run}");
}

/// The `data-thread` names in a rendered page, in order.
fn thread_names(dom: &str) -> Vec<String> {
    dom.split("data-thread=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].to_owned()).collect()
}
