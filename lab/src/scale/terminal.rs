//! `catfetch scale` on a terminal: the table, an ASCII chart per metric (N on a log scale), and the
//! memory each download in flight costs.

use std::fmt::Write as _;

use super::{memory_per_download, Measurements, Metric, Row, Settings, COLUMNS};
use crate::axis::{compact, Axis};
use crate::executors::ExecutorKind;

/// A chart's plotting area, in characters.
const CHART_WIDTH: usize = 56;
const CHART_HEIGHT: usize = 9;

/// One glyph per executor, in the order of `--executors`; `#` marks points of several that coincide.
const GLYPHS: [char; 6] = ['o', 'x', '*', '@', '%', '&'];
const SEVERAL: char = '#';

/// Everything `catfetch scale` prints on stdout (without `--json`).
pub fn report(measurements: &Measurements, settings: &Settings) -> String {
    let rows = &measurements.rows;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "catfetch scale: N cats, all in flight at once, from a local origin answering after {} ms;\n\
         each run a fresh catfetch process, measured by the kernel (wait4, /proc)",
        settings.latency.as_millis()
    );
    let _ = writeln!(out);
    out.push_str(&table(rows));
    out.push_str(&notes(rows));
    let _ = writeln!(out);
    out.push_str(&memory(rows, &settings.executors));
    for metric in Metric::ALL {
        let _ = writeln!(out);
        out.push_str(&chart(metric, rows, &settings.executors));
    }
    let failed: Vec<String> = rows
        .iter()
        .filter(|row| row.ok().is_none())
        .map(|row| format!("{} at {}", row.executor, row.count))
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "\nNot charted (see the table): {}", failed.join(", "));
    }
    out
}

/// A run in one line, for progress on stderr: `smol, 1000 cats (1000 in flight): 0.43 s, 25.1 MiB, 7 threads`.
pub fn progress(row: &Row) -> String {
    let head = format!("{}, {} cats ({} in flight)", row.executor, row.count, row.jobs);
    match (&row.error, &row.usage) {
        (Some(error), _) => format!("{head}: {error}"),
        (None, Some(u)) => format!(
            "{head}: {:.2} s, {:.1} MiB, {} threads",
            u.wall.as_secs_f64(),
            u.peak_rss_kib as f64 / 1024.0,
            u.peak_threads
        ),
        (None, None) => head,
    }
}

/// The table: one line per run.
pub fn table(rows: &[Row]) -> String {
    let lines: Vec<[String; 11]> = rows.iter().map(Row::cells).collect();
    let mut widths: Vec<usize> = COLUMNS.iter().map(|(name, _)| name.len()).collect();
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header = COLUMNS.map(|(name, _)| name.to_owned());
    let mut out = String::new();
    for line in std::iter::once(&header).chain(&lines) {
        let mut text = String::new();
        for (i, cell) in line.iter().enumerate() {
            let gap = if i == 0 { "" } else { "  " };
            if COLUMNS[i].1 {
                let _ = write!(text, "{gap}{cell:>w$}", w = widths[i]);
            } else {
                let _ = write!(text, "{gap}{cell:<w$}", w = widths[i]);
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    }
    out
}

/// What the `*` after a jobs figure means, once per count and limit.
pub fn notes(rows: &[Row]) -> String {
    let mut seen = Vec::new();
    let mut out = String::new();
    for row in rows {
        let Some(limit) = row.limited_by else { continue };
        if seen.contains(&(row.count, row.jobs, limit)) {
            continue;
        }
        seen.push((row.count, row.jobs, limit));
        let _ = writeln!(out, "* {} cats: {} in flight at most, {}", row.count, row.jobs, limit.explain());
    }
    out
}

/// Memory per download in flight, per executor: the slope of peak RSS against downloads in flight.
pub fn memory(rows: &[Row], executors: &[ExecutorKind]) -> String {
    let mut out = String::from(
        "Memory per download in flight (least-squares slope of peak RSS against downloads in flight):\n",
    );
    let width = executors.iter().map(|e| e.name().len()).max().unwrap_or(0);
    for &executor in executors {
        let line = match memory_per_download(rows, executor) {
            Some(fit) => format!(
                "{:.1} KiB  ({} runs; {:.1} MiB with none in flight)",
                fit.kib_per_download,
                fit.runs,
                fit.base_kib / 1024.0
            ),
            None => "-  (needs two successful runs with different numbers in flight)".into(),
        };
        let _ = writeln!(out, "  {:<width$}  {line}", executor.name());
    }
    out
}

/// One metric against N: a point per successful run, a glyph per executor, N on a log scale.
pub fn chart(metric: Metric, rows: &[Row], executors: &[ExecutorKind]) -> String {
    let points: Vec<(usize, f64, f64)> = rows
        .iter()
        .filter_map(|row| {
            let series = executors.iter().position(|e| *e == row.executor)?;
            Some((series, row.count as f64, metric.value(row.ok()?)))
        })
        .collect();
    let x = Axis::log_through(&points.iter().map(|p| p.1).collect::<Vec<_>>());
    let y = Axis::fit(&points.iter().map(|p| p.2).collect::<Vec<_>>());
    let column = |value: f64| (x.position(value) * (CHART_WIDTH - 1) as f64).round() as usize;
    let line = |value: f64| ((1.0 - y.position(value)) * (CHART_HEIGHT - 1) as f64).round() as usize;

    let mut grid = vec![vec![' '; CHART_WIDTH]; CHART_HEIGHT];
    let mut several = false;
    for &(series, count, value) in &points {
        let glyph = GLYPHS[series % GLYPHS.len()];
        let cell = &mut grid[line(value)][column(count)];
        if *cell == ' ' || *cell == glyph {
            *cell = glyph;
        } else {
            *cell = SEVERAL;
            several = true;
        }
    }
    // A label on the line of each tick (the first, if two ticks fall on one line).
    let mut labels = vec![String::new(); CHART_HEIGHT];
    for &tick in &y.ticks {
        let label = &mut labels[line(tick)];
        if label.is_empty() {
            *label = compact(tick);
        }
    }
    let label_width = labels.iter().map(String::len).max().unwrap_or(0);

    let mut out = String::new();
    let _ = writeln!(out, "{}, {}", metric.title(), if y.log { "log scale" } else { "linear scale" });
    for (label, cells) in labels.iter().zip(&grid) {
        let cells: String = cells.iter().collect();
        let _ = writeln!(out, "{label:>label_width$} |{}", cells.trim_end());
    }
    let mut axis = vec!['-'; CHART_WIDTH];
    let mut ticks = vec![' '; CHART_WIDTH + 8];
    let mut free_from = 0;
    for &tick in &x.ticks {
        let at = column(tick);
        axis[at] = '+';
        let text = compact(tick);
        let start = at.saturating_sub(text.len() / 2);
        if start >= free_from && start + text.len() <= ticks.len() {
            ticks.splice(start..start + text.len(), text.chars());
            free_from = start + text.len() + 1;
        }
    }
    let _ = writeln!(out, "{:label_width$} +{}", "", axis.iter().collect::<String>());
    let _ = writeln!(out, "{:label_width$}  {}", "", ticks.iter().collect::<String>().trim_end());
    let mut legend: Vec<String> =
        executors.iter().enumerate().map(|(i, e)| format!("{} {e}", GLYPHS[i % GLYPHS.len()])).collect();
    if several {
        legend.push(format!("{SEVERAL} several"));
    }
    let _ = writeln!(out, "{:label_width$}  N cats, log scale   {}", "", legend.join("   "));
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::row;
    use super::*;
    use crate::scale::Limit;

    fn executors() -> Vec<ExecutorKind> {
        ["smol", "local"].map(|name| name.parse().unwrap()).into()
    }

    #[test]
    fn the_chart_puts_n_on_a_log_axis_with_a_glyph_per_executor() {
        let rows = [
            row("smol", 10, 9_000, 3),
            row("smol", 100, 9_000, 3),
            row("smol", 1_000, 9_000, 3),
            row("smol", 10_000, 9_000, 3),
            row("local", 10, 9_000, 10),
            row("local", 10_000, 9_000, 10_000),
        ];
        let chart = chart(Metric::Threads, &rows, &executors());
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(lines[0], "Peak threads, log scale");
        assert_eq!(lines.len(), 1 + CHART_HEIGHT + 3, "{chart}");
        // The top line holds local's 10 000 threads at the right end; smol's 3 threads are at the bottom
        // of the axis (1 to 10 000), evenly spaced: one per decade, a third of the width apart.
        assert!(lines[1].starts_with("10k |") && lines[1].ends_with('x'), "{chart}");
        let smol_line = lines[1..=CHART_HEIGHT].iter().find(|l| l.contains('o')).unwrap();
        let columns: Vec<usize> = smol_line.match_indices('o').map(|(i, _)| i).collect();
        assert_eq!(columns.len(), 4, "{chart}");
        let gaps: Vec<usize> = columns.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.iter().all(|&g| g.abs_diff(gaps[0]) <= 1), "{gaps:?}\n{chart}");
        // Both executors at N=10 with 3 and 10 threads are on different lines, so no '#'.
        assert!(!chart.contains('#'), "{chart}");
        assert!(
            lines[CHART_HEIGHT + 2].contains("10    ") && lines[CHART_HEIGHT + 2].ends_with("10k"),
            "{chart}"
        );
        assert!(lines[CHART_HEIGHT + 3].ends_with("o smol   x local"), "{chart}");
    }

    #[test]
    fn coinciding_points_show_as_several() {
        let rows = [row("smol", 10, 9_000, 3), row("local", 10, 9_000, 3), row("smol", 100, 9_000, 3)];
        let chart = chart(Metric::Threads, &rows, &executors());
        assert!(chart.contains('#') && chart.contains("# several"), "{chart}");
    }

    #[test]
    fn the_table_shows_figures_errors_and_clamped_jobs() {
        let mut clamped = row("smol", 10_000, 130_000, 3);
        clamped.jobs = 9_968;
        clamped.limited_by = Some(Limit::OpenFiles);
        let mut failed = row("local", 10_000, 0, 0);
        failed.usage = None;
        failed.error = Some("not run: this executor already failed at 1000 cats".into());
        let rows = [row("smol", 10, 9_216, 3), clamped, failed];
        let table = table(&rows);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0],
            "executor      N   jobs    wall   peak RSS  threads  voluntary  involuntary    user     sys  error"
        );
        assert_eq!(
            lines[1],
            "smol         10     10  0.20 s    9.0 MiB        3        200            2  0.00 s  0.00 s"
        );
        assert!(lines[2].starts_with("smol      10000  9968*  1.20 s  127.0 MiB"), "{table}");
        assert!(lines[3].ends_with("-  not run: this executor already failed at 1000 cats"), "{table}");
        let notes = notes(&rows);
        assert!(
            notes.starts_with("* 10000 cats: 9968 in flight at most, clamped by the hard open-file limit")
        );
        assert_eq!(notes.lines().count(), 1);
    }

    #[test]
    fn memory_per_download_is_stated_per_executor() {
        let rows = [row("smol", 10, 9_216 + 100, 3), row("smol", 1_000, 9_216 + 10_000, 3)];
        let text = memory(&rows, &executors());
        assert!(text.contains("  smol   10.0 KiB  (2 runs; 9.0 MiB with none in flight)"), "{text}");
        assert!(text.contains("  local  -  (needs two successful runs"), "{text}");
    }
}
