//! What a download tells the world while it runs, and who listens.
//!
//! A download reports each step (sent a request, got the headers, wrote bytes, will retry, saved) to an
//! [`Observer`]. The progress bar, `--verbose` lines and the timeline are observers; the download code does
//! not know which one it is talking to.
//!
//! Observers are a generic parameter rather than a `dyn` object, and `()` is the observer that ignores
//! everything: with `()` the compiler inlines empty calls and the events cost nothing at all.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use surf::Url;

use crate::error::CatError;

/// One step of one download. Borrowed data keeps events allocation-free.
#[derive(Debug)]
pub enum Event<'a> {
    /// Before any download starts (`--unique`): another cat has this cat's file name, so it gets a
    /// suffixed one (see `naming::distinct_stems`).
    Renamed {
        /// The cat's id, as the server sent it.
        id: &'a str,
        /// The file stem the id would have given.
        wanted: &'a str,
        /// The file stem it gets instead.
        stem: &'a str,
    },
    /// `run` made this cat's download, which will ask `url`. Sent for every cat, in index order, before
    /// any download starts; a cat that never starts (cancelled first) has only this.
    Queued {
        /// The request URL (it may hold a password: show it with `text::redacted`).
        url: &'a Url,
    },
    /// The download began: it waits for a `--jobs` slot now, and its time counts from here.
    Started,
    /// The download holds a `--jobs` slot and is about to send its first request of `attempt` (1-based).
    Attempt {
        /// 1 for the first try, 2 for the first retry, ...
        attempt: u32,
    },
    /// A redirect was followed (the next request goes to `to`).
    Redirected {
        /// The redirect's status code (301, 302, 303, 307 or 308).
        status: u16,
        /// Where it pointed, resolved against the request URL.
        to: &'a Url,
    },
    /// Response headers arrived: the first byte of the answer.
    Response {
        /// The HTTP status code.
        status: u16,
        /// The Content-Type the server sent, if any, as it sent it.
        content_type: Option<&'a str>,
    },
    /// This many more body bytes were handed to the file writer.
    Bytes(u64),
    /// The attempt failed with a retryable error; the download sleeps `delay` (without its slot) and retries.
    Retrying {
        /// The attempt that just failed (1-based).
        attempt: u32,
        /// How long the download sleeps before the next attempt.
        delay: Duration,
        /// Why the attempt failed.
        error: &'a CatError,
    },
    /// The bytes are another picture format than the Content-Type said: the file is named after the bytes
    /// (see `naming::extension`). Sent just before [`Event::Saved`].
    Retyped {
        /// The media type the server sent, e.g. `image/png`.
        content_type: &'a str,
        /// The format the bytes are, e.g. "JPEG".
        format: &'static str,
        /// The final path, named after the bytes.
        path: &'a Path,
    },
    /// The picture is complete on disk under its final name: sent the moment the name is taken, so a
    /// cat is saved in every report exactly when its file is in place.
    Saved {
        /// The final path.
        path: &'a Path,
        /// Its size in bytes.
        bytes: u64,
        /// The `write(2)` calls its file took.
        writes: u64,
    },
    /// `--skip-existing` found this cat already on disk; it is not fetched.
    Skipped {
        /// The existing file.
        path: &'a Path,
        /// Its size in bytes.
        bytes: u64,
    },
    /// The download gave up (retries exhausted or the error is not retryable).
    Failed {
        /// The last error.
        error: &'a CatError,
    },
}

/// Receives [`Event`]s from every download. Called from whichever thread polls the download, so it must be
/// `Send + Sync`; keep it quick (it runs inside the download's poll).
///
/// # Examples
///
/// An observer that counts the cats saved; [`run`](crate::run) takes it, or an `Arc` of it to read it
/// afterwards, or a pair of observers to feed both:
///
/// ```
/// use std::path::Path;
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
///
/// use catfetch_core::{Event, Observer};
///
/// #[derive(Default)]
/// struct Saved(AtomicUsize);
///
/// impl Observer for Saved {
///     fn on_event(&self, _cat: usize, event: &Event<'_>) {
///         if let Event::Saved { .. } = event {
///             self.0.fetch_add(1, Ordering::Relaxed);
///         }
///     }
/// }
///
/// let (saved, also) = (Arc::new(Saved::default()), Arc::new(Saved::default()));
/// let both = (saved.clone(), also.clone()); // what `run` would call
/// both.on_event(0, &Event::Started);
/// both.on_event(0, &Event::Saved { path: Path::new("cats/0.jpg"), bytes: 2_000, writes: 1 });
/// assert_eq!(saved.0.load(Ordering::Relaxed), 1);
/// assert_eq!(also.0.load(Ordering::Relaxed), 1);
/// ```
pub trait Observer: Send + Sync + 'static {
    /// Cat number `cat` (0-based) reached `event`.
    fn on_event(&self, cat: usize, event: &Event<'_>);
}

/// The observer that ignores everything (zero cost).
impl Observer for () {
    #[inline]
    fn on_event(&self, _: usize, _: &Event<'_>) {}
}

/// Share one observer between the run and its caller (who reads it afterwards, e.g. a timeline).
impl<T: Observer + ?Sized> Observer for Arc<T> {
    #[inline]
    fn on_event(&self, cat: usize, event: &Event<'_>) {
        (**self).on_event(cat, event)
    }
}

/// An observer that may be switched off: `None` costs one branch per event.
impl<T: Observer> Observer for Option<T> {
    #[inline]
    fn on_event(&self, cat: usize, event: &Event<'_>) {
        if let Some(observer) = self {
            observer.on_event(cat, event)
        }
    }
}

/// Two observers at once (e.g. the progress bar and a timeline).
impl<A: Observer, B: Observer> Observer for (A, B) {
    #[inline]
    fn on_event(&self, cat: usize, event: &Event<'_>) {
        self.0.on_event(cat, event);
        self.1.on_event(cat, event);
    }
}
