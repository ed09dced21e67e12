//! Line plots as inline SVG: axes with ticks and grid lines, one line and marker shape per series, a
//! legend, and each point's exact value in a tooltip (an SVG `<title>`, shown on hover without script).

use super::Html;
use crate::axis::{compact, Axis};

/// Series colours: the Okabe-Ito palette, told apart with any colour vision; markers differ in shape too.
const COLOURS: [&str; 6] = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];

/// The drawing's size in SVG units (it scales to the width of its box) and the margins around the data.
const WIDTH: f64 = 520.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 58.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 42.0;

/// A plot of several series against the same axes.
#[derive(Debug, Clone)]
pub struct Plot {
    /// Above the plot, e.g. "Peak RSS (MiB)"; the axis scale is added to it.
    pub title: String,
    /// Under the x axis, e.g. "cats in flight".
    pub x_label: String,
    /// The x axis.
    pub x: Axis,
    /// The y axis.
    pub y: Axis,
    /// The lines, in legend order.
    pub series: Vec<Series>,
    /// Horizontal reference lines, dashed, each with its label: what theory expects, e.g. the latency.
    pub references: Vec<(f64, String)>,
}

/// One line of a plot.
#[derive(Debug, Clone)]
pub struct Series {
    /// Its name in the legend (and in `data-series`).
    pub name: String,
    /// Its points, drawn in this order.
    pub points: Vec<Point>,
}

/// One point: where it is, what its tooltip says, and `data-*` attributes that name it for scripts and
/// tests.
#[derive(Debug, Clone)]
pub struct Point {
    /// The x value.
    pub x: f64,
    /// The y value.
    pub y: f64,
    /// The exact value, in words: shown on hover.
    pub tooltip: String,
    /// `data-*` attributes for the marker.
    pub data: Vec<(&'static str, String)>,
}

impl Plot {
    /// The plot as a `<figure>`: caption, then the SVG.
    pub fn render(&self) -> Html {
        let scale = |axis: &Axis| if axis.log { "log scale" } else { "linear scale" };
        let caption = format!("{}, {}", self.title, scale(&self.y));
        let mut svg = vec![Html::el("title", &[], [Html::text(&caption)])];
        svg.extend(self.axes());
        svg.extend(self.references());
        svg.push(self.legend());
        for (index, series) in self.series.iter().enumerate() {
            svg.push(self.series(index, series));
        }
        let view_box = format!("0 0 {WIDTH} {HEIGHT}");
        Html::el(
            "figure",
            &[("class", "plot")],
            [
                Html::el("figcaption", &[], [Html::text(&caption)]),
                Html::el(
                    "svg",
                    &[("class", "plot"), ("viewBox", &view_box), ("role", "img"), ("aria-label", &caption)],
                    svg,
                ),
            ],
        )
    }

    /// Screen coordinates of a value pair.
    fn at(&self, x: f64, y: f64) -> (f64, f64) {
        let width = WIDTH - LEFT - RIGHT;
        let height = HEIGHT - TOP - BOTTOM;
        (LEFT + self.x.position(x) * width, TOP + (1.0 - self.y.position(y)) * height)
    }

    /// The frame, grid lines, tick labels and the x axis' label.
    fn axes(&self) -> Vec<Html> {
        let mut out = Vec::new();
        let (left, bottom) = (LEFT, HEIGHT - BOTTOM);
        let (right, top) = (WIDTH - RIGHT, TOP);
        for &tick in &self.y.ticks {
            let (_, y) = self.at(self.x.min, tick);
            out.push(line("grid", left, y, right, y));
            out.push(label(left - 6.0, y + 4.0, "end", &compact(tick)));
        }
        for &tick in &self.x.ticks {
            let (x, _) = self.at(tick, self.y.min);
            out.push(line("grid", x, top, x, bottom));
            out.push(label(x, bottom + 16.0, "middle", &compact(tick)));
        }
        let frame = format!("{left},{top} {left},{bottom} {right},{bottom}");
        out.push(Html::empty("polyline", &[("class", "frame"), ("points", &frame)]));
        let x_label = format!("{}, {}", self.x_label, if self.x.log { "log scale" } else { "linear scale" });
        out.push(label((left + right) / 2.0, HEIGHT - 6.0, "middle", &x_label));
        out
    }

    /// The reference lines, labelled at their right end.
    fn references(&self) -> Vec<Html> {
        let mut out = Vec::new();
        for (value, text) in &self.references {
            let (_, y) = self.at(self.x.min, *value);
            let (left, right) = (LEFT, WIDTH - RIGHT);
            out.push(line("reference", left, y, right, y));
            out.push(label(right - 4.0, y - 5.0, "end", text));
        }
        out
    }

    /// One marker and name per series, in a row above the plot.
    fn legend(&self) -> Html {
        let mut x = LEFT;
        let mut items = Vec::new();
        for (index, series) in self.series.iter().enumerate() {
            items.push(marker(index, x + 5.0, 14.0, &[], None));
            items.push(Html::el("text", &[("x", &num(x + 14.0)), ("y", "18")], [Html::text(&series.name)]));
            // Roughly the width of the name at this font size, and a gap.
            x += 30.0 + 7.0 * series.name.chars().count() as f64;
        }
        Html::el("g", &[("class", "legend")], items)
    }

    /// A series: its line, then its markers (each with its tooltip).
    fn series(&self, index: usize, series: &Series) -> Html {
        let colour = COLOURS[index % COLOURS.len()];
        let points: Vec<String> = series
            .points
            .iter()
            .map(|p| {
                let (x, y) = self.at(p.x, p.y);
                format!("{},{}", num(x), num(y))
            })
            .collect();
        let mut parts = vec![Html::empty("polyline", &[("points", &points.join(" ")), ("stroke", colour)])];
        for point in &series.points {
            let (x, y) = self.at(point.x, point.y);
            let data: Vec<(&'static str, &str)> = point.data.iter().map(|(k, v)| (*k, v.as_str())).collect();
            parts.push(marker(index, x, y, &data, Some(&point.tooltip)));
        }
        Html::el("g", &[("class", "series"), ("data-series", &series.name)], parts)
    }
}

/// Series `index`'s marker at (x, y): a circle, square, diamond or triangle, in its colour.
fn marker(index: usize, x: f64, y: f64, data: &[(&'static str, &str)], tooltip: Option<&str>) -> Html {
    let colour = COLOURS[index % COLOURS.len()];
    let title: Vec<Html> = tooltip.map(|t| Html::el("title", &[], [Html::text(t)])).into_iter().collect();
    let mut attrs: Vec<(&'static str, &str)> = vec![("class", "point"), ("fill", colour)];
    attrs.extend_from_slice(data);
    let r = 4.5;
    match index % 4 {
        0 => {
            let (cx, cy, radius) = (num(x), num(y), num(r));
            attrs.extend([("cx", cx.as_str()), ("cy", cy.as_str()), ("r", radius.as_str())]);
            Html::el("circle", &attrs, title)
        }
        shape => {
            let d = match shape {
                1 => format!(
                    "M{} {}h{}v{}h{}z",
                    num(x - r),
                    num(y - r),
                    num(2.0 * r),
                    num(2.0 * r),
                    num(-2.0 * r)
                ),
                2 => {
                    format!("M{} {}l{r} {r}l-{r} {r}l-{r} -{r}z", num(x), num(y - r * 1.2), r = num(r * 1.2))
                }
                _ => format!(
                    "M{} {}l{} {}h{}z",
                    num(x),
                    num(y - r * 1.2),
                    num(r * 1.2),
                    num(r * 2.1),
                    num(-r * 2.4)
                ),
            };
            attrs.push(("d", &d));
            Html::el("path", &attrs, title)
        }
    }
}

fn line(class: &str, x1: f64, y1: f64, x2: f64, y2: f64) -> Html {
    let [x1, y1, x2, y2] = [x1, y1, x2, y2].map(num);
    Html::empty("line", &[("class", class), ("x1", &x1), ("y1", &y1), ("x2", &x2), ("y2", &y2)])
}

/// A text label at (x, y), anchored at its `start`, `middle` or `end`.
pub(super) fn label(x: f64, y: f64, anchor: &str, text: &str) -> Html {
    Html::el("text", &[("x", &num(x)), ("y", &num(y)), ("text-anchor", anchor)], [Html::text(text)])
}

/// A coordinate with one decimal: precise enough on screen, and it keeps the page small.
pub(super) fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == rounded.trunc() {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plot() -> Plot {
        let point = |x: f64, y: f64| Point {
            x,
            y,
            tooltip: format!("{x} cats: {y}"),
            data: vec![("data-count", x.to_string())],
        };
        Plot {
            title: "Peak threads".into(),
            x_label: "cats in flight".into(),
            x: Axis::log_through(&[10.0, 100.0, 1000.0]),
            y: Axis::fit(&[3.0, 1000.0]),
            references: vec![(10.0, "ten".into())],
            series: vec![
                Series { name: "smol".into(), points: vec![point(10.0, 3.0), point(1000.0, 3.0)] },
                Series { name: "<threads>".into(), points: vec![point(10.0, 12.0), point(1000.0, 1000.0)] },
            ],
        }
    }

    #[test]
    fn a_plot_has_a_marker_with_its_exact_value_per_point() {
        let svg = plot().render();
        let svg = svg.as_str();
        assert!(svg.contains("<figcaption>Peak threads, log scale</figcaption>"), "{svg}");
        assert_eq!(svg.matches("data-count=").count(), 4, "{svg}");
        assert!(svg.contains("<title>1000 cats: 1000</title>"), "{svg}");
        assert!(svg.contains("data-series=\"&lt;threads&gt;\""), "series names are escaped: {svg}");
        assert!(svg.contains("cats in flight, log scale"), "{svg}");
        assert!(svg.contains("<line class=\"reference\"") && svg.contains(">ten</text>"), "{svg}");
        for tick in [">10<", ">100<", ">1k<"] {
            assert!(svg.contains(tick), "tick {tick}: {svg}");
        }
    }

    #[test]
    fn points_land_inside_the_frame_with_large_values_at_the_top() {
        let plot = plot();
        let (x0, y0) = plot.at(10.0, 3.0);
        let (x1, y1) = plot.at(1000.0, 1000.0);
        assert_eq!(x0, LEFT);
        assert_eq!(x1, WIDTH - RIGHT);
        assert!(y1 < y0, "larger values are higher up");
        assert!(y1 >= TOP && y0 <= HEIGHT - BOTTOM);
    }
}
