//! The painter's kit: colours, and the few shapes and fills every part of the picture is made of.
//! tiny-skia is explicit (a path is an `Option`, a paint is a struct); these keep the shapes readable, and
//! skip a shape that degenerated (a path too small to exist) instead of unwrapping it.

use tiny_skia::{
    Color, FillRule, GradientStop, LineCap, Mask, Paint, Path, PathBuilder, Pixmap, Point, RadialGradient,
    Rect, Shader, SpreadMode, Stroke, Transform,
};

/// An opaque sRGB colour, with the arithmetic a painter needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Rgb(pub(super) u8, pub(super) u8, pub(super) u8);

impl Rgb {
    /// Opaque, for gradients.
    pub(super) fn color(self) -> Color {
        Color::from_rgba8(self.0, self.1, self.2, 255)
    }

    /// With opacity `a` (0.0 transparent to 1.0 opaque).
    pub(super) fn alpha(self, a: f32) -> Color {
        Color::from_rgba8(self.0, self.1, self.2, (a.clamp(0.0, 1.0) * 255.0) as u8)
    }

    /// `t` of the way from `self` to `other`.
    pub(super) fn mix(self, other: Rgb, t: f32) -> Rgb {
        let f = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round().clamp(0.0, 255.0) as u8;
        Rgb(f(self.0, other.0), f(self.1, other.1), f(self.2, other.2))
    }

    /// `t` of the way to white.
    pub(super) fn lighter(self, t: f32) -> Rgb {
        self.mix(Rgb(255, 255, 255), t)
    }

    /// `t` of the way to black.
    pub(super) fn darker(self, t: f32) -> Rgb {
        self.mix(Rgb(0, 0, 0), t)
    }
}

/// A paint of one colour (anti-aliased, like every shape of the cat).
pub(super) fn paint(colour: Color) -> Paint<'static> {
    Paint { shader: Shader::SolidColor(colour), ..Paint::default() }
}

/// A line of `width` with round ends.
pub(super) fn round_stroke(width: f32) -> Stroke {
    Stroke { width, line_cap: LineCap::Round, ..Stroke::default() }
}

/// A rectangle from its top left corner and size.
pub(super) fn rect(x: f32, y: f32, w: f32, h: f32) -> Option<Path> {
    Rect::from_xywh(x, y, w, h).map(PathBuilder::from_rect)
}

/// An ellipse from its centre and radii.
pub(super) fn oval(cx: f32, cy: f32, rx: f32, ry: f32) -> Option<Path> {
    PathBuilder::from_oval(Rect::from_xywh(cx - rx, cy - ry, rx * 2.0, ry * 2.0)?)
}

/// A rectangle with corners rounded to radius `r` (at most half its width or height).
pub(super) fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Option<Path> {
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

/// Fills `path` with `colour`.
pub(super) fn fill(canvas: &mut Pixmap, path: Option<Path>, colour: Color, ts: Transform) {
    if let Some(path) = path {
        canvas.fill_path(&path, &paint(colour), FillRule::Winding, ts, None);
    }
}

/// Fills `path` with `colour` where `mask` is set: a shape clipped to another.
pub(super) fn fill_masked(
    canvas: &mut Pixmap,
    path: Option<Path>,
    colour: Color,
    ts: Transform,
    mask: &Mask,
) {
    if let Some(path) = path {
        canvas.fill_path(&path, &paint(colour), FillRule::Winding, ts, Some(mask));
    }
}

/// Fills `path` with a gradient where `mask` is set.
pub(super) fn fill_shader_masked(
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

/// Fills `path` with a gradient.
pub(super) fn fill_shader(
    canvas: &mut Pixmap,
    path: Option<Path>,
    shader: Option<Shader<'static>>,
    ts: Transform,
) {
    if let (Some(path), Some(shader)) = (path, shader) {
        let p = Paint { shader, ..Paint::default() };
        canvas.fill_path(&path, &p, FillRule::Winding, ts, None);
    }
}

/// Fills `path` with `colour`, lighter around `light` and darker towards the edges: a cheap way to make
/// a flat shape look round.
pub(super) fn fill_volume(
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

/// Outlines `path` in the cat's line colour: what every part of the cat is drawn with first.
pub(super) fn outline(canvas: &mut Pixmap, path: &Option<Path>, line: Rgb, ts: Transform) {
    stroke(canvas, path.clone(), line.alpha(0.9), 2.6, ts);
}

/// Draws `path`'s line in `colour`, `width` wide.
pub(super) fn stroke(canvas: &mut Pixmap, path: Option<Path>, colour: Color, width: f32, ts: Transform) {
    if let Some(path) = path {
        let s = Stroke { width, ..Stroke::default() };
        canvas.stroke_path(&path, &paint(colour), &s, ts, None);
    }
}

/// Like [`stroke`], with round ends.
pub(super) fn stroke_round(
    canvas: &mut Pixmap,
    path: Option<Path>,
    colour: Color,
    width: f32,
    ts: Transform,
) {
    if let Some(path) = path {
        canvas.stroke_path(&path, &paint(colour), &round_stroke(width), ts, None);
    }
}

/// Adds `path` to `mask`: how a part of the cat joins its silhouette.
pub(super) fn add_to_mask(mask: Option<&mut Mask>, path: &Option<Path>, ts: Transform) {
    if let (Some(mask), Some(path)) = (mask, path) {
        mask.fill_path(path, FillRule::Winding, true, ts);
    }
}
