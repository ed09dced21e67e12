//! The drawing, pinned: any change to the code that draws must leave these cats as they are, pixel for
//! pixel, unless it means to change them.

use std::collections::HashSet;

use tiny_skia::Pixmap;

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
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[test]
fn the_golden_cats_cover_every_coat_mood_and_room() {
    let cats: Vec<Cat> = GOLDEN.iter().map(|&(seed, ..)| Cat::from_seed(seed)).collect();
    let coats: HashSet<_> = cats.iter().map(|c| c.coat.tag()).collect();
    let moods: HashSet<_> = cats.iter().map(|c| c.mood.tag()).collect();
    assert_eq!((coats.len(), moods.len()), (Coat::ALL.len(), Mood::ALL.len()));
    let folds: HashSet<_> = cats.iter().filter_map(|c| c.fold_ear).map(Side::sign).map(|s| s as i8).collect();
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
        got.push((seed, width, height, caption, fnv1a(pixels.data())));
    }
    // The hashes are those of the default x86_64 build; tiny-skia's SIMD code on another architecture
    // may round a few pixels differently, so there the test checks only that each cat decodes at its size
    // (the pool's tests check that a seed gives the same picture twice).
    if cfg!(target_arch = "x86_64") {
        let table: String = (got.iter())
            .map(|(seed, w, h, caption, hash)| format!("({seed}, {w}, {h}, {caption:?}, {hash:#018x}),\n"))
            .collect();
        assert_eq!(got, GOLDEN, "the drawing changed; if on purpose, these are the new hashes:\n{table}");
    }
}
