//! The face, where the mood shows: eyes (open, closed, winking, lidded), nose, mouth and whiskers. In the
//! head's transform, placed from [`HEAD_CENTRE`].

use tiny_skia::{
    FillRule, GradientStop, LineJoin, Mask, Paint, Path, PathBuilder, Pixmap, Point, RadialGradient,
    SpreadMode, Transform,
};

use super::head::HEAD_CENTRE;
use super::pen::{fill, fill_masked, oval, paint, round_stroke, stroke, stroke_round, Rgb};
use super::{Cat, Coat, Mood};

/// The half-width and half-height of an open eye.
const EYE_RADII: (f32, f32) = (19.0, 17.0);

impl Cat {
    /// Eyes, nose, mouth, whiskers; `line` is the cat's outline colour.
    pub(super) fn paint_face(&self, canvas: &mut Pixmap, ts: Transform, line: Rgb) {
        let (cx, cy) = HEAD_CENTRE;
        let dark_line = if self.coat.dark() { Rgb(10, 10, 12) } else { line.darker(0.3) };
        for side in [-1.0, 1.0] {
            let eye = (cx + 38.0 * side, cy - 6.0);
            let closed = match self.mood {
                Mood::Happy => true,
                Mood::Wink => side > 0.0,
                _ => false,
            };
            if closed {
                self.paint_closed_eye(canvas, ts, eye, dark_line);
            } else {
                self.paint_open_eye(canvas, ts, eye, side, dark_line);
            }
        }
        self.paint_nose(canvas, ts);
        self.paint_mouth(canvas, ts, line);
        self.paint_whiskers(canvas, ts);
    }

    /// A happy closed eye centred on `(ex, ey)`: an upside-down "u".
    fn paint_closed_eye(&self, canvas: &mut Pixmap, ts: Transform, (ex, ey): (f32, f32), dark_line: Rgb) {
        let mut arc = PathBuilder::new();
        arc.move_to(ex - 16.0, ey + 4.0);
        arc.quad_to(ex, ey - 14.0, ex + 16.0, ey + 4.0);
        // On dark fur (or a Siamese's dark mask) a dark line would vanish: draw it light.
        let colour =
            if self.coat.dark() || self.coat == Coat::Siamese { Rgb(226, 218, 210) } else { dark_line };
        stroke_round(canvas, arc.finish(), colour.alpha(1.0), 4.0, ts);
    }

    /// An open eye centred on `(ex, ey)` (`side` -1 left, +1 right): iris, pupil, catch-lights, the lid
    /// of a sleepy or grumpy cat, and the outline.
    fn paint_open_eye(
        &self,
        canvas: &mut Pixmap,
        ts: Transform,
        (ex, ey): (f32, f32),
        side: f32,
        dark_line: Rgb,
    ) {
        let (rx, ry) = EYE_RADII;
        let eye = oval(ex, ey, rx, ry);
        // The iris: the eye colour, lighter at the bottom as if lit through.
        let iris = RadialGradient::new(
            Point::from_xy(ex, ey + 6.0),
            0.0,
            Point::from_xy(ex, ey + 6.0),
            ry * 1.4,
            vec![
                GradientStop::new(0.0, self.eyes.lighter(0.45).color()),
                GradientStop::new(1.0, self.eyes.darker(0.25).color()),
            ],
            SpreadMode::Pad,
            Transform::identity(),
        );
        if let (Some(shader), Some(path)) = (iris, &eye) {
            let p = Paint { shader, ..Paint::default() };
            canvas.fill_path(path, &p, FillRule::Winding, ts, None);
        }
        let (prx, pry) = match self.mood {
            Mood::Curious | Mood::Grumpy => (4.0, 14.0),
            Mood::Cute => (11.0, 13.0),
            _ => (7.0, 13.0),
        };
        let look = if self.mood == Mood::Curious { -3.0 * side } else { 0.0 };
        fill(canvas, oval(ex + look, ey, prx, pry), Rgb(12, 10, 14).alpha(1.0), ts);
        // Catch-lights: they are what make a drawn eye look alive.
        fill(canvas, oval(ex - 6.0, ey - 7.0, 4.5, 4.5), Rgb(255, 255, 255).alpha(0.95), ts);
        fill(canvas, oval(ex + 5.0, ey + 6.0, 2.0, 2.0), Rgb(255, 255, 255).alpha(0.8), ts);
        // Lids for sleepy and grumpy cats: how far the lid comes down at its left and right ends.
        let lid_drop = match self.mood {
            Mood::Sleepy => Some((2.0, 2.0)),
            Mood::Grumpy => {
                Some((if side < 0.0 { -4.0 } else { -12.0 }, if side < 0.0 { -12.0 } else { -4.0 }))
            }
            _ => None,
        };
        if let Some(drop) = lid_drop {
            self.paint_lid(canvas, ts, (ex, ey), &eye, drop, dark_line);
        }
        stroke(canvas, eye, dark_line.alpha(1.0), 2.4, ts);
    }

    /// A lid over the eye `eye` at `(ex, ey)`: fur over its top, down to `left_y` and `right_y` below the
    /// eye's middle at either end (clipped to the eye), then the lid's line.
    fn paint_lid(
        &self,
        canvas: &mut Pixmap,
        ts: Transform,
        (ex, ey): (f32, f32),
        eye: &Option<Path>,
        (left_y, right_y): (f32, f32),
        dark_line: Rgb,
    ) {
        let (rx, ry) = EYE_RADII;
        let lid = if self.coat == Coat::Siamese {
            self.coat.marks().unwrap_or(self.coat.base())
        } else {
            self.coat.base()
        };
        let mut lid_path = PathBuilder::new();
        lid_path.move_to(ex - rx - 2.0, ey + left_y);
        lid_path.line_to(ex - rx - 2.0, ey - ry - 3.0);
        lid_path.line_to(ex + rx + 2.0, ey - ry - 3.0);
        lid_path.line_to(ex + rx + 2.0, ey + right_y);
        lid_path.close();
        if let Some(eye_path) = eye {
            let mut clip = Mask::new(canvas.width(), canvas.height());
            if let Some(clip) = clip.as_mut() {
                clip.fill_path(eye_path, FillRule::Winding, true, ts);
                fill_masked(canvas, lid_path.finish(), lid.alpha(1.0), ts, clip);
            }
        }
        let mut lid_line = PathBuilder::new();
        lid_line.move_to(ex - rx, ey + left_y);
        lid_line.line_to(ex + rx, ey + right_y);
        stroke_round(canvas, lid_line.finish(), dark_line.alpha(1.0), 3.0, ts);
    }

    /// The nose: a rounded triangle, pink (or grey-pink on dark cats), with a highlight.
    fn paint_nose(&self, canvas: &mut Pixmap, ts: Transform) {
        let (cx, cy) = HEAD_CENTRE;
        let nose_colour = match self.coat {
            Coat::Black | Coat::Tuxedo => Rgb(90, 70, 76),
            Coat::Siamese => Rgb(70, 50, 44),
            _ => Rgb(236, 130, 146),
        };
        let mut nose = PathBuilder::new();
        nose.move_to(cx - 10.0, cy + 16.0);
        nose.quad_to(cx, cy + 12.0, cx + 10.0, cy + 16.0);
        nose.quad_to(cx + 11.0, cy + 18.0, cx + 2.0, cy + 26.0);
        nose.quad_to(cx, cy + 28.0, cx - 2.0, cy + 26.0);
        nose.quad_to(cx - 11.0, cy + 18.0, cx - 10.0, cy + 16.0);
        nose.close();
        let nose = nose.finish();
        fill(canvas, nose.clone(), nose_colour.alpha(1.0), ts);
        stroke(canvas, nose, nose_colour.darker(0.4).alpha(0.8), 1.2, ts);
        fill(canvas, oval(cx - 3.0, cy + 17.0, 3.0, 1.6), Rgb(255, 255, 255).alpha(0.5), ts);
    }

    /// The mouth: the "w" under the nose; open with a tongue when happy or cute, turned down when grumpy.
    fn paint_mouth(&self, canvas: &mut Pixmap, ts: Transform, line: Rgb) {
        let (cx, cy) = HEAD_CENTRE;
        let mouth_line = if self.coat.dark() { Rgb(20, 18, 22) } else { line.darker(0.2) };
        let mut mouth = PathBuilder::new();
        mouth.move_to(cx, cy + 27.0);
        mouth.line_to(cx, cy + 33.0);
        match self.mood {
            Mood::Grumpy => {
                mouth.move_to(cx - 16.0, cy + 42.0);
                mouth.quad_to(cx - 8.0, cy + 32.0, cx, cy + 33.0);
                mouth.quad_to(cx + 8.0, cy + 32.0, cx + 16.0, cy + 42.0);
            }
            _ => {
                mouth.move_to(cx - 14.0, cy + 34.0);
                mouth.quad_to(cx - 7.0, cy + 42.0, cx, cy + 33.0);
                mouth.quad_to(cx + 7.0, cy + 42.0, cx + 14.0, cy + 34.0);
            }
        }
        if matches!(self.mood, Mood::Happy | Mood::Cute) {
            let mut open = PathBuilder::new();
            open.move_to(cx - 8.0, cy + 38.0);
            open.quad_to(cx, cy + 58.0, cx + 8.0, cy + 38.0);
            open.quad_to(cx, cy + 41.0, cx - 8.0, cy + 38.0);
            open.close();
            let open = open.finish();
            fill(canvas, open.clone(), Rgb(140, 40, 56).alpha(1.0), ts);
            fill(canvas, oval(cx, cy + 49.0, 5.0, 3.5), Rgb(240, 120, 140).alpha(1.0), ts);
            stroke(canvas, open, mouth_line.alpha(0.9), 1.6, ts);
        }
        let mut s = round_stroke(2.0);
        s.line_join = LineJoin::Round;
        if let Some(path) = mouth.finish() {
            canvas.stroke_path(&path, &paint(mouth_line.alpha(0.9)), &s, ts, None);
        }
    }

    /// Whiskers: three a side, fanning out past the cheeks, curving slightly down; light on dark fur.
    fn paint_whiskers(&self, canvas: &mut Pixmap, ts: Transform) {
        let (cx, cy) = HEAD_CENTRE;
        let coat = self.coat;
        let whisker = if coat.dark() || coat == Coat::Siamese { Rgb(236, 236, 236) } else { Rgb(60, 56, 60) };
        let mut whiskers = PathBuilder::new();
        for side in [-1.0, 1.0] {
            for (k, spread) in [-10.0, 2.0, 14.0].iter().enumerate() {
                let y0 = cy + 30.0 + k as f32 * 4.0;
                whiskers.move_to(cx + 26.0 * side, y0);
                whiskers.quad_to(
                    cx + 80.0 * side,
                    y0 + spread * 0.6 - 6.0,
                    cx + 128.0 * side,
                    y0 + spread * 1.6,
                );
            }
        }
        stroke(canvas, whiskers.finish(), whisker.alpha(0.85), 1.4, ts);
    }
}
