//! The room behind the cat: wall, wallpaper, window, floor and rug, in design space stretched to the
//! canvas (a wider picture shows a wider room), and the cat's shadow, which follows the cat instead.

use tiny_skia::{
    Color, FillRule, GradientStop, LinearGradient, Paint, PathBuilder, Pixmap, Point, RadialGradient, Rect,
    SpreadMode, Transform,
};

use super::pen::{fill, fill_shader, oval, rect, stroke, Rgb};
use super::Cat;

/// Where the wall meets the floor, in design space.
const FLOOR_Y: f32 = 282.0;

/// The room a seed picks.
#[derive(Clone, Debug)]
pub(super) struct Room {
    pub(super) wall: Rgb,
    pub(super) wallpaper: Wallpaper,
    pub(super) floor: Rgb,
    /// Planks (the three brown floors) or a plain floor.
    pub(super) wooden: bool,
    pub(super) rug: Option<Rgb>,
    /// The window's middle, in design x, if there is a window.
    pub(super) window: Option<f32>,
    /// The ball of yarn's colour, and the collar's: one of the rug colours.
    pub(super) yarn_colour: Rgb,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Wallpaper {
    Plain,
    Dots,
    Stripes,
}

impl Room {
    /// The room, from the cat's generator (see [`Cat::from_seed`]: the order of the draws matters).
    pub(super) fn from_rng(rng: &mut fastrand::Rng) -> Room {
        let wall_hues = [
            Rgb(250, 236, 214),
            Rgb(214, 234, 248),
            Rgb(226, 244, 222),
            Rgb(248, 222, 230),
            Rgb(236, 226, 248),
            Rgb(250, 246, 210),
        ];
        let floors = [
            Rgb(176, 124, 82),
            Rgb(150, 104, 70),
            Rgb(200, 160, 116),
            Rgb(128, 142, 160),
            Rgb(170, 196, 150),
        ];
        let rugs =
            [Rgb(196, 60, 70), Rgb(60, 110, 180), Rgb(90, 160, 120), Rgb(230, 180, 60), Rgb(150, 90, 170)];
        let floor_index = rng.usize(..floors.len());
        Room {
            wall: wall_hues[rng.usize(..wall_hues.len())],
            wallpaper: [Wallpaper::Plain, Wallpaper::Dots, Wallpaper::Stripes][rng.usize(..3)],
            floor: floors[floor_index],
            wooden: floor_index < 3,
            rug: rng.bool().then(|| rugs[rng.usize(..rugs.len())]),
            window: (rng.u8(..3) == 0).then(|| if rng.bool() { 80.0 } else { 400.0 }),
            yarn_colour: rugs[rng.usize(..rugs.len())],
        }
    }

    /// The wall: lighter at the top, like light from a ceiling, with its wallpaper.
    fn paint_wall(&self, canvas: &mut Pixmap, ts: Transform) {
        let wall = LinearGradient::new(
            Point::from_xy(0.0, 0.0),
            Point::from_xy(0.0, FLOOR_Y),
            vec![
                GradientStop::new(0.0, self.wall.lighter(0.5).color()),
                GradientStop::new(1.0, self.wall.darker(0.12).color()),
            ],
            SpreadMode::Pad,
            Transform::identity(),
        );
        fill_shader(canvas, rect(0.0, 0.0, 480.0, FLOOR_Y), wall, ts);
        match self.wallpaper {
            Wallpaper::Plain => {}
            Wallpaper::Dots => {
                let mut dots = PathBuilder::new();
                for row in 0..9 {
                    for col in 0..17 {
                        let x = col as f32 * 30.0 + if row % 2 == 0 { 0.0 } else { 15.0 };
                        dots.push_circle(x, 12.0 + row as f32 * 30.0, 4.0);
                    }
                }
                fill(canvas, dots.finish(), self.wall.darker(0.08).alpha(0.8), ts);
            }
            Wallpaper::Stripes => {
                let mut stripes = PathBuilder::new();
                for col in 0..16 {
                    if let Some(r) = Rect::from_xywh(col as f32 * 32.0, 0.0, 14.0, FLOOR_Y) {
                        stripes.push_rect(r);
                    }
                }
                fill(canvas, stripes.finish(), self.wall.darker(0.06).alpha(0.7), ts);
            }
        }
    }

    /// The skirting board, then the floor: darker towards the wall, with planks if it is wooden.
    fn paint_floor(&self, canvas: &mut Pixmap, ts: Transform) {
        fill(canvas, rect(0.0, FLOOR_Y - 12.0, 480.0, 12.0), Rgb(250, 250, 246).alpha(1.0), ts);
        fill(canvas, rect(0.0, FLOOR_Y - 13.0, 480.0, 1.5), Rgb(0, 0, 0).alpha(0.15), ts);
        let floor = LinearGradient::new(
            Point::from_xy(0.0, FLOOR_Y),
            Point::from_xy(0.0, 360.0),
            vec![
                GradientStop::new(0.0, self.floor.darker(0.15).color()),
                GradientStop::new(1.0, self.floor.lighter(0.1).color()),
            ],
            SpreadMode::Pad,
            Transform::identity(),
        );
        fill_shader(canvas, rect(0.0, FLOOR_Y, 480.0, 78.0), floor, ts);
        if self.wooden {
            // Planks: seams that fan out a little, as if seen from above.
            let mut seams = PathBuilder::new();
            for i in 0..12 {
                let x = i as f32 * 48.0 - 24.0;
                seams.move_to(240.0 + (x - 240.0) * 0.8, FLOOR_Y);
                seams.line_to(240.0 + (x - 240.0) * 1.25, 360.0);
            }
            for y in [305.0, 333.0] {
                seams.move_to(0.0, y);
                seams.line_to(480.0, y);
            }
            stroke(canvas, seams.finish(), self.floor.darker(0.35).alpha(0.5), 1.2, ts);
        }
    }
}

impl Cat {
    /// The room, back to front: wall, window, floor, rug; then the cat's shadow, in the cat's transform
    /// `cat_ts` so that it stays under the cat whatever the canvas's shape.
    pub(super) fn paint_room(&self, canvas: &mut Pixmap, ts: Transform, cat_ts: Transform) {
        let room = &self.room;
        room.paint_wall(canvas, ts);
        if let Some(x) = room.window {
            paint_window(canvas, x, ts);
        }
        room.paint_floor(canvas, ts);
        if let Some(rug) = room.rug {
            // Under the cat, which sits `shift` off the middle.
            paint_rug(canvas, rug, 240.0 + self.shift, ts);
        }
        paint_shadow(canvas, cat_ts);
    }
}

/// A window centred on design x `x`: frame, sky, a cloud and a hill, glazing bars, sill.
fn paint_window(canvas: &mut Pixmap, x: f32, ts: Transform) {
    let (left, top, w, h) = (x - 60.0, 40.0, 120.0, 150.0);
    fill(canvas, rect(left - 8.0, top - 8.0, w + 16.0, h + 16.0), Rgb(255, 255, 255).alpha(1.0), ts);
    let sky = LinearGradient::new(
        Point::from_xy(0.0, top),
        Point::from_xy(0.0, top + h),
        vec![
            GradientStop::new(0.0, Rgb(120, 180, 240).color()),
            GradientStop::new(1.0, Rgb(200, 230, 250).color()),
        ],
        SpreadMode::Pad,
        Transform::identity(),
    );
    fill_shader(canvas, rect(left, top, w, h), sky, ts);
    // A cloud and a hill, so it reads as a window and not a blue poster.
    let mut cloud = PathBuilder::new();
    cloud.push_circle(left + 40.0, top + 40.0, 14.0);
    cloud.push_circle(left + 56.0, top + 34.0, 17.0);
    cloud.push_circle(left + 72.0, top + 42.0, 12.0);
    fill(canvas, cloud.finish(), Rgb(255, 255, 255).alpha(0.9), ts);
    let mut hill = PathBuilder::new();
    hill.move_to(left, top + h);
    hill.quad_to(left + w * 0.4, top + h - 60.0, left + w, top + h - 20.0);
    hill.line_to(left + w, top + h);
    hill.close();
    fill(canvas, hill.finish(), Rgb(110, 180, 100).alpha(1.0), ts);
    let mut bars = PathBuilder::new();
    bars.move_to(x, top);
    bars.line_to(x, top + h);
    bars.move_to(left, top + h / 2.0);
    bars.line_to(left + w, top + h / 2.0);
    stroke(canvas, bars.finish(), Rgb(255, 255, 255).alpha(1.0), 6.0, ts);
    stroke(canvas, rect(left, top, w, h), Rgb(220, 220, 214).alpha(1.0), 2.0, ts);
    fill(canvas, rect(left - 14.0, top + h + 6.0, w + 28.0, 8.0), Rgb(240, 240, 236).alpha(1.0), ts);
}

/// An oval rug centred on design x `cx`, with a light inner border.
fn paint_rug(canvas: &mut Pixmap, rug: Rgb, cx: f32, ts: Transform) {
    let cy = 338.0;
    fill(canvas, oval(cx, cy, 150.0, 30.0), rug.alpha(1.0), ts);
    stroke(canvas, oval(cx, cy, 138.0, 24.0), rug.lighter(0.5).alpha(0.9), 3.0, ts);
    stroke(canvas, oval(cx, cy, 150.0, 30.0), rug.darker(0.3).alpha(0.8), 1.5, ts);
}

/// A soft shadow on the floor where the cat sits (`cat_ts`: the cat's own transform).
fn paint_shadow(canvas: &mut Pixmap, cat_ts: Transform) {
    let shadow = RadialGradient::new(
        Point::from_xy(240.0, 340.0),
        0.0,
        Point::from_xy(240.0, 340.0),
        125.0,
        vec![
            GradientStop::new(0.0, Color::from_rgba8(0, 0, 0, 90)),
            GradientStop::new(1.0, Color::from_rgba8(0, 0, 0, 0)),
        ],
        SpreadMode::Pad,
        Transform::from_scale(1.0, 0.16).pre_translate(0.0, 340.0 / 0.16 - 340.0),
    );
    if let (Some(shadow), Some(area)) = (shadow, oval(240.0, 340.0, 130.0, 22.0)) {
        let paint = Paint { shader: shadow, ..Paint::default() };
        canvas.fill_path(&area, &paint, FillRule::Winding, cat_ts, None);
    }
}
