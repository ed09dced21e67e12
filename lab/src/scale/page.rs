//! `catfetch scale --html FILE`: the measurements as one self-contained page: a plot per metric against
//! N (log scale), the memory per download in flight, the table, and what each figure means.
//!
//! Every point and table row carries `data-executor` and `data-count`, so a script or a test can find a
//! run's figures without parsing text.

use super::child::SAMPLE_EVERY;
use super::{memory_per_download, Measurements, Metric, Row, Settings, COLUMNS};
use crate::axis::Axis;
use crate::executors::ExecutorKind;
use crate::html::{self, cell, row, Html, Page, Plot, Point, Series};

/// The page's size budget, checked by the tests: a fixed part (style, text, axes) and a part per run (a
/// table row and a point in each plot). The default 12 runs are allowed 40 KiB, 48 runs 112 KiB: a page
/// that opens at once and can be mailed or committed.
pub const BUDGET_BASE: usize = 16 * 1024;
/// See [`BUDGET_BASE`].
pub const BUDGET_PER_RUN: usize = 2 * 1024;

/// The page for these measurements.
pub fn page(measurements: &Measurements, settings: &Settings) -> Page {
    let rows = &measurements.rows;
    let mut page = Page::new("catfetch scale");
    let names: Vec<&str> = settings.executors.iter().map(|e| e.name()).collect();
    page.lead(Html::text(&format!(
        "N cats, all in flight at once, from a local origin answering after {} ms, on {}; each run a \
         fresh catfetch process, measured by the kernel. {} cores.",
        settings.latency.as_millis(),
        names.join(", "),
        crate::executors::default_threads()
    )));
    if let Some(signal) = measurements.interrupted {
        page.section(
            "Interrupted",
            [Html::el(
                "p",
                &[],
                [Html::text(&format!(
                    "Signal {signal} stopped the series: these are the runs made before it."
                ))],
            )],
        );
    }
    let plots = Metric::ALL.map(|metric| plot(metric, rows, settings).render());
    page.section("Against N", [Html::el("div", &[("class", "plots")], plots)]);
    page.section("Memory per download in flight", [memory(rows, &settings.executors)]);
    page.section("Every run", [table(rows), notes(rows)]);
    page.section("Reading the figures", [reading()]);
    page
}

/// One metric against N: a series per executor, failed runs left out.
fn plot(metric: Metric, rows: &[Row], settings: &Settings) -> Plot {
    let executors = &settings.executors;
    let series: Vec<Series> = executors
        .iter()
        .map(|&executor| Series {
            name: executor.name().to_owned(),
            points: rows
                .iter()
                .filter(|row| row.executor == executor)
                .filter_map(|row| {
                    let value = metric.value(row.ok()?);
                    Some(Point {
                        x: row.count as f64,
                        y: value,
                        tooltip: format!("{executor}, {} cats: {}", row.count, metric.show(value)),
                        data: vec![
                            ("data-executor", executor.name().to_owned()),
                            ("data-count", row.count.to_string()),
                        ],
                    })
                })
                .collect(),
        })
        .collect();
    let xs: Vec<f64> = series.iter().flat_map(|s| s.points.iter().map(|p| p.x)).collect();
    let mut ys: Vec<f64> = series.iter().flat_map(|s| s.points.iter().map(|p| p.y)).collect();
    // Every download waits one latency, at once: the wall time theory expects, whatever N.
    let references = if metric == Metric::Wall {
        let latency = settings.latency.as_secs_f64();
        ys.push(latency);
        vec![(latency, format!("latency {} ms", settings.latency.as_millis()))]
    } else {
        Vec::new()
    };
    Plot {
        title: metric.title().to_owned(),
        x_label: "N cats, all in flight".into(),
        x: Axis::log_through(&xs),
        y: Axis::fit(&ys),
        series,
        references,
    }
}

/// The slope per executor, as a small table.
fn memory(rows: &[Row], executors: &[ExecutorKind]) -> Html {
    let lines = executors.iter().map(|&executor| {
        let cells = match memory_per_download(rows, executor) {
            Some(fit) => [
                cell(&format!("{:.1} KiB", fit.kib_per_download), "num"),
                cell(&format!("{:.1} MiB", fit.base_kib / 1024.0), "num"),
                cell(&fit.runs.to_string(), "num"),
            ],
            None => [cell("-", "num"), cell("-", "num"), cell("fewer than 2", "num")],
        };
        let mut all = vec![cell(executor.name(), "")];
        all.extend(cells);
        row(&[("data-executor", executor.name())], all)
    });
    Html::join([
        Html::el(
            "p",
            &[],
            [Html::text(
                "The least-squares slope of peak RSS against the downloads in flight, over each executor's \
                 successful runs: what one more download in flight costs in memory. Where the line meets \
                 zero downloads is the process' own size.",
            )],
        ),
        html::table(
            &[("executor", false), ("per download", true), ("with none in flight", true), ("runs", true)],
            lines,
        ),
    ])
}

/// Every run: a row each, failed ones marked.
fn table(rows: &[Row]) -> Html {
    let lines = rows.iter().map(|r| {
        let count = r.count.to_string();
        let mut attrs: Vec<(&'static str, &str)> =
            vec![("data-executor", r.executor.name()), ("data-count", &count)];
        if r.error.is_some() {
            attrs.push(("class", "failed"));
        }
        let classes = COLUMNS.map(|(name, numeric)| match (name, numeric) {
            ("error", _) => "error",
            (_, true) => "num",
            _ => "",
        });
        row(&attrs, r.cells().iter().zip(classes).map(|(text, class)| cell(text, class)))
    });
    html::table(&COLUMNS, lines)
}

/// The notes under the table: why some runs had fewer in flight than cats.
fn notes(rows: &[Row]) -> Html {
    let text = super::terminal::notes(rows);
    Html::join(text.lines().map(|line| Html::el("p", &[("class", "muted")], [Html::text(line)])))
}

/// What each figure is, and where it comes from.
fn reading() -> Html {
    let items = [
        ("wall", "from the child's start to its exit: about one latency when every download waits at once."),
        (
            "peak RSS",
            "the most memory the process had resident at once (VmHWM in /proc, its own address space): what N \
             downloads in flight hold, their buffers, tasks or thread stacks.",
        ),
        (
            "threads",
            &format!(
                "the most threads seen at once (Threads: in /proc, read every {} ms): a few for tasks on an \
                 executor, about one per download for a thread each.",
                SAMPLE_EVERY.as_millis()
            ),
        ),
        (
            "voluntary switches",
            "times a thread gave up the CPU because it had to wait (a socket, a lock): many threads that each \
             wait mean many of these.",
        ),
        (
            "involuntary switches",
            "times the scheduler took the CPU from a thread that could still run: more runnable threads than \
             cores.",
        ),
        ("CPU", "user time in catfetch and its libraries, system time in the kernel on its behalf (wait4's rusage)."),
    ];
    Html::el(
        "ul",
        &[],
        items.iter().map(|(term, text)| {
            Html::el(
                "li",
                &[],
                [Html::el("strong", &[], [Html::text(term)]), Html::text(&format!(": {text}"))],
            )
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::row as run;
    use super::*;
    use std::time::Duration;

    fn settings(executors: &[&str]) -> Settings {
        Settings {
            counts: vec![10, 100],
            executors: executors.iter().map(|e| e.parse().unwrap()).collect(),
            jobs: None,
            latency: Duration::from_millis(200),
            time_limit: Duration::from_secs(60),
        }
    }

    #[test]
    fn each_run_is_a_table_row_and_each_successful_run_a_point_in_every_plot() {
        let mut failed = run("local", 100, 0, 0);
        failed.error = Some("exited with status 1: catfetch: <cat 3> failed".into());
        let rows =
            vec![run("smol", 10, 9_000, 3), run("local", 10, 9_500, 1), run("smol", 100, 10_000, 3), failed];
        let measurements = Measurements { rows, interrupted: None };
        let html = page(&measurements, &settings(&["smol", "local"])).render();
        assert_eq!(
            html.matches("<tr data-executor=").count(),
            4 + 2,
            "runs, and the memory table's executors"
        );
        assert_eq!(
            html.matches("<circle ").count() + html.matches("<path ").count(),
            3 * Metric::ALL.len() + 2 * 6
        );
        assert!(html.contains("<tr data-executor=\"local\" data-count=\"100\" class=\"failed\">"), "{html}");
        assert!(html.contains("catfetch: &lt;cat 3&gt; failed"), "errors are escaped: {html}");
        assert!(html.contains("<figcaption>Peak threads, linear scale</figcaption>"), "{html}");
    }

    #[test]
    fn the_page_stays_within_its_size_budget() {
        let counts = [10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000];
        let executors = ["smol", "local", "join", "sequential"];
        let rows: Vec<Row> = counts
            .iter()
            .flat_map(|&count| {
                executors.map(|e| run(e, count, 9_000 + count as u64 * 12, 3 + count as u64 / 100))
            })
            .collect();
        let runs = rows.len();
        let html = page(&Measurements { rows, interrupted: None }, &settings(&executors)).render();
        assert!(html.len() <= BUDGET_BASE + BUDGET_PER_RUN * runs, "{} bytes for {runs} runs", html.len());
    }
}
