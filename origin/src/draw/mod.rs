//! Cats drawn from a number: a seed picks the coat, the eyes, the mood, the pose and the room, and
//! [tiny-skia](https://docs.rs/tiny-skia) paints them into a PNG.
//!
//! Why draw instead of shipping photos? The origin must work offline, in any size a client asks for, with
//! no files to lose and no licences to check, and every picture must be the same for the same seed so a
//! test or a class can talk about "cat 3". A few hundred lines of shapes give that, and the result is
//! still a cat a student is happy to open.
//!
//! How a picture is built, back to front ([`Cat::render`]), and where each part is drawn:
//!
//! ```text
//! room      wall, wallpaper, window, floor, rug, the cat's shadow    room.rs  (stretched to the canvas)
//! body      yarn, tail, body, haunches, legs, collar                 body.rs  (uniform scale, standing on
//! head      ears, head, markings, muzzle                             head.rs   the floor: the cat keeps
//! face      eyes, nose, mouth, whiskers                              face.rs   its shape at any size)
//! fur       short strokes of light and shadow, clipped to the cat    body.rs
//! caption   optional text in a 5x7 pixel font, meme style            font.rs  (canvas pixels)
//! ```
//!
//! What the seed decides is here ([`Cat::from_seed`]); the colours and the small fill and stroke helpers
//! every part uses are in `pen.rs`.
//!
//! Everything is drawn in a 480 x 360 design space and mapped to the requested size by a [`Transform`], so
//! one set of coordinates serves every size. Nothing here panics: shapes that degenerate (a 16 x 16 cat
//! has sub-pixel whiskers) are skipped, not unwrapped.

mod body;
mod face;
mod font;
mod head;
mod pen;
mod room;
#[cfg(test)]
mod tests;

use tiny_skia::{Pixmap, Transform};

use pen::Rgb;
use room::Room;

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

    /// An eye colour that suits the coat, drawn from `rng`.
    fn eyes(self, rng: &mut fastrand::Rng) -> Rgb {
        match self {
            Coat::Siamese => Rgb(90, 160, 230),
            Coat::White => [Rgb(90, 160, 230), Rgb(120, 190, 90)][rng.usize(..2)],
            Coat::Black | Coat::Tuxedo => [Rgb(236, 196, 40), Rgb(140, 200, 70)][rng.usize(..2)],
            _ => [Rgb(120, 190, 90), Rgb(236, 196, 40), Rgb(214, 140, 40), Rgb(90, 160, 230)][rng.usize(..4)],
        }
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
    /// Iris colour.
    eyes: Rgb,
    /// Degrees the head leans, left (negative) or right.
    head_tilt: f32,
    /// Degrees each ear leans outwards.
    ear_spread: f32,
    /// The ear whose tip flops forward, if any.
    fold_ear: Option<Side>,
    /// The side the tail curls out to (the yarn lies on the other).
    tail_side: Side,
    /// How far the cat sits from the middle, in design units, away from its tail.
    shift: f32,
    /// The cat's size relative to the room.
    scale: f32,
    /// What is behind the cat.
    room: Room,
    /// Calico patches, `(x, y, rx, ry, orange?)` in design space: three on the head, then the body's.
    patches: Vec<(f32, f32, f32, f32, bool)>,
    /// The seed, which also scatters the fur strokes.
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

impl Cat {
    /// The cat that `seed` describes.
    pub fn from_seed(seed: u64) -> Cat {
        // One generator, consumed in a fixed order: the same seed replays the same choices. (So the order of
        // the draws below is part of every cat's identity: reordering them changes every picture.)
        let mut rng = fastrand::Rng::with_seed(seed);
        let coat = Coat::ALL[rng.usize(..Coat::ALL.len())];
        let mood = Mood::ALL[rng.usize(..Mood::ALL.len())];
        let eyes = coat.eyes(&mut rng);
        let room = Room::from_rng(&mut rng);
        let tail_side = if rng.bool() { Side::Left } else { Side::Right };
        let patches = calico_patches(&mut rng);
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
    /// caption, and encodes it as PNG. The same arguments always give the same bytes.
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
            font::paint_caption(&mut canvas, text);
        }
        canvas.encode_png().unwrap_or_default()
    }
}

/// Calico patches, `(x, y, rx, ry, orange?)` in design space: three on the head, four on the body. Every
/// cat draws them from its seed, calico or not, so the draws after them do not depend on the coat.
fn calico_patches(rng: &mut fastrand::Rng) -> Vec<(f32, f32, f32, f32, bool)> {
    (0..7)
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
        .collect()
}
