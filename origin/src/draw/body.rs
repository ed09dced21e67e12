//! The cat below its head, back to front: the yarn it plays with, tail, body, haunches, front legs,
//! collar; then the head ([`head`](super::head)) and, over all of it, the fur.
//!
//! Every part of the cat is also added to one mask as it is drawn, so that the fur strokes at the end
//! land on the cat and never on the room.

use tiny_skia::{
    GradientStop, LinearGradient, Mask, Paint, PathBuilder, Pixmap, Point, SpreadMode, Stroke, StrokeDash,
    Transform,
};

use super::pen::{
    add_to_mask, fill, fill_masked, fill_shader_masked, fill_volume, outline, oval, paint, rect,
    round_stroke, rounded_rect, stroke, stroke_round, Rgb,
};
use super::{Cat, Coat};

/// How many fur strokes a cat gets: enough to read as fur, few enough to keep the PNG tens of KB (every
/// stroke is detail the compressor must keep).
const FUR_STROKES: usize = 900;

impl Cat {
    /// The whole cat, in its design space mapped by `ts`: body parts, head, then fur over all of them.
    pub(super) fn paint_cat(&self, canvas: &mut Pixmap, ts: Transform) {
        let coat = self.coat;
        let line = if coat.dark() { Rgb(18, 16, 20) } else { coat.base().darker(0.45) };
        // The cat's silhouette, grown part by part: the fur is clipped to it.
        let mut cat_mask = Mask::new(canvas.width(), canvas.height());

        // Yarn first when it sits behind the tail side, so the tail curls in front of it.
        if self.yarn {
            self.paint_yarn(canvas, ts);
        }
        self.paint_tail(canvas, ts, line);
        self.paint_body(canvas, ts, line, cat_mask.as_mut());
        for side in [-1.0, 1.0] {
            self.paint_front_leg(canvas, ts, side, line, cat_mask.as_mut());
        }
        // The head turns about the neck; the collar turns with it.
        let head_ts = ts.pre_concat(Transform::from_rotate_at(self.head_tilt, 240.0, 205.0));
        if self.collar {
            self.paint_collar(canvas, head_ts);
        }
        self.paint_head(canvas, head_ts, line, cat_mask.as_mut());
        if let Some(mask) = &cat_mask {
            paint_fur(canvas, mask, ts, self.seed, coat.dark());
        }
    }

    /// A ball of yarn on the floor, on the side away from the tail, its loose end trailing to the cat.
    fn paint_yarn(&self, canvas: &mut Pixmap, ts: Transform) {
        let side = -self.tail_side.sign();
        let (cx, cy, r) = (240.0 + 150.0 * side, 322.0, 24.0);
        let colour = self.room.yarn_colour;
        let ball = oval(cx, cy, r, r);
        fill_volume(canvas, &ball, colour, Point::from_xy(cx - 8.0, cy - 8.0), r * 1.3, ts);
        // Threads wound around the ball: arcs across it at a few angles.
        let mut threads = PathBuilder::new();
        for i in 0..6 {
            let a = i as f32 * 0.55;
            let (dx, dy) = (a.cos() * r * 0.95, a.sin() * r * 0.95);
            threads.move_to(cx - dx, cy - dy);
            threads.quad_to(cx + dy * 0.6, cy - dx * 0.6, cx + dx, cy + dy);
        }
        stroke(canvas, threads.finish(), colour.darker(0.35).alpha(0.8), 1.6, ts);
        stroke(canvas, ball, colour.darker(0.45).alpha(1.0), 1.6, ts);
        // And the loose end, trailing towards the cat.
        let mut end = PathBuilder::new();
        end.move_to(cx - 10.0 * side, cy + r - 2.0);
        end.cubic_to(cx - 40.0 * side, cy + 30.0, cx - 60.0 * side, cy + 10.0, cx - 90.0 * side, cy + 24.0);
        stroke(canvas, end.finish(), colour.alpha(1.0), 2.0, ts);
    }

    /// The tail: a thick curve out of the hip, curling up; banded on a tabby, darkening on a Siamese.
    fn paint_tail(&self, canvas: &mut Pixmap, ts: Transform, line: Rgb) {
        let coat = self.coat;
        let sign = self.tail_side.sign();
        let mut tail = PathBuilder::new();
        tail.move_to(240.0 + 60.0 * sign, 330.0);
        tail.cubic_to(240.0 + 150.0 * sign, 345.0, 240.0 + 175.0 * sign, 270.0, 240.0 + 140.0 * sign, 215.0);
        let tail = tail.finish();
        stroke_round(canvas, tail.clone(), line.alpha(0.9), 31.0, ts);
        stroke_round(canvas, tail.clone(), coat.base().alpha(1.0), 26.0, ts);
        let (Some(marks), Some(path)) = (coat.marks(), tail) else {
            return;
        };
        if coat == Coat::Siamese {
            // Points: the tail darkens from the hip to the tip.
            let tip = LinearGradient::new(
                Point::from_xy(240.0 + 90.0 * sign, 330.0),
                Point::from_xy(240.0 + 150.0 * sign, 230.0),
                vec![GradientStop::new(0.0, marks.alpha(0.0)), GradientStop::new(1.0, marks.alpha(1.0))],
                SpreadMode::Pad,
                Transform::identity(),
            );
            if let Some(shader) = tip {
                let p = Paint { shader, ..Paint::default() };
                canvas.stroke_path(&path, &p, &round_stroke(26.0), ts, None);
            }
        } else if coat != Coat::Calico {
            if let Some(dash) = StrokeDash::new(vec![10.0, 16.0], 4.0) {
                let mut s = Stroke { width: 26.0, ..Stroke::default() };
                s.dash = Some(dash);
                canvas.stroke_path(&path, &paint(marks.alpha(0.85)), &s, ts, None);
            }
        }
    }

    /// The body, a pear narrow at the shoulders and wide where the cat sits, with the folded back legs
    /// bulging at its sides; then the light chest and the coat's pattern, both clipped to it.
    fn paint_body(&self, canvas: &mut Pixmap, ts: Transform, line: Rgb, mut mask: Option<&mut Mask>) {
        let coat = self.coat;
        let base = coat.base();
        let mut body = PathBuilder::new();
        body.move_to(240.0, 178.0);
        body.cubic_to(292.0, 178.0, 330.0, 262.0, 326.0, 306.0);
        body.cubic_to(322.0, 338.0, 288.0, 344.0, 240.0, 344.0);
        body.cubic_to(192.0, 344.0, 158.0, 338.0, 154.0, 306.0);
        body.cubic_to(150.0, 262.0, 188.0, 178.0, 240.0, 178.0);
        body.close();
        let body = body.finish();
        outline(canvas, &body, line, ts);
        fill_volume(canvas, &body, base, Point::from_xy(240.0, 240.0), 150.0, ts);
        add_to_mask(mask.as_deref_mut(), &body, ts);

        // Haunches: the folded back legs, bulging at the bottom sides.
        for side in [-1.0, 1.0] {
            let haunch = oval(240.0 + 62.0 * side, 310.0, 44.0, 34.0);
            fill_volume(canvas, &haunch, base, Point::from_xy(240.0 + 55.0 * side, 295.0), 60.0, ts);
            let mut arc = PathBuilder::new();
            arc.move_to(240.0 + 30.0 * side, 286.0);
            arc.quad_to(240.0 + 70.0 * side, 266.0, 240.0 + 100.0 * side, 300.0);
            stroke(canvas, arc.finish(), line.alpha(0.45), 2.0, ts);
            add_to_mask(mask.as_deref_mut(), &haunch, ts);
        }

        let Some(mask) = mask else {
            return;
        };
        // Chest and belly: the light fur down the front.
        let chest = oval(240.0, 262.0, 44.0, 66.0);
        let chest_colour = if coat == Coat::Tuxedo { coat.light() } else { coat.light().mix(base, 0.35) };
        fill_masked(canvas, chest, chest_colour.alpha(0.95), ts, mask);
        self.paint_body_marks(canvas, ts, mask);
    }

    /// The coat's pattern on the body, clipped to it by `mask`: calico patches, tabby bands, or a
    /// Siamese's shading towards the paws.
    fn paint_body_marks(&self, canvas: &mut Pixmap, ts: Transform, mask: &Mask) {
        let coat = self.coat;
        let Some(marks) = coat.marks() else {
            return;
        };
        match coat {
            Coat::Calico => {
                for &(x, y, rx, ry, orange) in self.patches.iter().skip(3) {
                    let colour = if orange { marks } else { Rgb(48, 42, 40) };
                    fill_masked(canvas, oval(x, y, rx, ry), colour.alpha(1.0), ts, mask);
                }
            }
            Coat::Siamese => {
                // Darker towards the bottom, where the paws are.
                let shade = LinearGradient::new(
                    Point::from_xy(0.0, 250.0),
                    Point::from_xy(0.0, 345.0),
                    vec![GradientStop::new(0.0, marks.alpha(0.0)), GradientStop::new(1.0, marks.alpha(0.45))],
                    SpreadMode::Pad,
                    Transform::identity(),
                );
                fill_shader_masked(canvas, rect(140.0, 170.0, 200.0, 180.0), shade, ts, mask);
            }
            _ => {
                // Tabby bands: curves wrapping round the flanks, thick in the middle, tapering.
                let mut bands = PathBuilder::new();
                for i in 0..5 {
                    let y = 214.0 + i as f32 * 24.0;
                    for side in [-1.0, 1.0] {
                        bands.move_to(240.0 + 98.0 * side, y + 6.0);
                        bands.quad_to(240.0 + 66.0 * side, y - 4.0, 240.0 + 40.0 * side, y + 10.0);
                    }
                }
                if let Some(path) = bands.finish() {
                    canvas.stroke_path(&path, &paint(marks.alpha(0.8)), &round_stroke(8.0), ts, Some(mask));
                }
            }
        }
    }

    /// One front leg and its paw (`side` -1 for the left, +1 for the right): white socks, Siamese points
    /// and tabby bands as the coat has them, and two toe lines.
    fn paint_front_leg(
        &self,
        canvas: &mut Pixmap,
        ts: Transform,
        side: f32,
        line: Rgb,
        mut mask: Option<&mut Mask>,
    ) {
        let coat = self.coat;
        let base = coat.base();
        let x = 240.0 + 26.0 * side;
        let leg = rounded_rect(x - 17.0, 250.0, 34.0, 92.0, 16.0);
        outline(canvas, &leg, line, ts);
        fill(canvas, leg.clone(), base.alpha(1.0), ts);
        add_to_mask(mask.as_deref_mut(), &leg, ts);
        let paw = oval(x + 2.0 * side, 338.0, 21.0, 11.0);
        let paw_colour = match coat {
            Coat::Tuxedo | Coat::Calico | Coat::White => coat.light(),
            Coat::Siamese => coat.marks().unwrap_or(base),
            _ => base.lighter(0.1),
        };
        outline(canvas, &paw, line, ts);
        if coat == Coat::Siamese {
            // The lower half of the leg, for coloured socks.
            fill(canvas, rounded_rect(x - 17.0, 300.0, 34.0, 42.0, 16.0), paw_colour.alpha(0.9), ts);
        }
        fill(canvas, paw.clone(), paw_colour.alpha(1.0), ts);
        add_to_mask(mask, &paw, ts);
        if let Some(marks) = coat.marks().filter(|_| coat.striped()) {
            let mut bands = PathBuilder::new();
            for y in [268.0, 290.0, 312.0] {
                bands.move_to(x - 15.0, y);
                bands.quad_to(x, y + 5.0, x + 15.0, y);
            }
            stroke(canvas, bands.finish(), marks.alpha(0.7), 5.0, ts);
        }
        // Toes.
        let mut toes = PathBuilder::new();
        for dx in [-7.0, 7.0] {
            toes.move_to(x + 2.0 * side + dx, 344.0);
            toes.line_to(x + 2.0 * side + dx, 336.0);
        }
        stroke(canvas, toes.finish(), line.alpha(0.6), 1.6, ts);
    }

    /// A collar in the yarn's colour, with a bell; `head_ts` so it turns with the head.
    fn paint_collar(&self, canvas: &mut Pixmap, head_ts: Transform) {
        let colour = self.room.yarn_colour;
        let mut band = PathBuilder::new();
        band.move_to(188.0, 198.0);
        band.quad_to(240.0, 226.0, 292.0, 198.0);
        let band = band.finish();
        stroke_round(canvas, band.clone(), colour.darker(0.3).alpha(1.0), 12.0, head_ts);
        stroke_round(canvas, band, colour.alpha(1.0), 9.0, head_ts);
        let bell = oval(240.0, 222.0, 9.0, 9.0);
        fill(canvas, bell.clone(), Rgb(246, 200, 60).alpha(1.0), head_ts);
        stroke(canvas, bell, Rgb(170, 120, 20).alpha(1.0), 1.5, head_ts);
        fill(canvas, oval(237.0, 219.0, 3.0, 3.0), Rgb(255, 250, 220).alpha(1.0), head_ts);
    }
}

/// Short strokes of light and shadow over the cat, clipped to it: what turns flat colour into fur.
fn paint_fur(canvas: &mut Pixmap, mask: &Mask, ts: Transform, seed: u64, dark: bool) {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x0f0f_f00d);
    let mut light = PathBuilder::new();
    let mut shadow = PathBuilder::new();
    for _ in 0..FUR_STROKES {
        let x = 130.0 + rng.f32() * 220.0;
        let y = 40.0 + rng.f32() * 305.0;
        // Fur grows away from the face and down the body.
        let (dx, dy) = if y < 210.0 {
            let (vx, vy) = (x - 240.0, y - 150.0);
            let len = (vx * vx + vy * vy).sqrt().max(1.0);
            (vx / len, vy / len)
        } else {
            ((x - 240.0) / 300.0, 1.0)
        };
        let len = 4.0 + rng.f32() * 4.0;
        let target = if rng.bool() { &mut light } else { &mut shadow };
        target.move_to(x, y);
        target.line_to(x + dx * len, y + dy * len);
    }
    let (light_alpha, shadow_alpha) = if dark { (0.09, 0.12) } else { (0.16, 0.08) };
    for (path, colour, alpha) in
        [(light.finish(), Rgb(255, 255, 255), light_alpha), (shadow.finish(), Rgb(60, 40, 30), shadow_alpha)]
    {
        if let Some(path) = path {
            canvas.stroke_path(&path, &paint(colour.alpha(alpha)), &round_stroke(1.1), ts, Some(mask));
        }
    }
}
