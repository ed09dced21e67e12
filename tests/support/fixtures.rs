//! Image-like payloads for the test origin to serve.
//!
//! `catfetch` treats a picture as opaque bytes: it only needs to tell a JPEG from a PNG (and a picture from an
//! HTML error page) by the first few bytes. So these are not decodable images, just byte vectors that:
//!
//! - start with the real magic bytes (and header) of their format, so type sniffing works on them;
//! - are exactly `n` bytes long, so tests can assert sizes;
//! - are filled with a deterministic pattern that depends on both the byte index and a `seed`, so two
//!   payloads of the same size but different seeds differ, and a swapped or truncated file shows up as a
//!   byte mismatch rather than passing by accident.
//!
//! The plain functions (`jpeg(n)`, ...) use seed 0; the `_seeded` ones take a seed.

/// The smallest payload the helpers make: every header below fits well inside it.
pub const MIN_LEN: usize = 64;

/// A JPEG-looking payload of exactly `n` bytes (`n >= 64`), seed 0.
pub fn jpeg(n: usize) -> Vec<u8> {
    jpeg_seeded(n, 0)
}

/// A PNG-looking payload of exactly `n` bytes (`n >= 64`), seed 0.
pub fn png(n: usize) -> Vec<u8> {
    png_seeded(n, 0)
}

/// A GIF-looking payload of exactly `n` bytes (`n >= 64`), seed 0.
pub fn gif(n: usize) -> Vec<u8> {
    gif_seeded(n, 0)
}

/// A WebP-looking payload of exactly `n` bytes (`n >= 64`), seed 0.
pub fn webp(n: usize) -> Vec<u8> {
    webp_seeded(n, 0)
}

/// JPEG: SOI marker, then a JFIF APP0 segment, filler, and the EOI marker as the last two bytes.
pub fn jpeg_seeded(n: usize, seed: u64) -> Vec<u8> {
    let head: &[u8] = &[
        0xFF, 0xD8, // SOI: start of image
        0xFF, 0xE0, 0x00, 0x10, // APP0 segment, 16 bytes long
        b'J', b'F', b'I', b'F', 0x00, // "JFIF\0"
        0x01, 0x01, // version 1.1
        0x00, // density units: none
        0x00, 0x01, 0x00, 0x01, // 1:1 pixel aspect
        0x00, 0x00, // no thumbnail
    ];
    build(n, seed, head, &[0xFF, 0xD9]) // EOI: end of image
}

/// PNG: the 8-byte signature, a valid IHDR chunk (with its CRC), filler, and an IEND chunk at the end.
pub fn png_seeded(n: usize, seed: u64) -> Vec<u8> {
    let mut head = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&64u32.to_be_bytes()); // width
    ihdr.extend_from_slice(&48u32.to_be_bytes()); // height
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, adaptive filter, no interlace
    head.extend_from_slice(&13u32.to_be_bytes()); // IHDR data length (type and CRC not counted)
    head.extend_from_slice(&ihdr);
    head.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    let iend = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
    build(n, seed, &head, &iend)
}

/// GIF: the "GIF89a" signature and a logical screen descriptor, filler, and the trailer byte.
pub fn gif_seeded(n: usize, seed: u64) -> Vec<u8> {
    let mut head = b"GIF89a".to_vec();
    head.extend_from_slice(&64u16.to_le_bytes()); // width
    head.extend_from_slice(&48u16.to_le_bytes()); // height
    head.extend_from_slice(&[0x00, 0x00, 0x00]); // no global colour table, background 0, aspect 0
    build(n, seed, &head, &[0x3B]) // trailer
}

/// WebP: a RIFF container whose sizes are consistent with `n`, holding one "VP8 " chunk of filler.
pub fn webp_seeded(n: usize, seed: u64) -> Vec<u8> {
    check_len(n);
    let riff_size = u32::try_from(n - 8).expect("payload too large for RIFF");
    let chunk_size = riff_size - 12; // minus "WEBP", the chunk's fourcc and its size field
    let mut head = b"RIFF".to_vec();
    head.extend_from_slice(&riff_size.to_le_bytes());
    head.extend_from_slice(b"WEBPVP8 ");
    head.extend_from_slice(&chunk_size.to_le_bytes());
    build(n, seed, &head, &[])
}

/// `data` as a gzip stream (RFC 1952), what a server sends with `Content-Encoding: gzip`. Its deflate
/// blocks are "stored" (uncompressed): valid for any decoder, and a few lines instead of a compressor.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    // Magic, deflate, no flags, no mtime, no extra flags, OS unknown.
    let mut out = vec![0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF];
    let blocks: Vec<&[u8]> = if data.is_empty() { vec![&[]] } else { data.chunks(0xFFFF).collect() };
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len())); // BFINAL on the last block; BTYPE 00: stored
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// `head`, then pattern bytes, then `tail`, exactly `n` bytes in all.
fn build(n: usize, seed: u64, head: &[u8], tail: &[u8]) -> Vec<u8> {
    check_len(n);
    let filler = n - head.len() - tail.len();
    let mut out = Vec::with_capacity(n);
    out.extend_from_slice(head);
    out.extend((0..filler).map(|i| pattern(head.len() + i, seed)));
    out.extend_from_slice(tail);
    debug_assert_eq!(out.len(), n);
    out
}

fn check_len(n: usize) {
    assert!(n >= MIN_LEN, "fixtures need at least {MIN_LEN} bytes to hold a header, got {n}");
}

/// One filler byte. Multiplying by an odd 64-bit constant and keeping the top byte scrambles the index well
/// enough that neighbouring bytes, and neighbouring seeds, look unrelated (SplitMix64's finaliser, simplified).
fn pattern(index: usize, seed: u64) -> u8 {
    let mut x = (index as u64) ^ seed.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (x >> 56) as u8
}

/// The CRC-32 that PNG chunks carry (IEEE polynomial, reflected), computed bit by bit: slow, short, and
/// plenty for one 17-byte chunk.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// A known answer, checked with Python's `gzip.decompress`: the gzip stream of "cat".
#[test]
fn gzip_streams_are_well_formed() {
    assert_eq!(gzip(b"cat"), b"\x1f\x8b\x08\0\0\0\0\0\0\xff\x01\x03\0\xfc\xffcat\xa8\x43\x5e\x9e\x03\0\0\0");
}

/// The IEND chunk's CRC is fixed by the PNG specification: a known answer for the hand-rolled CRC above.
#[test]
fn crc32_matches_the_png_reference() {
    assert_eq!(crc32(b"IEND"), 0xAE42_6082);
}
