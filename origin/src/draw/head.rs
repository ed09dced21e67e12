//! The head, back to front: ears, the head itself, the coat's markings on it, the muzzle; then the face
//! ([`face`](super::face)). Everything here is in the head's transform, which tilts it about the neck.

use tiny_skia::{
    FillRule, GradientStop, Mask, PathBuilder, Pixmap, Point, RadialGradient, Rect, SpreadMode, Transform,
};

use super::pen::{
    add_to_mask, fill, fill_masked, fill_shader_masked, fill_volume, outline, oval, paint, rect,
    round_stroke, stroke, Rgb,
};
use super::{Cat, Coat, Side};

/// The middle of the head in design space: every shape of the head and face is placed from it.
pub(super) const HEAD_CENTRE: (f32, f32) = (240.0, 140.0);

impl Cat {
    /// The head and face; each part drawn is added to `mask`, the cat's silhouette.
    pub(super) fn paint_head(
        &self,
        canvas: &mut Pixmap,
        ts: Transform,
        line: Rgb,
        mut mask: Option<&mut Mask>,
    ) {
        // Ears first: the head covers their base.
        for side in [Side::Left, Side::Right] {
            self.paint_ear(canvas, ts, side, line, mask.as_deref_mut());
        }
        let (cx, cy) = HEAD_CENTRE;
        // The head: wider than tall, with cheek tufts at the bottom corners.
        let mut head = PathBuilder::new();
        head.move_to(cx, cy - 74.0);
        head.cubic_to(cx + 62.0, cy - 74.0, cx + 92.0, cy - 40.0, cx + 92.0, cy + 2.0);
        head.line_to(cx + 102.0, cy + 22.0);
        head.line_to(cx + 88.0, cy + 26.0);
        head.line_to(cx + 94.0, cy + 40.0);
        head.line_to(cx + 78.0, cy + 42.0);
        head.cubic_to(cx + 60.0, cy + 66.0, cx + 30.0, cy + 72.0, cx, cy + 72.0);
        head.cubic_to(cx - 30.0, cy + 72.0, cx - 60.0, cy + 66.0, cx - 78.0, cy + 42.0);
        head.line_to(cx - 94.0, cy + 40.0);
        head.line_to(cx - 88.0, cy + 26.0);
        head.line_to(cx - 102.0, cy + 22.0);
        head.line_to(cx - 92.0, cy + 2.0);
        head.cubic_to(cx - 92.0, cy - 40.0, cx - 62.0, cy - 74.0, cx, cy - 74.0);
        head.close();
        let head = head.finish();
        outline(canvas, &head, line, ts);
        fill_volume(canvas, &head, self.coat.base(), Point::from_xy(cx - 20.0, cy - 30.0), 120.0, ts);
        // Markings and muzzle are clipped to the head.
        let Some(mut head_mask) = Mask::new(canvas.width(), canvas.height()) else {
            return;
        };
        if let Some(path) = &head {
            head_mask.fill_path(path, FillRule::Winding, true, ts);
        }
        add_to_mask(mask, &head, ts);

        self.paint_head_marks(canvas, ts, &head_mask);
        self.paint_muzzle(canvas, ts, line, &head_mask);
        self.paint_face(canvas, ts, line);
    }

    /// One ear: a triangle with a rounded tip, leaning out by `ear_spread` degrees, pink inside, with
    /// tufts of fur; a folded ear's tip flops forward.
    fn paint_ear(&self, canvas: &mut Pixmap, ts: Transform, side: Side, line: Rgb, mask: Option<&mut Mask>) {
        let coat = self.coat;
        let (cx, cy) = HEAD_CENTRE;
        let inner_ear = if coat.dark() { Rgb(120, 84, 96) } else { Rgb(246, 170, 180) };
        let ear_colour = match coat {
            Coat::Siamese => coat.marks().unwrap_or(coat.base()),
            _ => coat.base(),
        };
        let sx = side.sign();
        let lean = Transform::from_rotate_at(self.ear_spread * sx, cx + 52.0 * sx, cy - 52.0);
        let folded = self.fold_ear == Some(side);
        let ear_ts = ts.pre_concat(lean);
        let tip_y = if folded { cy - 92.0 } else { cy - 118.0 };
        let mut ear = PathBuilder::new();
        ear.move_to(cx + 18.0 * sx, cy - 66.0);
        ear.line_to(cx + 70.0 * sx, tip_y + 8.0);
        ear.quad_to(cx + 76.0 * sx, tip_y - 2.0, cx + 80.0 * sx, tip_y + 10.0);
        ear.line_to(cx + 90.0 * sx, cy - 22.0);
        ear.close();
        let ear = ear.finish();
        outline(canvas, &ear, line, ear_ts);
        fill(canvas, ear.clone(), ear_colour.alpha(1.0), ear_ts);
        add_to_mask(mask, &ear, ear_ts);
        let mut inner = PathBuilder::new();
        inner.move_to(cx + 32.0 * sx, cy - 62.0);
        inner.line_to(cx + 70.0 * sx, tip_y + 22.0);
        inner.quad_to(cx + 73.0 * sx, tip_y + 14.0, cx + 76.0 * sx, tip_y + 24.0);
        inner.line_to(cx + 80.0 * sx, cy - 34.0);
        inner.close();
        fill(canvas, inner.finish(), inner_ear.alpha(1.0), ear_ts);
        // Tufts of fur in the ear.
        let mut tufts = PathBuilder::new();
        for k in 0..3 {
            let k = k as f32;
            tufts.move_to(cx + (48.0 + k * 9.0) * sx, cy - 44.0);
            tufts.line_to(cx + (60.0 + k * 5.0) * sx, cy - 74.0 - k * 4.0);
        }
        let tuft_colour = if coat.dark() { Rgb(150, 140, 150) } else { Rgb(255, 255, 255) };
        stroke(canvas, tufts.finish(), tuft_colour.alpha(0.8), 1.3, ear_ts);
        if folded {
            // The tip flops forward: a darker flap over the top of the ear.
            let mut flap = PathBuilder::new();
            flap.move_to(cx + 54.0 * sx, tip_y + 18.0);
            flap.quad_to(cx + 70.0 * sx, tip_y + 30.0, cx + 86.0 * sx, tip_y + 34.0);
            flap.line_to(cx + 80.0 * sx, tip_y + 4.0);
            flap.close();
            let flap = flap.finish();
            fill(canvas, flap.clone(), ear_colour.darker(0.12).alpha(1.0), ear_ts);
            stroke(canvas, flap, line.alpha(0.7), 1.6, ear_ts);
        }
    }

    /// The coat's markings on the head, clipped to it: calico patches, a Siamese's dark mask, or a tabby's
    /// `M` and cheek stripes.
    fn paint_head_marks(&self, canvas: &mut Pixmap, ts: Transform, head_mask: &Mask) {
        let coat = self.coat;
        let base = coat.base();
        let (cx, cy) = HEAD_CENTRE;
        match coat {
            Coat::Calico => {
                for &(x, y, rx, ry, orange) in self.patches.iter().take(3) {
                    let colour = if orange { coat.marks().unwrap_or(base) } else { Rgb(48, 42, 40) };
                    // Keep the patches off the middle of the face so the eyes stay readable.
                    let x = if (x - cx).abs() < 40.0 { x + 70.0 * (x - cx).signum() } else { x };
                    fill_masked(canvas, oval(x, y - 30.0, rx, ry), colour.alpha(1.0), ts, head_mask);
                }
            }
            Coat::Siamese => {
                // The dark mask around the nose and eyes, fading out.
                let face = RadialGradient::new(
                    Point::from_xy(cx, cy + 22.0),
                    0.0,
                    Point::from_xy(cx, cy + 22.0),
                    70.0,
                    vec![
                        GradientStop::new(0.0, coat.marks().unwrap_or(base).alpha(0.95)),
                        GradientStop::new(0.55, coat.marks().unwrap_or(base).alpha(0.8)),
                        GradientStop::new(1.0, coat.marks().unwrap_or(base).alpha(0.0)),
                    ],
                    SpreadMode::Pad,
                    Transform::from_scale(1.0, 0.9).pre_translate(0.0, 14.0),
                );
                fill_shader_masked(canvas, rect(cx - 100.0, cy - 80.0, 200.0, 160.0), face, ts, head_mask);
            }
            _ if coat.striped() => paint_tabby_stripes(canvas, ts, coat.marks().unwrap_or(base), head_mask),
            _ => {}
        }
    }

    /// The muzzle: two puffy light pads under the nose and a chin (on a tuxedo, a white blaze up the nose
    /// too), dotted where the whiskers grow.
    fn paint_muzzle(&self, canvas: &mut Pixmap, ts: Transform, line: Rgb, head_mask: &Mask) {
        let coat = self.coat;
        let base = coat.base();
        let (cx, cy) = HEAD_CENTRE;
        let muzzle = match coat {
            Coat::Tuxedo | Coat::White | Coat::Calico => coat.light(),
            Coat::Siamese => coat.marks().unwrap_or(base).lighter(0.15),
            Coat::Black => base.lighter(0.12),
            _ => coat.light().mix(base, 0.2),
        };
        if coat == Coat::Tuxedo {
            // The white blaze up the nose and round the mouth.
            let mut blaze = PathBuilder::new();
            blaze.move_to(cx, cy - 34.0);
            blaze.cubic_to(cx + 8.0, cy - 20.0, cx + 4.0, cy + 8.0, cx + 24.0, cy + 18.0);
            blaze.cubic_to(cx + 44.0, cy + 28.0, cx + 48.0, cy + 56.0, cx + 30.0, cy + 76.0);
            blaze.line_to(cx - 30.0, cy + 76.0);
            blaze.cubic_to(cx - 48.0, cy + 56.0, cx - 44.0, cy + 28.0, cx - 24.0, cy + 18.0);
            blaze.cubic_to(cx - 4.0, cy + 8.0, cx - 8.0, cy - 20.0, cx, cy - 34.0);
            blaze.close();
            fill_masked(canvas, blaze.finish(), muzzle.alpha(1.0), ts, head_mask);
        }
        let mut pads = PathBuilder::new();
        for side in [-1.0, 1.0] {
            if let Some(r) = Rect::from_xywh(cx + 14.0 * side - 17.0, cy + 22.0, 34.0, 25.0) {
                pads.push_oval(r);
            }
        }
        if let Some(r) = Rect::from_xywh(cx - 14.0, cy + 36.0, 28.0, 22.0) {
            pads.push_oval(r);
        }
        fill_masked(canvas, pads.finish(), muzzle.alpha(0.95), ts, head_mask);
        // Whisker dots.
        let mut dots = PathBuilder::new();
        for side in [-1.0, 1.0] {
            for (dx, dy) in [(10.0, 32.0), (18.0, 30.0), (14.0, 38.0), (22.0, 37.0)] {
                dots.push_circle(cx + dx * side, cy + dy, 1.3);
            }
        }
        fill(canvas, dots.finish(), line.alpha(0.5), ts);
    }
}

/// A tabby's head stripes in `marks`, clipped to the head: the `M` on the forehead, an arc over each eye,
/// and two stripes on each cheek.
fn paint_tabby_stripes(canvas: &mut Pixmap, ts: Transform, marks: Rgb, head_mask: &Mask) {
    let (cx, cy) = HEAD_CENTRE;
    let mut m = PathBuilder::new();
    for dx in [-16.0, 0.0, 16.0] {
        m.move_to(cx + dx, cy - 72.0);
        m.line_to(cx + dx * 0.8, cy - 38.0 - dx.abs() * 0.3);
    }
    for side in [-1.0, 1.0] {
        m.move_to(cx + 30.0 * side, cy - 30.0);
        m.quad_to(cx + 44.0 * side, cy - 50.0, cx + 62.0 * side, cy - 44.0);
        // Cheek stripes.
        for k in 0..2 {
            let y = cy + 12.0 + k as f32 * 13.0;
            m.move_to(cx + 100.0 * side, y);
            m.quad_to(cx + 84.0 * side, y - 4.0, cx + 68.0 * side, y + 2.0);
        }
    }
    if let Some(path) = m.finish() {
        canvas.stroke_path(&path, &paint(marks.alpha(0.85)), &round_stroke(5.5), ts, Some(head_mask));
    }
}
