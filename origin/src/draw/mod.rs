//! Cats drawn from a number: a seed picks the coat, the eyes, the mood, the pose and the room, and
//! [tiny-skia](https://docs.rs/tiny-skia) paints them into a PNG.
//!
//! Why draw instead of shipping photos? The origin must work offline, in any size a client asks for, with
//! no files to lose and no licences to check, and every picture must be the same for the same seed so a
//! test or a class can talk about "cat 3". A few hundred lines of shapes give that, and the result is
//! still a cat a student is happy to open.
//!
//! How a picture is built, back to front:
//!
//! ```text
//! room      wall gradient, wallpaper, window, floor, rug            (stretched to the canvas)
//! cat       shadow, tail, body, haunches, legs, collar, head, face  (uniform scale, standing on the floor)
//! texture   short fur strokes clipped to the cat, then a faint grain over everything
//! caption   optional text in a 5x7 pixel font, meme style          (canvas pixels)
//! ```
//!
//! Everything is drawn in a 480 x 360 design space and mapped to the requested size by a [`Transform`], so
//! one set of coordinates serves every size. Nothing here panics: shapes that degenerate (a 16 x 16 cat
//! has sub-pixel whiskers) are skipped, not unwrapped.

use tiny_skia::{
    Color, FillRule, GradientStop, LineCap, LinearGradient, Mask, Paint, Path, PathBuilder, Pixmap, Point,
    RadialGradient, Rect, Shader, SpreadMode, Stroke, StrokeDash, Transform,
};

/// Width of the design space every cat is drawn in (and the default picture width).
pub const DESIGN_WIDTH: u32 = 480;
/// Height of the design space every cat is drawn in (and the default picture height).
pub const DESIGN_HEIGHT: u32 = 360;

/// How much of the design width the cat, its tail and its toys take up.
const CAT_WIDTH: f32 = 380.0;

/// The smallest width or height [`Cat::render`] draws; smaller requests are raised to it.
pub const MIN_SIDE: u32 = 16;
/// The largest width or height [`Cat::render`] draws; larger requests are lowered to it.
pub const MAX_SIDE: u32 = 2000;

/// The most characters of a caption that are drawn; the rest is cut (a caption is a joke, not a letter).
pub const MAX_CAPTION_CHARS: usize = 40;

/// The fur of a cat: its colours and its pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coat {
    /// Orange with darker orange stripes.
    Ginger,
    /// Blue-grey, faint stripes.
    Grey,
    /// Black all over (with yellow or green eyes).
    Black,
    /// White, pink ears and nose.
    White,
    /// White with orange and black patches.
    Calico,
    /// Black with a white chest, muzzle and paws.
    Tuxedo,
    /// Brown with dark tabby stripes.
    BrownTabby,
    /// Cream with dark brown ears, face, paws and tail; always blue eyes.
    Siamese,
}

impl Coat {
    /// Every coat, in a fixed order.
    pub const ALL: [Coat; 8] = [
        Coat::Ginger,
        Coat::Grey,
        Coat::Black,
        Coat::White,
        Coat::Calico,
        Coat::Tuxedo,
        Coat::BrownTabby,
        Coat::Siamese,
    ];

    /// The tag this coat answers to in `/cat/{tag}` and in JSON metadata.
    pub fn tag(self) -> &'static str {
        match self {
            Coat::Ginger => "ginger",
            Coat::Grey => "grey",
            Coat::Black => "black",
            Coat::White => "white",
            Coat::Calico => "calico",
            Coat::Tuxedo => "tuxedo",
            Coat::BrownTabby => "tabby",
            Coat::Siamese => "siamese",
        }
    }

    /// Base fur colour.
    fn base(self) -> Rgb {
        match self {
            Coat::Ginger => Rgb(236, 140, 58),
            Coat::Grey => Rgb(138, 146, 160),
            Coat::Black => Rgb(44, 42, 48),
            Coat::White => Rgb(246, 243, 236),
            Coat::Calico => Rgb(248, 244, 236),
            Coat::Tuxedo => Rgb(38, 37, 42),
            Coat::BrownTabby => Rgb(160, 118, 80),
            Coat::Siamese => Rgb(240, 226, 200),
        }
    }

    /// Light fur: chest, muzzle, belly.
    fn light(self) -> Rgb {
        match self {
            Coat::Ginger => Rgb(252, 222, 180),
            Coat::Grey => Rgb(206, 210, 218),
            Coat::Black => Rgb(70, 66, 74),
            Coat::White | Coat::Calico | Coat::Tuxedo => Rgb(255, 255, 252),
            Coat::BrownTabby => Rgb(226, 200, 164),
            Coat::Siamese => Rgb(252, 246, 232),
        }
    }

    /// Stripes, patches or points; `None` for a plain coat.
    fn marks(self) -> Option<Rgb> {
        match self {
            Coat::Ginger => Some(Rgb(196, 92, 30)),
            Coat::Grey => Some(Rgb(104, 110, 124)),
            Coat::BrownTabby => Some(Rgb(74, 52, 36)),
            Coat::Siamese => Some(Rgb(92, 64, 50)),
            Coat::Calico => Some(Rgb(232, 132, 48)),
            Coat::Black | Coat::White | Coat::Tuxedo => None,
        }
    }

    /// Whether the coat has tabby stripes (the `M` on the forehead, bands on body and tail).
    fn striped(self) -> bool {
        matches!(self, Coat::Ginger | Coat::Grey | Coat::BrownTabby)
    }

    /// Whether the fur is so dark that whiskers and lines must be light to show.
    fn dark(self) -> bool {
        matches!(self, Coat::Black | Coat::Tuxedo)
    }
}

/// The expression on a cat's face.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mood {
    /// Wide open eyes, slit pupils.
    Curious,
    /// Eyes closed in happy arcs, mouth open.
    Happy,
    /// Heavy lids.
    Sleepy,
    /// One eye closed.
    Wink,
    /// Big round pupils: the classic "please feed me".
    Cute,
    /// Frowning lids, mouth turned down.
    Grumpy,
}

impl Mood {
    /// Every mood, in a fixed order.
    pub const ALL: [Mood; 6] =
        [Mood::Curious, Mood::Happy, Mood::Sleepy, Mood::Wink, Mood::Cute, Mood::Grumpy];

    /// The tag this mood answers to.
    pub fn tag(self) -> &'static str {
        match self {
            Mood::Curious => "curious",
            Mood::Happy => "happy",
            Mood::Sleepy => "sleepy",
            Mood::Wink => "wink",
            Mood::Cute => "cute",
            Mood::Grumpy => "grumpy",
        }
    }
}

/// Everything the seed decides about one picture. Two cats with the same seed are the same cat.
#[derive(Clone, Debug)]
pub struct Cat {
    /// Fur colours and pattern.
    pub coat: Coat,
    /// Facial expression.
    pub mood: Mood,
    /// Whether there is a ball of yarn on the floor.
    pub yarn: bool,
    /// Whether the cat wears a collar with a bell.
    pub collar: bool,
    eyes: Rgb,
    head_tilt: f32,
    ear_spread: f32,
    fold_ear: Option<Side>,
    tail_side: Side,
    shift: f32,
    scale: f32,
    room: Room,
    patches: Vec<(f32, f32, f32, f32, bool)>,
    seed: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

impl Side {
    /// -1 for left, +1 for right: multiply an x offset by it to mirror.
    fn sign(self) -> f32 {
        match self {
            Side::Left => -1.0,
            Side::Right => 1.0,
        }
    }
}

#[derive(Clone, Debug)]
struct Room {
    wall: Rgb,
    wallpaper: Wallpaper,
    floor: Rgb,
    wooden: bool,
    rug: Option<Rgb>,
    window: Option<f32>,
    yarn_colour: Rgb,
}

#[derive(Clone, Copy, Debug)]
enum Wallpaper {
    Plain,
    Dots,
    Stripes,
}

impl Cat {
    /// The cat that `seed` describes.
    pub fn from_seed(seed: u64) -> Cat {
        // One generator, consumed in a fixed order: the same seed replays the same choices.
        let mut rng = fastrand::Rng::with_seed(seed);
        let coat = Coat::ALL[rng.usize(..Coat::ALL.len())];
        let mood = Mood::ALL[rng.usize(..Mood::ALL.len())];
        let eyes = match coat {
            Coat::Siamese => Rgb(90, 160, 230),
            Coat::White => [Rgb(90, 160, 230), Rgb(120, 190, 90)][rng.usize(..2)],
            Coat::Black | Coat::Tuxedo => [Rgb(236, 196, 40), Rgb(140, 200, 70)][rng.usize(..2)],
            _ => [Rgb(120, 190, 90), Rgb(236, 196, 40), Rgb(214, 140, 40), Rgb(90, 160, 230)][rng.usize(..4)],
        };
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
        let room = Room {
            wall: wall_hues[rng.usize(..wall_hues.len())],
            wallpaper: [Wallpaper::Plain, Wallpaper::Dots, Wallpaper::Stripes][rng.usize(..3)],
            floor: floors[floor_index],
            wooden: floor_index < 3,
            rug: rng.bool().then(|| rugs[rng.usize(..rugs.len())]),
            window: (rng.u8(..3) == 0).then(|| if rng.bool() { 80.0 } else { 400.0 }),
            yarn_colour: rugs[rng.usize(..rugs.len())],
        };
        let tail_side = if rng.bool() { Side::Left } else { Side::Right };
        // Calico patches: (x, y, rx, ry, orange?) in design space, on the body and the head.
        let patches = (0..7)
            .map(|i| {
                let on_head = i < 3;
                let (x, y) = if on_head {
                    (240.0 + rng.f32() * 160.0 - 80.0, 90.0 + rng.f32() * 60.0)
                } else {
                    (240.0 + rng.f32() * 200.0 - 100.0, 200.0 + rng.f32() * 120.0)
                };
                let r = 22.0 + rng.f32() * 26.0;
                (x, y, r, r * (0.6 + rng.f32() * 0.5), i % 2 == 0)
            })
            .collect();
        Cat {
            coat,
            mood,
            yarn: rng.bool(),
            collar: rng.u8(..3) == 0,
            eyes,
            head_tilt: rng.f32() * 20.0 - 10.0,
            ear_spread: rng.f32() * 10.0 - 4.0,
            fold_ear: (rng.u8(..6) == 0).then(|| if rng.bool() { Side::Left } else { Side::Right }),
            tail_side,
            shift: (rng.f32() * 60.0 + 10.0) * -tail_side.sign(),
            scale: 0.9 + rng.f32() * 0.12,
            room,
            patches,
            seed,
        }
    }

    /// Words describing this cat, for `/cat/{tag}` and JSON metadata: coat, mood, and "yarn" or "collar"
    /// when they are in the picture.
    pub fn tags(&self) -> Vec<&'static str> {
        let mut tags = vec![self.coat.tag(), self.mood.tag()];
        if self.yarn {
            tags.push("yarn");
        }
        if self.collar {
            tags.push("collar");
        }
        tags
    }

    /// Paints this cat at `width` x `height` (clamped to [`MIN_SIDE`]`..=`[`MAX_SIDE`]), with an optional
    /// caption, and encodes it as PNG.
    pub fn render(&self, width: u32, height: u32, caption: Option<&str>) -> Vec<u8> {
        let width = width.clamp(MIN_SIDE, MAX_SIDE);
        let height = height.clamp(MIN_SIDE, MAX_SIDE);
        let Some(mut canvas) = Pixmap::new(width, height) else {
            return Vec::new(); // unreachable for clamped sizes; an empty body beats a panic
        };
        let (w, h) = (width as f32, height as f32);
        let room_ts = Transform::from_scale(w / DESIGN_WIDTH as f32, h / DESIGN_HEIGHT as f32);
        // The cat keeps its proportions whatever the canvas: a uniform scale, and its paws (design y 342)
        // land where the stretched floor puts them. It needs about 380 of the 480 design units across
        // (tail and yarn included), so a tall narrow canvas still gets a big cat.
        let s = (w / CAT_WIDTH).min(h / DESIGN_HEIGHT as f32) * self.scale;
        let paws_y = 342.0;
        let cat_ts = Transform::from_translate(
            w / 2.0 + self.shift * s - 240.0 * s,
            h * (paws_y / DESIGN_HEIGHT as f32) - paws_y * s,
        )
        .pre_scale(s, s);

        self.paint_room(&mut canvas, room_ts, cat_ts);
        self.paint_cat(&mut canvas, cat_ts);
        if let Some(text) = caption {
            paint_caption(&mut canvas, text);
        }
        canvas.encode_png().unwrap_or_default()
    }

    fn paint_room(&self, canvas: &mut Pixmap, ts: Transform, cat_ts: Transform) {
        let room = &self.room;
        let floor_y = 282.0;
        // Wall: lighter at the top, like light from a ceiling.
        let wall = LinearGradient::new(
            Point::from_xy(0.0, 0.0),
            Point::from_xy(0.0, floor_y),
            vec![
                GradientStop::new(0.0, room.wall.lighter(0.5).color()),
                GradientStop::new(1.0, room.wall.darker(0.12).color()),
            ],
            SpreadMode::Pad,
            Transform::identity(),
        );
        fill_shader(canvas, rect(0.0, 0.0, 480.0, floor_y), wall, ts);
        match room.wallpaper {
            Wallpaper::Plain => {}
            Wallpaper::Dots => {
                let mut dots = PathBuilder::new();
                for row in 0..9 {
                    for col in 0..17 {
                        let x = col as f32 * 30.0 + if row % 2 == 0 { 0.0 } else { 15.0 };
                        dots.push_circle(x, 12.0 + row as f32 * 30.0, 4.0);
                    }
                }
                fill(canvas, dots.finish(), room.wall.darker(0.08).alpha(0.8), ts);
            }
            Wallpaper::Stripes => {
                let mut stripes = PathBuilder::new();
                for col in 0..16 {
                    if let Some(r) = Rect::from_xywh(col as f32 * 32.0, 0.0, 14.0, floor_y) {
                        stripes.push_rect(r);
                    }
                }
                fill(canvas, stripes.finish(), room.wall.darker(0.06).alpha(0.7), ts);
            }
        }
        if let Some(x) = room.window {
            self.paint_window(canvas, x, ts);
        }
        // Skirting board, then the floor.
        fill(canvas, rect(0.0, floor_y - 12.0, 480.0, 12.0), Rgb(250, 250, 246).alpha(1.0), ts);
        fill(canvas, rect(0.0, floor_y - 13.0, 480.0, 1.5), Rgb(0, 0, 0).alpha(0.15), ts);
        let floor = LinearGradient::new(
            Point::from_xy(0.0, floor_y),
            Point::from_xy(0.0, 360.0),
            vec![
                GradientStop::new(0.0, room.floor.darker(0.15).color()),
                GradientStop::new(1.0, room.floor.lighter(0.1).color()),
            ],
            SpreadMode::Pad,
            Transform::identity(),
        );
        fill_shader(canvas, rect(0.0, floor_y, 480.0, 78.0), floor, ts);
        if room.wooden {
            // Planks: seams that fan out a little, as if seen from above.
            let mut seams = PathBuilder::new();
            for i in 0..12 {
                let x = i as f32 * 48.0 - 24.0;
                seams.move_to(240.0 + (x - 240.0) * 0.8, floor_y);
                seams.line_to(240.0 + (x - 240.0) * 1.25, 360.0);
            }
            for y in [305.0, 333.0] {
                seams.move_to(0.0, y);
                seams.line_to(480.0, y);
            }
            stroke(canvas, seams.finish(), room.floor.darker(0.35).alpha(0.5), 1.2, ts);
        }
        if let Some(rug) = room.rug {
            let (cx, cy) = (240.0 + self.shift, 338.0);
            fill(canvas, oval(cx, cy, 150.0, 30.0), rug.alpha(1.0), ts);
            stroke(canvas, oval(cx, cy, 138.0, 24.0), rug.lighter(0.5).alpha(0.9), 3.0, ts);
            stroke(canvas, oval(cx, cy, 150.0, 30.0), rug.darker(0.3).alpha(0.8), 1.5, ts);
        }
        // A soft shadow under the cat, in the cat's own space so it follows it.
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

    fn paint_window(&self, canvas: &mut Pixmap, x: f32, ts: Transform) {
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

    fn paint_cat(&self, canvas: &mut Pixmap, ts: Transform) {
        let coat = self.coat;
        let base = coat.base();
        let line = if coat.dark() { Rgb(18, 16, 20) } else { base.darker(0.45) };
        let outline = |canvas: &mut Pixmap, path: &Option<Path>, ts: Transform| {
            stroke(canvas, path.clone(), line.alpha(0.9), 2.6, ts);
        };
        let head_ts = ts.pre_concat(Transform::from_rotate_at(self.head_tilt, 240.0, 205.0));
        let (w, h) = (canvas.width(), canvas.height());
        let mut body_mask = Mask::new(w, h);

        // Yarn first when it sits behind the tail side, so the tail curls in front of it.
        if self.yarn {
            self.paint_yarn(canvas, ts);
        }

        // The tail: a thick curve out of the hip, curling up.
        let sign = self.tail_side.sign();
        let mut tail = PathBuilder::new();
        tail.move_to(240.0 + 60.0 * sign, 330.0);
        tail.cubic_to(240.0 + 150.0 * sign, 345.0, 240.0 + 175.0 * sign, 270.0, 240.0 + 140.0 * sign, 215.0);
        let tail = tail.finish();
        stroke_round(canvas, tail.clone(), line.alpha(0.9), 31.0, ts);
        stroke_round(canvas, tail.clone(), base.alpha(1.0), 26.0, ts);
        if let Some(marks) = coat.marks() {
            if coat == Coat::Siamese {
                // Points: the tail darkens from the hip to the tip.
                let tip = LinearGradient::new(
                    Point::from_xy(240.0 + 90.0 * sign, 330.0),
                    Point::from_xy(240.0 + 150.0 * sign, 230.0),
                    vec![GradientStop::new(0.0, marks.alpha(0.0)), GradientStop::new(1.0, marks.alpha(1.0))],
                    SpreadMode::Pad,
                    Transform::identity(),
                );
                if let (Some(path), Some(shader)) = (tail.clone(), tip) {
                    let p = Paint { shader, ..Paint::default() };
                    canvas.stroke_path(&path, &p, &round_stroke(26.0), ts, None);
                }
            } else if coat != Coat::Calico {
                if let (Some(path), Some(dash)) = (tail.clone(), StrokeDash::new(vec![10.0, 16.0], 4.0)) {
                    let mut s = Stroke { width: 26.0, ..Stroke::default() };
                    s.dash = Some(dash);
                    canvas.stroke_path(&path, &paint(marks.alpha(0.85)), &s, ts, None);
                }
            }
        }

        // Body: a pear, narrow at the shoulders, wide where the cat sits.
        let mut body = PathBuilder::new();
        body.move_to(240.0, 178.0);
        body.cubic_to(292.0, 178.0, 330.0, 262.0, 326.0, 306.0);
        body.cubic_to(322.0, 338.0, 288.0, 344.0, 240.0, 344.0);
        body.cubic_to(192.0, 344.0, 158.0, 338.0, 154.0, 306.0);
        body.cubic_to(150.0, 262.0, 188.0, 178.0, 240.0, 178.0);
        body.close();
        let body = body.finish();
        outline(canvas, &body, ts);
        fill_volume(canvas, &body, base, Point::from_xy(240.0, 240.0), 150.0, ts);
        add_to_mask(body_mask.as_mut(), &body, ts);

        // Haunches: the folded back legs, bulging at the bottom sides.
        for side in [-1.0, 1.0] {
            let haunch = oval(240.0 + 62.0 * side, 310.0, 44.0, 34.0);
            fill_volume(canvas, &haunch, base, Point::from_xy(240.0 + 55.0 * side, 295.0), 60.0, ts);
            let mut arc = PathBuilder::new();
            arc.move_to(240.0 + 30.0 * side, 286.0);
            arc.quad_to(240.0 + 70.0 * side, 266.0, 240.0 + 100.0 * side, 300.0);
            stroke(canvas, arc.finish(), line.alpha(0.45), 2.0, ts);
            add_to_mask(body_mask.as_mut(), &haunch, ts);
        }

        // Chest and belly: the light fur down the front.
        let chest = oval(240.0, 262.0, 44.0, 66.0);
        let chest_colour = if coat == Coat::Tuxedo { coat.light() } else { coat.light().mix(base, 0.35) };
        if let Some(mask) = &body_mask {
            fill_masked(canvas, chest.clone(), chest_colour.alpha(0.95), ts, mask);
        }

        // Patterns on the body, clipped to it: calico patches, tabby bands, siamese shading.
        if let Some(mask) = &body_mask {
            self.paint_body_marks(canvas, ts, mask);
        }

        // Front legs and paws.
        for side in [-1.0, 1.0] {
            let x = 240.0 + 26.0 * side;
            let leg = rounded_rect(x - 17.0, 250.0, 34.0, 92.0, 16.0);
            outline(canvas, &leg, ts);
            fill(canvas, leg.clone(), base.alpha(1.0), ts);
            add_to_mask(body_mask.as_mut(), &leg, ts);
            let paw = oval(x + 2.0 * side, 338.0, 21.0, 11.0);
            let paw_colour = match coat {
                Coat::Tuxedo | Coat::Calico | Coat::White => coat.light(),
                Coat::Siamese => coat.marks().unwrap_or(base),
                _ => base.lighter(0.1),
            };
            outline(canvas, &paw, ts);
            if coat == Coat::Siamese {
                fill(canvas, leg_lower(x), paw_colour.alpha(0.9), ts);
            }
            fill(canvas, paw.clone(), paw_colour.alpha(1.0), ts);
            add_to_mask(body_mask.as_mut(), &paw, ts);
            if coat.striped() {
                if let Some(marks) = coat.marks() {
                    let mut bands = PathBuilder::new();
                    for y in [268.0, 290.0, 312.0] {
                        bands.move_to(x - 15.0, y);
                        bands.quad_to(x, y + 5.0, x + 15.0, y);
                    }
                    stroke(canvas, bands.finish(), marks.alpha(0.7), 5.0, ts);
                }
            }
            // Toes.
            let mut toes = PathBuilder::new();
            for dx in [-7.0, 7.0] {
                toes.move_to(x + 2.0 * side + dx, 344.0);
                toes.line_to(x + 2.0 * side + dx, 336.0);
            }
            stroke(canvas, toes.finish(), line.alpha(0.6), 1.6, ts);
        }

        if self.collar {
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

        self.paint_head(canvas, head_ts, line, body_mask.as_mut());
        if let Some(mask) = &body_mask {
            paint_fur(canvas, mask, ts, self.seed, coat.dark());
        }
    }

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
                let path = bands.finish();
                if let Some(path) = path {
                    canvas.stroke_path(&path, &paint(marks.alpha(0.8)), &round_stroke(8.0), ts, Some(mask));
                }
            }
        }
    }

    fn paint_head(&self, canvas: &mut Pixmap, ts: Transform, line: Rgb, mut mask: Option<&mut Mask>) {
        let coat = self.coat;
        let base = coat.base();
        let (cx, cy) = (240.0, 140.0);
        let inner_ear = if coat.dark() { Rgb(120, 84, 96) } else { Rgb(246, 170, 180) };
        let ear_colour = match coat {
            Coat::Siamese => coat.marks().unwrap_or(base),
            _ => base,
        };

        // Ears behind the head: triangles with rounded tips, leaning out by `ear_spread` degrees.
        for side in [Side::Left, Side::Right] {
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
            stroke(canvas, ear.clone(), line.alpha(0.9), 2.6, ear_ts);
            fill(canvas, ear.clone(), ear_colour.alpha(1.0), ear_ts);
            add_to_mask(mask.as_deref_mut(), &ear, ear_ts);
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
        stroke(canvas, head.clone(), line.alpha(0.9), 2.6, ts);
        fill_volume(canvas, &head, base, Point::from_xy(cx - 20.0, cy - 30.0), 120.0, ts);
        let Some(mut head_mask) = Mask::new(canvas.width(), canvas.height()) else {
            return;
        };
        if let Some(path) = &head {
            head_mask.fill_path(path, FillRule::Winding, true, ts);
        }
        add_to_mask(mask, &head, ts);

        // Markings on the head, clipped to it.
        match coat {
            Coat::Calico => {
                for &(x, y, rx, ry, orange) in self.patches.iter().take(3) {
                    let colour = if orange { coat.marks().unwrap_or(base) } else { Rgb(48, 42, 40) };
                    // Keep the patches off the middle of the face so the eyes stay readable.
                    let x = if (x - cx).abs() < 40.0 { x + 70.0 * (x - cx).signum() } else { x };
                    fill_masked(canvas, oval(x, y - 30.0, rx, ry), colour.alpha(1.0), ts, &head_mask);
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
                fill_shader_masked(canvas, rect(cx - 100.0, cy - 80.0, 200.0, 160.0), face, ts, &head_mask);
            }
            _ if coat.striped() => {
                let marks = coat.marks().unwrap_or(base);
                // The tabby "M" on the forehead.
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
                    canvas.stroke_path(
                        &path,
                        &paint(marks.alpha(0.85)),
                        &round_stroke(5.5),
                        ts,
                        Some(&head_mask),
                    );
                }
            }
            _ => {}
        }

        // Muzzle: two puffy light pads under the nose, and a chin.
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
            fill_masked(canvas, blaze.finish(), muzzle.alpha(1.0), ts, &head_mask);
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
        fill_masked(canvas, pads.finish(), muzzle.alpha(0.95), ts, &head_mask);
        // Whisker dots.
        let mut dots = PathBuilder::new();
        for side in [-1.0, 1.0] {
            for (dx, dy) in [(10.0, 32.0), (18.0, 30.0), (14.0, 38.0), (22.0, 37.0)] {
                dots.push_circle(cx + dx * side, cy + dy, 1.3);
            }
        }
        fill(canvas, dots.finish(), line.alpha(0.5), ts);

        self.paint_eyes(canvas, ts, cx, cy, line);

        // Nose: a rounded triangle, pink (or grey-pink on dark cats).
        let nose_colour = match coat {
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

        // Mouth: the "w" under the nose; open with a tongue when happy, turned down when grumpy.
        let mouth_line = if coat.dark() { Rgb(20, 18, 22) } else { line.darker(0.2) };
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
        s.line_join = tiny_skia::LineJoin::Round;
        if let Some(path) = mouth.finish() {
            canvas.stroke_path(&path, &paint(mouth_line.alpha(0.9)), &s, ts, None);
        }

        // Whiskers: three a side, fanning out past the cheeks, curving slightly down.
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

    fn paint_eyes(&self, canvas: &mut Pixmap, ts: Transform, cx: f32, cy: f32, line: Rgb) {
        let lid = if self.coat == Coat::Siamese {
            self.coat.marks().unwrap_or(self.coat.base())
        } else {
            self.coat.base()
        };
        let dark_line = if self.coat.dark() { Rgb(10, 10, 12) } else { line.darker(0.3) };
        for side in [-1.0, 1.0] {
            let (ex, ey) = (cx + 38.0 * side, cy - 6.0);
            let closed = match self.mood {
                Mood::Happy => true,
                Mood::Wink => side > 0.0,
                _ => false,
            };
            if closed {
                // A happy closed eye: an upside-down "u".
                let mut arc = PathBuilder::new();
                arc.move_to(ex - 16.0, ey + 4.0);
                arc.quad_to(ex, ey - 14.0, ex + 16.0, ey + 4.0);
                // On dark fur (or a Siamese's dark mask) a dark line would vanish: draw it light.
                let colour = if self.coat.dark() || self.coat == Coat::Siamese {
                    Rgb(226, 218, 210)
                } else {
                    dark_line
                };
                if let Some(path) = arc.finish() {
                    canvas.stroke_path(&path, &paint(colour.alpha(1.0)), &round_stroke(4.0), ts, None);
                }
                continue;
            }
            let (rx, ry) = (19.0, 17.0);
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
            // Lids for sleepy and grumpy cats: fur over the top of the eye, then the lid line.
            let lid_drop = match self.mood {
                Mood::Sleepy => Some((2.0, 2.0)),
                Mood::Grumpy => {
                    Some((if side < 0.0 { -4.0 } else { -12.0 }, if side < 0.0 { -12.0 } else { -4.0 }))
                }
                _ => None,
            };
            if let Some((left_y, right_y)) = lid_drop {
                let mut lid_path = PathBuilder::new();
                lid_path.move_to(ex - rx - 2.0, ey + left_y);
                lid_path.line_to(ex - rx - 2.0, ey - ry - 3.0);
                lid_path.line_to(ex + rx + 2.0, ey - ry - 3.0);
                lid_path.line_to(ex + rx + 2.0, ey + right_y);
                lid_path.close();
                if let Some(eye_path) = &eye {
                    let mut clip = Mask::new(canvas.width(), canvas.height());
                    if let Some(clip) = clip.as_mut() {
                        clip.fill_path(eye_path, FillRule::Winding, true, ts);
                        fill_masked(canvas, lid_path.finish(), lid.alpha(1.0), ts, clip);
                    }
                }
                let mut lid_line = PathBuilder::new();
                lid_line.move_to(ex - rx, ey + left_y);
                lid_line.line_to(ex + rx, ey + right_y);
                if let Some(path) = lid_line.finish() {
                    canvas.stroke_path(&path, &paint(dark_line.alpha(1.0)), &round_stroke(3.0), ts, None);
                }
            }
            stroke(canvas, eye, dark_line.alpha(1.0), 2.4, ts);
        }
    }
}

/// The lower half of a front leg (for coloured socks).
fn leg_lower(x: f32) -> Option<Path> {
    rounded_rect(x - 17.0, 300.0, 34.0, 42.0, 16.0)
}

/// How many fur strokes a cat gets: enough to read as fur, few enough to keep the PNG tens of KB (every
/// stroke is detail the compressor must keep).
const FUR_STROKES: usize = 900;

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

/// Writes `text` across the bottom of the canvas in white blocky letters with a dark outline (the meme
/// style cataas uses), on one or two lines, as large as fits.
fn paint_caption(canvas: &mut Pixmap, text: &str) {
    let text: String = text.chars().filter(|c| !c.is_control()).take(MAX_CAPTION_CHARS).collect();
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let lines = wrap(text, 20);
    let (w, h) = (canvas.width() as f32, canvas.height() as f32);
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f32;
    // Each glyph is 5 x 7 cells plus one cell of spacing; the cell size is what fits the width.
    let cell = ((w * 0.92) / (longest * 6.0)).min(h * 0.1 / 7.0).floor().max(1.0);
    let line_height = cell * 9.0;
    let top = h - line_height * lines.len() as f32 - cell * 2.0;
    let mut fill_cells = PathBuilder::new();
    let mut edge_cells = PathBuilder::new();
    for (row, line) in lines.iter().enumerate() {
        let count = line.chars().count() as f32;
        let left = ((w - count * cell * 6.0 + cell) / 2.0).floor();
        let y0 = top + row as f32 * line_height;
        for (i, ch) in line.chars().enumerate() {
            let glyph = glyph(ch);
            for (gy, bits) in glyph.iter().enumerate() {
                for gx in 0..5 {
                    if bits & (0b10000 >> gx) != 0 {
                        let x = left + (i as f32 * 6.0 + gx as f32) * cell;
                        let y = y0 + gy as f32 * cell;
                        let o = (cell * 0.3).max(1.0).round();
                        if let Some(r) = Rect::from_xywh(x - o, y - o, cell + 2.0 * o, cell + 2.0 * o) {
                            edge_cells.push_rect(r);
                        }
                        if let Some(r) = Rect::from_xywh(x, y, cell, cell) {
                            fill_cells.push_rect(r);
                        }
                    }
                }
            }
        }
    }
    let crisp =
        |colour: Color| Paint { shader: Shader::SolidColor(colour), anti_alias: false, ..Paint::default() };
    for (path, colour) in
        [(edge_cells.finish(), Color::from_rgba8(20, 20, 24, 255)), (fill_cells.finish(), Color::WHITE)]
    {
        if let Some(path) = path {
            canvas.fill_path(&path, &crisp(colour), FillRule::Winding, Transform::identity(), None);
        }
    }
}

/// Splits `text` into at most two lines of about `width` characters, at a space if there is one.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= width {
        return vec![text.to_string()];
    }
    let middle = chars.len() / 2;
    // The space nearest the middle, else cut in the middle.
    let cut =
        (0..chars.len()).filter(|&i| chars[i] == ' ').min_by_key(|&i| i.abs_diff(middle)).unwrap_or(middle);
    let first: String = chars[..cut].iter().collect();
    let second: String = chars[cut..].iter().collect();
    vec![first.trim().to_string(), second.trim().to_string()]
}

/// The 5 x 7 bitmap of `ch` (one byte per row, the low five bits, most significant on the left).
/// Letters are drawn upper case; characters without a glyph become `?`.
fn glyph(ch: char) -> [u8; 7] {
    match ch.to_ascii_uppercase() {
        'A' => [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'B' => [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
        'C' => [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
        'D' => [0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E],
        'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        'F' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        'G' => [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F],
        'H' => [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'I' => [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E],
        'J' => [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C],
        'K' => [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
        'L' => [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
        'M' => [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
        'N' => [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
        'O' => [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'P' => [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        'Q' => [0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D],
        'R' => [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        'S' => [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E],
        'T' => [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        'U' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'V' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
        'W' => [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
        'X' => [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
        'Y' => [0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04],
        'Z' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F],
        '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        ' ' => [0; 7],
        '!' => [0x04, 0x04, 0x04, 0x04, 0x04, 0x00, 0x04],
        '.' => [0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C],
        ',' => [0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08],
        '\'' => [0x04, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00],
        '"' => [0x0A, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00],
        '-' => [0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00],
        '+' => [0x00, 0x04, 0x04, 0x1F, 0x04, 0x04, 0x00],
        '=' => [0x00, 0x00, 0x1F, 0x00, 0x1F, 0x00, 0x00],
        ':' => [0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00],
        '/' => [0x01, 0x02, 0x02, 0x04, 0x08, 0x08, 0x10],
        '(' => [0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02],
        ')' => [0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08],
        '<' => [0x02, 0x04, 0x08, 0x10, 0x08, 0x04, 0x02],
        '>' => [0x08, 0x04, 0x02, 0x01, 0x02, 0x04, 0x08],
        '#' => [0x0A, 0x0A, 0x1F, 0x0A, 0x1F, 0x0A, 0x0A],
        // A heart, for "<3"-minded students who type it.
        '♥' => [0x00, 0x0A, 0x1F, 0x1F, 0x0E, 0x04, 0x00],
        _ => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04],
    }
}

// ---- small drawing helpers: tiny-skia is explicit; these keep the shapes above readable ----

/// An opaque sRGB colour, with the arithmetic a painter needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    fn color(self) -> Color {
        Color::from_rgba8(self.0, self.1, self.2, 255)
    }

    fn alpha(self, a: f32) -> Color {
        Color::from_rgba8(self.0, self.1, self.2, (a.clamp(0.0, 1.0) * 255.0) as u8)
    }

    /// `t` of the way from `self` to `other`.
    fn mix(self, other: Rgb, t: f32) -> Rgb {
        let f = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round().clamp(0.0, 255.0) as u8;
        Rgb(f(self.0, other.0), f(self.1, other.1), f(self.2, other.2))
    }

    fn lighter(self, t: f32) -> Rgb {
        self.mix(Rgb(255, 255, 255), t)
    }

    fn darker(self, t: f32) -> Rgb {
        self.mix(Rgb(0, 0, 0), t)
    }
}

fn paint(colour: Color) -> Paint<'static> {
    Paint { shader: Shader::SolidColor(colour), ..Paint::default() }
}

fn round_stroke(width: f32) -> Stroke {
    Stroke { width, line_cap: LineCap::Round, ..Stroke::default() }
}

fn rect(x: f32, y: f32, w: f32, h: f32) -> Option<Path> {
    Rect::from_xywh(x, y, w, h).map(PathBuilder::from_rect)
}

fn oval(cx: f32, cy: f32, rx: f32, ry: f32) -> Option<Path> {
    PathBuilder::from_oval(Rect::from_xywh(cx - rx, cy - ry, rx * 2.0, ry * 2.0)?)
}

fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Option<Path> {
    let r = r.min(w / 2.0).min(h / 2.0);
    let mut pb = PathBuilder::new();
    pb.move_to(x + r, y);
    pb.line_to(x + w - r, y);
    pb.quad_to(x + w, y, x + w, y + r);
    pb.line_to(x + w, y + h - r);
    pb.quad_to(x + w, y + h, x + w - r, y + h);
    pb.line_to(x + r, y + h);
    pb.quad_to(x, y + h, x, y + h - r);
    pb.line_to(x, y + r);
    pb.quad_to(x, y, x + r, y);
    pb.close();
    pb.finish()
}

fn fill(canvas: &mut Pixmap, path: Option<Path>, colour: Color, ts: Transform) {
    if let Some(path) = path {
        canvas.fill_path(&path, &paint(colour), FillRule::Winding, ts, None);
    }
}

fn fill_masked(canvas: &mut Pixmap, path: Option<Path>, colour: Color, ts: Transform, mask: &Mask) {
    if let Some(path) = path {
        canvas.fill_path(&path, &paint(colour), FillRule::Winding, ts, Some(mask));
    }
}

fn fill_shader_masked(
    canvas: &mut Pixmap,
    path: Option<Path>,
    shader: Option<Shader<'static>>,
    ts: Transform,
    mask: &Mask,
) {
    if let (Some(path), Some(shader)) = (path, shader) {
        let p = Paint { shader, ..Paint::default() };
        canvas.fill_path(&path, &p, FillRule::Winding, ts, Some(mask));
    }
}

fn fill_shader(canvas: &mut Pixmap, path: Option<Path>, shader: Option<Shader<'static>>, ts: Transform) {
    if let (Some(path), Some(shader)) = (path, shader) {
        let p = Paint { shader, ..Paint::default() };
        canvas.fill_path(&path, &p, FillRule::Winding, ts, None);
    }
}

/// Fills `path` with `colour`, lighter around `light` and darker towards the edges: a cheap way to make
/// a flat shape look round.
fn fill_volume(
    canvas: &mut Pixmap,
    path: &Option<Path>,
    colour: Rgb,
    light: Point,
    radius: f32,
    ts: Transform,
) {
    let shader = RadialGradient::new(
        light,
        0.0,
        light,
        radius,
        vec![
            GradientStop::new(0.0, colour.lighter(0.12).color()),
            GradientStop::new(0.7, colour.color()),
            GradientStop::new(1.0, colour.darker(0.18).color()),
        ],
        SpreadMode::Pad,
        Transform::identity(),
    );
    if let (Some(path), Some(shader)) = (path, shader) {
        let p = Paint { shader, ..Paint::default() };
        canvas.fill_path(path, &p, FillRule::Winding, ts, None);
    }
}

fn stroke(canvas: &mut Pixmap, path: Option<Path>, colour: Color, width: f32, ts: Transform) {
    if let Some(path) = path {
        let s = Stroke { width, ..Stroke::default() };
        canvas.stroke_path(&path, &paint(colour), &s, ts, None);
    }
}

fn stroke_round(canvas: &mut Pixmap, path: Option<Path>, colour: Color, width: f32, ts: Transform) {
    if let Some(path) = path {
        canvas.stroke_path(&path, &paint(colour), &round_stroke(width), ts, None);
    }
}

fn add_to_mask(mask: Option<&mut Mask>, path: &Option<Path>, ts: Transform) {
    if let (Some(mask), Some(path)) = (mask, path) {
        mask.fill_path(path, FillRule::Winding, true, ts);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Pictures that any change to the drawing code must leave as they are, pixel for pixel: every coat,
    /// every mood, both folded ears, a window on each side, the three wallpapers, rugs, yarn and collars,
    /// odd sizes, and captions on one line, on two, and on a canvas too small to read them.
    /// `(seed, width, height, caption, FNV-1a of the decoded RGBA pixels)`.
    ///
    /// The pixels are hashed, not the PNG file: a newer PNG encoder may compress the same picture into
    /// other bytes. A deliberate change to the drawing updates these hashes (the failure prints them).
    const GOLDEN: [(u64, u32, u32, Option<&str>, u64); 15] = [
        (0, 120, 90, None, 0x4df3975fc4926b67),
        (1, 120, 90, None, 0x2aea8f887dc2674d),
        (2, 120, 90, None, 0x8df2183b02f13740),
        (4, 120, 90, None, 0xe40150762fa0a600),
        (6, 120, 90, None, 0x371a8c9bb1ed0146),
        (7, 120, 90, None, 0xb857a56495d6ec2f),
        (8, 120, 90, None, 0x4c6245d09d241e0e),
        (10, 120, 90, None, 0x5670b1bc0a4aeb95),
        (11, 120, 90, None, 0x86521b53d676573b),
        (12, 120, 90, None, 0x7a4c9bbfd5250825),
        (14, 90, 300, None, 0xc106f4a8e9559b75),
        (23, 640, 160, None, 0x9145a40b34765f78),
        (3, 480, 360, Some("hello world"), 0x4f296294b14dcc92),
        (
            17,
            300,
            225,
            Some("I can has cheezburger? <3 \u{2665} ~ and a tail past forty chars"),
            0x7fe9d23e9515881a,
        ),
        (21, 16, 16, Some("x"), 0x5ddaa2e10220542b),
    ];

    /// FNV-1a, 64 bits: a few lines whose value no Rust or crate upgrade can change (std's hasher may).
    fn fnv1a(bytes: &[u8]) -> u64 {
        bytes
            .iter()
            .fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    }

    #[test]
    fn the_golden_cats_cover_every_coat_mood_and_room() {
        let cats: Vec<Cat> = GOLDEN.iter().map(|&(seed, ..)| Cat::from_seed(seed)).collect();
        let coats: HashSet<_> = cats.iter().map(|c| c.coat.tag()).collect();
        let moods: HashSet<_> = cats.iter().map(|c| c.mood.tag()).collect();
        assert_eq!((coats.len(), moods.len()), (Coat::ALL.len(), Mood::ALL.len()));
        let folds: HashSet<_> =
            cats.iter().filter_map(|c| c.fold_ear).map(Side::sign).map(|s| s as i8).collect();
        let windows: HashSet<_> = cats.iter().filter_map(|c| c.room.window).map(|x| x as u32).collect();
        let wallpapers: HashSet<_> = cats.iter().map(|c| format!("{:?}", c.room.wallpaper)).collect();
        assert_eq!((folds.len(), windows.len(), wallpapers.len()), (2, 2, 3));
        for (what, has) in [
            ("yarn", cats.iter().any(|c| c.yarn)),
            ("a collar", cats.iter().any(|c| c.collar)),
            ("a rug", cats.iter().any(|c| c.room.rug.is_some())),
            ("a wooden floor", cats.iter().any(|c| c.room.wooden)),
            ("another floor", cats.iter().any(|c| !c.room.wooden)),
        ] {
            assert!(has, "no golden cat has {what}");
        }
    }

    #[test]
    fn the_same_cats_are_drawn_pixel_for_pixel() {
        let mut got = Vec::new();
        for (seed, width, height, caption, _) in GOLDEN {
            let png = Cat::from_seed(seed).render(width, height, caption);
            let pixels = Pixmap::decode_png(&png).expect("a PNG");
            assert_eq!((pixels.width(), pixels.height()), (width, height), "seed {seed}");
            assert_eq!(png, Cat::from_seed(seed).render(width, height, caption), "seed {seed} twice");
            got.push((seed, width, height, caption, fnv1a(pixels.data())));
        }
        // The hashes are those of the default x86_64 build; tiny-skia's SIMD code on another architecture
        // may round a few pixels differently, so there the test checks only that drawing is deterministic.
        if cfg!(target_arch = "x86_64") {
            let table: String = (got.iter())
                .map(|(seed, w, h, caption, hash)| {
                    format!("({seed}, {w}, {h}, {caption:?}, {hash:#018x}),\n")
                })
                .collect();
            assert_eq!(got, GOLDEN, "the drawing changed; if on purpose, these are the new hashes:\n{table}");
        }
    }
}
