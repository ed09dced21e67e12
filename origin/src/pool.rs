//! The origin's cats: a fixed pool drawn at start-up, and a small cache of the other sizes asked for.
//!
//! Drawing a cat takes milliseconds of CPU. An origin that drew on every request would add that time to
//! the latency a benchmark is trying to control, and would compete for the CPU with the very client it is
//! measuring. So the pool is drawn once, before [`Origin::start`](super::Origin::start) returns, and the
//! usual request (`GET /cat`) only copies a reference to bytes already made. Other sizes and captions are
//! drawn once each on smol's blocking thread pool and kept in a bounded cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use smol::lock::{OnceCell, Semaphore};

use super::draw::{self, Cat, Coat, Mood};

/// How many cats the pool holds.
pub const POOL_SIZE: usize = 12;

/// How many drawn pictures (other sizes, captions) the cache keeps; the least recently used goes first.
pub const CACHE_ENTRIES: usize = 64;

/// Length of a cat's id, as on cataas.
pub const ID_LEN: usize = 16;

/// One cat of the pool.
pub struct PoolCat {
    /// Its id: 16 letters and digits, stable for a seed.
    pub id: String,
    /// What it looks like (coat, mood...), for its tags.
    pub cat: Cat,
    /// When it was "uploaded": invented, but stable for a seed, in cataas's format.
    pub created_at: String,
    /// The PNG at the default size, drawn at start-up.
    pub png: Bytes,
}

impl PoolCat {
    /// Its tags, as JSON metadata lists them.
    pub fn tags(&self) -> Vec<&'static str> {
        self.cat.tags()
    }

    /// Whether it has every tag in `wanted` (compared without regard to case).
    pub fn has_tags(&self, wanted: &[String]) -> bool {
        let tags = self.tags();
        wanted.iter().all(|w| tags.iter().any(|t| t.eq_ignore_ascii_case(w)))
    }
}

/// What the cache is keyed by: which cat, what size, what caption.
type Key = (usize, u32, u32, Option<String>);

/// A cache entry: the picture (drawn once, whoever asks first) and when it was last used.
struct Entry {
    png: Arc<OnceCell<Bytes>>,
    last_used: u64,
}

/// The pool of cats and the cache of their other sizes.
pub struct Pool {
    cats: Vec<PoolCat>,
    cache: Mutex<Cache>,
    /// One permit per core: a burst of requests for new sizes draws a few at a time instead of starting
    /// a blocking thread (and a 16 MB canvas) for each.
    drawing: Semaphore,
}

#[derive(Default)]
struct Cache {
    entries: HashMap<Key, Entry>,
    clock: u64,
}

impl Pool {
    /// Draws the pool for `seed` at the default size, on up to `threads` threads (at least one).
    ///
    /// Every coat and every mood appears at least once, so a class sees the whole range: cat `i` gets coat
    /// `i mod 8` and mood `i mod 6`, from the first seed derived from `(seed, i)` that gives both.
    pub fn draw(seed: u64, threads: usize) -> Pool {
        let plans: Vec<(String, u64, Cat)> = (0..POOL_SIZE)
            .map(|i| {
                let coat = Coat::ALL[i % Coat::ALL.len()];
                let mood = Mood::ALL[i % Mood::ALL.len()];
                // A try costs a few random numbers, not a drawing; a coat and mood is 1 in 48: ~48 tries.
                let (cat_seed, cat) = (0u64..100_000)
                    .map(|attempt| mix(seed, (i as u64) << 32 | attempt))
                    .map(|s| (s, Cat::from_seed(s)))
                    .find(|(_, cat)| cat.coat == coat && cat.mood == mood)
                    .unwrap_or_else(|| (seed, Cat::from_seed(seed)));
                (make_id(cat_seed), cat_seed, cat)
            })
            .collect();

        // Drawing is CPU work that parallelises perfectly: split the pool over the threads.
        let threads = threads.clamp(1, POOL_SIZE);
        let mut pngs: Vec<Option<Bytes>> = vec![None; POOL_SIZE];
        std::thread::scope(|scope| {
            let chunk = POOL_SIZE.div_ceil(threads);
            for (slots, plans) in pngs.chunks_mut(chunk).zip(plans.chunks(chunk)) {
                scope.spawn(move || {
                    for (slot, (_, _, cat)) in slots.iter_mut().zip(plans) {
                        *slot = Some(Bytes::from(cat.render(draw::DESIGN_WIDTH, draw::DESIGN_HEIGHT, None)));
                    }
                });
            }
        });

        let cats = plans
            .into_iter()
            .zip(pngs)
            .map(|((id, seed, cat), png)| PoolCat {
                created_at: created_at(seed),
                id,
                cat,
                png: png.unwrap_or_default(),
            })
            .collect();
        Pool { cats, cache: Mutex::new(Cache::default()), drawing: Semaphore::new(threads) }
    }

    /// All the cats, in pool order.
    pub fn cats(&self) -> &[PoolCat] {
        &self.cats
    }

    /// The cat with this id, and its index.
    pub fn by_id(&self, id: &str) -> Option<(usize, &PoolCat)> {
        self.cats.iter().enumerate().find(|(_, cat)| cat.id == id)
    }

    /// The indices of the cats that have every tag in `tags` (all of them when `tags` is empty).
    pub fn with_tags(&self, tags: &[String]) -> Vec<usize> {
        (0..self.cats.len()).filter(|&i| self.cats[i].has_tags(tags)).collect()
    }

    /// Every tag some cat has, sorted, once each.
    pub fn all_tags(&self) -> Vec<&'static str> {
        let mut tags: Vec<_> = self.cats.iter().flat_map(|cat| cat.tags()).collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }

    /// Cat `index` as a PNG of `width` x `height`, with an optional caption.
    ///
    /// The default size without a caption comes straight from the pool. Anything else is drawn on smol's
    /// blocking pool (so the origin's own threads keep answering) the first time it is asked for, then
    /// served from the cache; concurrent requests for the same picture wait for the one drawing.
    pub async fn picture(&self, index: usize, width: u32, height: u32, caption: Option<&str>) -> Bytes {
        let Some(cat) = self.cats.get(index) else {
            return Bytes::new();
        };
        if caption.is_none() && (width, height) == (draw::DESIGN_WIDTH, draw::DESIGN_HEIGHT) {
            return cat.png.clone();
        }
        // Only the drawn part of a caption goes into the key: a 60 KB URL is not 60 KB of cache.
        let caption: Option<String> = caption.map(|c| c.chars().take(draw::MAX_CAPTION_CHARS).collect());
        let cell = self.cache_cell((index, width, height, caption.clone()));
        let cat = cat.cat.clone();
        cell.get_or_init(|| async move {
            let _permit = self.drawing.acquire().await;
            Bytes::from(smol::unblock(move || cat.render(width, height, caption.as_deref())).await)
        })
        .await
        .clone()
    }

    /// The cache cell for `key`, created if new; evicts the least recently used entry when full.
    fn cache_cell(&self, key: Key) -> Arc<OnceCell<Bytes>> {
        // A poisoned lock only means another thread panicked mid-update; the map is still usable.
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.clock += 1;
        let now = cache.clock;
        if let Some(entry) = cache.entries.get_mut(&key) {
            entry.last_used = now;
            return entry.png.clone();
        }
        if cache.entries.len() >= CACHE_ENTRIES {
            // 64 entries: a linear scan for the oldest is simpler than a linked list, and as fast.
            let oldest =
                cache.entries.iter().min_by_key(|(_, entry)| entry.last_used).map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                cache.entries.remove(&oldest);
            }
        }
        let png = Arc::new(OnceCell::new());
        cache.entries.insert(key, Entry { png: png.clone(), last_used: now });
        png
    }

    /// How many pictures the cache holds now (for tests).
    #[cfg(test)]
    pub fn cached(&self) -> usize {
        self.cache.lock().map(|c| c.entries.len()).unwrap_or(0)
    }
}

/// Mixes two numbers into a well-spread third (SplitMix64's finaliser): derived seeds that differ by one
/// must not give similar cats or similar random choices.
pub fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 16-character id of letters and digits, stable for a seed (cataas's ids look the same).
fn make_id(seed: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = fastrand::Rng::with_seed(mix(seed, 0x1D));
    (0..ID_LEN).map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char).collect()
}

/// Whether `s` looks like a cat id (16 ASCII letters or digits). Whether it is one is for the pool to say.
pub fn looks_like_id(s: &str) -> bool {
    s.len() == ID_LEN && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// An upload date between 2020 and 2024, stable for a seed, as `2022-03-01T10:20:11.000Z`.
fn created_at(seed: u64) -> String {
    // 1577836800 is 2020-01-01T00:00:00Z; five years of seconds after it.
    let secs = 1_577_836_800 + mix(seed, 0xDA7E) % (5 * 365 * 86_400);
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60,
        mix(seed, 0x3) % 1000
    )
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`), so we need no
/// date crate for one timestamp.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_right() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(18_262), (2020, 1, 1));
        assert_eq!(civil_from_days(19_052), (2022, 3, 1)); // after a February
        assert_eq!(civil_from_days(18_321), (2020, 2, 29)); // a leap day
        let stamp = created_at(7);
        assert_eq!(stamp.len(), "2022-03-01T10:20:11.000Z".len(), "{stamp}");
        assert!(stamp.starts_with("202") && stamp.ends_with('Z'), "{stamp}");
    }

    #[test]
    fn ids_look_like_cataas_ids_and_are_stable() {
        let id = make_id(42);
        assert!(looks_like_id(&id), "{id}");
        assert_eq!(id, make_id(42));
        assert_ne!(id, make_id(43));
        assert!(!looks_like_id("cute"));
        assert!(!looks_like_id("0123456789abcdé"));
    }

    #[test]
    fn the_pool_has_every_coat_and_mood_and_is_the_same_for_a_seed() {
        let a = Pool::draw(1, 2);
        let b = Pool::draw(1, 1);
        assert_eq!(a.cats().len(), POOL_SIZE);
        for coat in Coat::ALL {
            assert!(a.cats().iter().any(|c| c.cat.coat == coat), "{coat:?}");
        }
        for mood in Mood::ALL {
            assert!(a.cats().iter().any(|c| c.cat.mood == mood), "{mood:?}");
        }
        for (x, y) in a.cats().iter().zip(b.cats()) {
            assert_eq!(x.id, y.id);
            assert_eq!(x.png, y.png, "same seed, same picture");
        }
        let (index, cat) = a.by_id(&a.cats()[3].id).expect("ids are found");
        assert_eq!((index, &cat.id), (3, &a.cats()[3].id));
        assert!(!a.with_tags(&["GINGER".to_string()]).is_empty());
        assert!(a.with_tags(&["no-such-tag".to_string()]).is_empty());
        assert_eq!(a.with_tags(&[]).len(), POOL_SIZE);
    }

    #[test]
    fn the_cache_is_bounded_and_shared() {
        let pool = Pool::draw(5, 2);
        smol::block_on(async {
            let first = pool.picture(0, 40, 30, None).await;
            let again = pool.picture(0, 40, 30, None).await;
            assert_eq!(first.as_ptr(), again.as_ptr(), "the second ask is served from the cache");
            for size in 0..(CACHE_ENTRIES as u32 + 5) {
                pool.picture(1, 16 + size, 16, None).await;
            }
        });
        assert_eq!(pool.cached(), CACHE_ENTRIES);
    }
}
