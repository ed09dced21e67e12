//! Chart axes: where a value goes on a linear or a logarithmic scale, and which values get a tick.
//!
//! Shared by the terminal charts (`catfetch scale`) and the HTML plots ([`crate::html::Plot`]), so that
//! both draw the same axes from the same numbers.
//!
//! A log scale is what a scaling question needs: cats from 10 to 10 000 are evenly spaced, and a cost that
//! grows in proportion to N is a straight line (slope 1) whatever its size, while a constant cost is flat.

/// An axis: a range of values and how they are spread over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The value at the start of the axis (left, or bottom).
    pub min: f64,
    /// The value at its end (right, or top).
    pub max: f64,
    /// Logarithmic (each power of ten the same length) or linear from `min`.
    pub log: bool,
    /// The values marked along the axis.
    pub ticks: Vec<f64>,
}

impl Axis {
    /// A log axis through exactly these values, ticked at each of them: the counts `scale` measured.
    /// Values that are not positive are ignored; with none left, the axis is 1 to 10.
    pub fn log_through(values: &[f64]) -> Axis {
        let mut ticks: Vec<f64> = values.iter().copied().filter(|v| *v > 0.0 && v.is_finite()).collect();
        ticks.sort_by(f64::total_cmp);
        ticks.dedup();
        let (min, max) = match (ticks.first(), ticks.last()) {
            (Some(&min), Some(&max)) if max > min => (min, max),
            // One value: a decade around it, so that it sits in the middle.
            (Some(&only), _) => (only / 10f64.sqrt(), only * 10f64.sqrt()),
            _ => (1.0, 10.0),
        };
        Axis { min, max, log: true, ticks }
    }

    /// An axis for these values, from a round number below them to one above. Logarithmic when they span
    /// more than a decade (all positive), so that small and large series both stay readable; otherwise
    /// linear from zero, so that differences are not exaggerated.
    pub fn fit(values: &[f64]) -> Axis {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let max = finite.iter().copied().fold(0.0, f64::max);
        let min_positive = finite.iter().copied().filter(|v| *v > 0.0).fold(f64::INFINITY, f64::min);
        if max > 0.0 && max / min_positive > 10.0 {
            let min = 10f64.powf(min_positive.log10().floor());
            let max = 10f64.powf(max.log10().ceil());
            let decades = (max / min).log10().round() as i32;
            // A tick per decade; on a long axis every other decade, so that the labels do not crowd.
            let step = if decades > 6 { 2 } else { 1 };
            let ticks = (0..=decades).step_by(step).map(|d| min * 10f64.powi(d)).collect();
            return Axis { min, max, log: true, ticks };
        }
        let (step, count) = if max > 0.0 { linear_steps(max) } else { (0.25, 4) };
        let ticks = (0..=count).map(|i| i as f64 * step).collect();
        Axis { min: 0.0, max: count as f64 * step, log: false, ticks }
    }

    /// Where `value` falls, from 0.0 (the start) to 1.0 (the end); values outside the range (and zero on a
    /// log axis) are clamped to its ends.
    pub fn position(&self, value: f64) -> f64 {
        let (value, min, max) = if self.log {
            (value.max(self.min).log10(), self.min.log10(), self.max.log10())
        } else {
            (value, self.min, self.max)
        };
        // An empty range (or NaN anywhere) has no inside: everything is at the start.
        if max.partial_cmp(&min) != Some(std::cmp::Ordering::Greater) || value.is_nan() {
            return 0.0;
        }
        ((value - min) / (max - min)).clamp(0.0, 1.0)
    }
}

/// How a linear axis from zero covers `max` (> 0): 3 to 6 equal steps of a round size (1, 2, 2.5 or 5 times
/// a power of ten), choosing the one whose end is nearest above `max`, so that little of a projected chart
/// is empty (1013 ms ends at 1200, not 1500); of equal ends, the fewer ticks.
fn linear_steps(max: f64) -> (f64, usize) {
    let lowest = (max / 6.0).log10().floor() as i32;
    let mut best: Option<(f64, usize)> = None;
    for power in lowest..=lowest + 2 {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * 10f64.powi(power);
            // Rounding error must not add a step: 0.6 / 0.2 is 2.9999999999999996.
            let count = (max / step - 1e-9).ceil().max(1.0) as usize;
            if !(3..=6).contains(&count) {
                continue;
            }
            let end = count as f64 * step;
            let better = best.is_none_or(|(s, c)| {
                let best_end = c as f64 * s;
                end < best_end - 1e-9 * best_end || ((end - best_end).abs() <= 1e-9 * best_end && step > s)
            });
            if better {
                best = Some((step, count));
            }
        }
    }
    best.expect("between max/6 and 100 x max/6 there is always a round step that takes 3 to 6 of it")
}

/// A number in a few characters, for tick labels: `10`, `250`, `1.5k`, `10k`, `2M`, `0.25`.
pub fn compact(value: f64) -> String {
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    };
    let magnitude = value.abs();
    if magnitude >= 1e6 {
        trim(format!("{:.1}", value / 1e6)) + "M"
    } else if magnitude >= 1e3 {
        trim(format!("{:.1}", value / 1e3)) + "k"
    } else if magnitude >= 10.0 || magnitude == 0.0 {
        format!("{value:.0}")
    } else if magnitude >= 1.0 {
        trim(format!("{value:.1}"))
    } else {
        trim(format!("{value:.3}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_evenly_spaced_on_a_log_axis_ticked_where_measured() {
        let axis = Axis::log_through(&[1000.0, 10.0, 100.0, 10_000.0, 100.0]);
        assert_eq!(axis.ticks, [10.0, 100.0, 1000.0, 10_000.0]);
        let at = |v| (axis.position(v) * 3.0 * 1000.0).round() / 1000.0;
        assert_eq!([at(10.0), at(100.0), at(1000.0), at(10_000.0)], [0.0, 1.0, 2.0, 3.0]);
        let single = Axis::log_through(&[50.0]);
        assert!((single.position(50.0) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn values_spanning_decades_get_a_log_axis_from_round_powers_of_ten() {
        let axis = Axis::fit(&[8.0, 12.0, 9_500.0]);
        assert!(axis.log);
        assert_eq!((axis.min, axis.max), (1.0, 10_000.0));
        assert_eq!(axis.ticks, [1.0, 10.0, 100.0, 1000.0, 10_000.0]);
        assert_eq!(axis.position(0.0), 0.0, "zero sits at the bottom of a log axis");
        assert!((axis.position(100.0) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn values_within_a_decade_get_a_linear_axis_from_zero() {
        let axis = Axis::fit(&[0.21, 0.25, 0.6]);
        assert!(!axis.log);
        assert_eq!(axis.min, 0.0);
        assert!(axis.max >= 0.6 && axis.max <= 0.8, "{axis:?}");
        assert!((axis.position(axis.max / 2.0) - 0.5).abs() < 1e-9);
        let flat = Axis::fit(&[0.0, 0.0]);
        assert_eq!((flat.min, flat.max), (0.0, 1.0));
        assert_eq!(flat.ticks.len(), 5);
    }

    #[test]
    fn a_linear_axis_ends_close_above_its_largest_value() {
        let end = |max: f64| {
            let axis = Axis::fit(&[max]);
            (axis.max, axis.ticks.len() - 1)
        };
        assert_eq!(end(1013.0), (1200.0, 6), "not 1500: a third of the chart empty");
        assert_eq!(end(210.0), (250.0, 5));
        assert_eq!(end(1000.0), (1000.0, 4));
        assert_eq!(end(0.6), (0.6000000000000001, 3));
        for max in [0.013, 0.7, 3.0, 7.5, 99.0, 101.0, 333.0, 4_999.0, 123_456.0] {
            let axis = Axis::fit(&[max]);
            assert!(axis.max >= max && axis.max <= max * 1.5, "{max}: {axis:?}");
            assert!((4..=7).contains(&axis.ticks.len()), "{max}: {axis:?}");
        }
    }

    #[test]
    fn compact_labels_fit_in_a_few_characters() {
        let labels: Vec<String> =
            [0.0, 0.25, 2.5, 10.0, 250.0, 1000.0, 1500.0, 10_000.0, 2e6].map(compact).into();
        assert_eq!(labels, ["0", "0.25", "2.5", "10", "250", "1k", "1.5k", "10k", "2M"]);
    }
}
