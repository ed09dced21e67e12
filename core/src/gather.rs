//! `asyncio.gather` for Rust: run many futures at once, collect their results in input order, and stop
//! everything at the first failure.
//!
//! futures-lite has no `try_join_all`, so here is one a student can read in two parts:
//!
//! 1. [`Completions`] polls a set of futures concurrently and yields each result as soon as it is ready.
//!    Every future gets its own [`Waker`]: when future 7 wakes up, only future 7 is polled again, so a
//!    thousand downloads do not cost a thousand polls per network packet.
//! 2. [`gather`] takes results from `Completions` until all are done, the first one fails (fail-fast), or
//!    the `stop` signal fires. Then it *drops* `Completions`, and dropping a future cancels it: whatever it
//!    was doing (waiting for headers, writing a chunk, sleeping before a retry) simply never continues, and
//!    its destructors (the temp-file guard in `download.rs`) clean up.
//!
//! The gather does not know what it runs or on which executor: the futures may be downloads polled right
//! here (`join`), or `smol::Task` handles whose downloads run on other threads (see `executor.rs`).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

use futures_lite::{future, Stream, StreamExt};

/// What to do when one future fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Cancel the others at the first error (`try_join_all`, the default).
    FailFast,
    /// Run everything to the end and report every error (`--keep-going`).
    KeepGoing,
}

/// How a gather ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every future finished.
    Finished,
    /// A future failed and the others were cancelled (fail-fast).
    FailedFast,
    /// The stop signal fired and the unfinished futures were cancelled.
    Stopped,
}

/// How the downloads are polled: the edge chooses (`executor.rs`), the core only follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gathering {
    /// All at once ([`gather`]): the concurrent way, and the default.
    #[default]
    AllAtOnce,
    /// One after another, in order ([`one_after_another`]): the lesson's sequential baseline. Only
    /// meaningful when the downloads are plain futures, not tasks (which run anyway, polled or not).
    OneAfterAnother,
}

impl Gathering {
    /// Gathers `futures` this way: [`gather`] or [`one_after_another`], same results, policy and stop.
    pub async fn gather<F, T, E>(
        self,
        futures: Vec<F>,
        policy: Policy,
        stop: impl Future<Output = ()>,
    ) -> (Vec<Slot<Result<T, E>>>, Ending)
    where
        F: Future<Output = Result<T, E>>,
    {
        match self {
            Gathering::AllAtOnce => gather(futures, policy, stop).await,
            Gathering::OneAfterAnother => one_after_another(futures, policy, stop).await,
        }
    }
}

/// One slot of the result: finished with this value, or cancelled before finishing.
#[derive(Debug)]
pub enum Slot<T> {
    /// The future finished with this output.
    Done(T),
    /// The future was dropped before it finished.
    Cancelled,
}

/// Polls every future in `futures` concurrently and returns their outputs in input order.
///
/// With [`Policy::FailFast`] the first `Err` cancels the rest at once (they become [`Slot::Cancelled`]).
/// When `stop` completes (e.g. Ctrl-C), everything unfinished is cancelled too. The cancelled futures have
/// been dropped when this returns.
///
/// # Examples
///
/// Ten "downloads" that each wait 200 ms for the network, gathered: they all wait at the same time.
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::time::Duration;
///
/// use catfetch_core::gather::{gather, Ending, Policy, Slot};
/// use futures_lite::future;
/// use smol::Timer;
///
/// let (waiting, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
/// let cats: Vec<_> = (0..10)
///     .map(|cat| {
///         let (waiting, most) = (&waiting, &most);
///         async move {
///             most.fetch_max(waiting.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
///             Timer::after(Duration::from_millis(200)).await; // the network
///             waiting.fetch_sub(1, Ordering::SeqCst);
///             Ok::<_, String>(cat)
///         }
///     })
///     .collect();
/// let (slots, ending) = smol::block_on(gather(cats, Policy::FailFast, future::pending()));
/// assert_eq!(ending, Ending::Finished);
/// assert!(matches!(slots[7], Slot::Done(Ok(7)))); // results in input order
/// assert_eq!(most.into_inner(), 10); // all ten waited together
/// ```
pub async fn gather<F, T, E>(
    futures: Vec<F>,
    policy: Policy,
    stop: impl Future<Output = ()>,
) -> (Vec<Slot<Result<T, E>>>, Ending)
where
    F: Future<Output = Result<T, E>>,
{
    let mut slots: Vec<Slot<Result<T, E>>> = futures.iter().map(|_| Slot::Cancelled).collect();
    let mut running = Completions::new(futures);
    let mut stop = pin!(stop);

    let ending = loop {
        // Whichever comes first: the stop signal or the next finished future.
        match unless_stopped(stop.as_mut(), running.next()).await {
            None => break Ending::Stopped,
            Some(None) => break Ending::Finished,
            Some(Some((index, result))) => {
                let failed = result.is_err();
                slots[index] = Slot::Done(result);
                if failed && policy == Policy::FailFast {
                    break Ending::FailedFast;
                }
            }
        }
    };
    // Cancellation is just this: dropping the futures that have not finished.
    drop(running);
    (slots, ending)
}

/// The lesson's baseline: the same job without concurrency. Awaits each future to the end before even
/// polling the next, like a `for` loop of `await`s. Same results, policy and stop signal as [`gather`].
pub async fn one_after_another<F, T, E>(
    futures: Vec<F>,
    policy: Policy,
    stop: impl Future<Output = ()>,
) -> (Vec<Slot<Result<T, E>>>, Ending)
where
    F: Future<Output = Result<T, E>>,
{
    let mut slots: Vec<Slot<Result<T, E>>> = futures.iter().map(|_| Slot::Cancelled).collect();
    let mut stop = pin!(stop);
    // When we return early, the futures not yet reached are dropped with the iterator: never started.
    for (index, future) in futures.into_iter().enumerate() {
        let Some(result) = unless_stopped(stop.as_mut(), future).await else {
            return (slots, Ending::Stopped);
        };
        let failed = result.is_err();
        slots[index] = Slot::Done(result);
        if failed && policy == Policy::FailFast {
            return (slots, Ending::FailedFast);
        }
    }
    (slots, Ending::Finished)
}

/// `Some(output)` of `future`, or `None` if `stop` completes first (it is checked first, so it wins a tie).
async fn unless_stopped<T>(
    stop: Pin<&mut impl Future<Output = ()>>,
    future: impl Future<Output = T>,
) -> Option<T> {
    future::or(
        async {
            stop.await;
            None
        },
        async { Some(future.await) },
    )
    .await
}

/// A set of futures polled concurrently, yielding `(index, output)` in the order they finish.
///
/// It polls only the futures whose wakers fired since the last poll (plus each one once at the start).
pub struct Completions<F: Future> {
    /// `None` once a future has finished (and been dropped).
    futures: Vec<Option<Pin<Box<F>>>>,
    /// One waker per future; each pushes its index onto `ready`.
    wakers: Vec<Arc<ChildWaker>>,
    ready: Arc<ReadyQueue>,
    unfinished: usize,
}

/// The indices of futures that asked to be polled, and the waker of whoever polls `Completions`.
struct ReadyQueue {
    inner: Mutex<ReadyInner>,
}

struct ReadyInner {
    indices: VecDeque<usize>,
    parent: Option<Waker>,
}

/// The waker handed to future `index`: waking it queues `index` and wakes the parent task.
struct ChildWaker {
    index: usize,
    /// Already in the queue? (A future woken ten times is still polled once.)
    queued: AtomicBool,
    ready: Arc<ReadyQueue>,
}

impl Wake for ChildWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.queued.swap(true, Ordering::AcqRel) {
            return;
        }
        let parent = {
            let mut inner = self.ready.lock();
            inner.indices.push_back(self.index);
            inner.parent.clone()
        };
        // Wake outside the lock: the parent may be polled on another thread right away.
        if let Some(parent) = parent {
            parent.wake();
        }
    }
}

impl ReadyQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, ReadyInner> {
        // A poisoned lock only means a waker panicked mid-push; the queue itself is still usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<F: Future> Completions<F> {
    /// Takes ownership of the futures; none is polled until the first `next()`.
    pub fn new(futures: Vec<F>) -> Self {
        let count = futures.len();
        let ready = Arc::new(ReadyQueue {
            inner: Mutex::new(ReadyInner { indices: (0..count).collect(), parent: None }),
        });
        let wakers = (0..count)
            .map(|index| {
                let queued = AtomicBool::new(true); // every future starts in the queue
                Arc::new(ChildWaker { index, queued, ready: ready.clone() })
            })
            .collect();
        Completions {
            futures: futures.into_iter().map(|f| Some(Box::pin(f))).collect(),
            wakers,
            ready,
            unfinished: count,
        }
    }
}

impl<F: Future> Stream for Completions<F> {
    type Item = (usize, F::Output);

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.unfinished == 0 {
            return Poll::Ready(None);
        }
        // Register the parent waker *before* looking at the queue, so a wake-up that lands after we
        // looked is not lost.
        this.ready.lock().parent = Some(cx.waker().clone());
        // Poll at most one round of futures, then yield, so one future that keeps waking itself cannot
        // starve the executor.
        for _ in 0..this.futures.len() {
            let Some(index) = this.ready.lock().indices.pop_front() else {
                return Poll::Pending;
            };
            let child = &this.wakers[index];
            child.queued.store(false, Ordering::Release);
            let Some(future) = this.futures[index].as_mut() else {
                continue; // finished already; a late wake-up
            };
            let waker = Waker::from(child.clone());
            if let Poll::Ready(output) = future.as_mut().poll(&mut Context::from_waker(&waker)) {
                this.futures[index] = None; // drop it now: it may hold files or connections
                this.unfinished -= 1;
                return Poll::Ready(Some((index, output)));
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::{Duration, Instant};

    use smol::Timer;

    /// Sleeps `ms`, then returns `Ok(ms)` or `Err(ms)`.
    async fn after(ms: u64, ok: bool) -> Result<u64, u64> {
        Timer::after(Duration::from_millis(ms)).await;
        if ok {
            Ok(ms)
        } else {
            Err(ms)
        }
    }

    fn done<T: Clone>(slots: &[Slot<T>]) -> Vec<Option<T>> {
        slots
            .iter()
            .map(|slot| match slot {
                Slot::Done(value) => Some(value.clone()),
                Slot::Cancelled => None,
            })
            .collect()
    }

    /// One step of a test's script.
    enum Step {
        /// Future `index` finishes, with this result.
        Finish(usize, Result<u64, u64>),
        /// The stop signal fires.
        Stop,
    }
    use Step::{Finish, Stop};

    /// What the script's futures went through, as it stood the moment the gather returned.
    #[derive(Default)]
    struct Seen {
        /// Indices, in the order the futures finished.
        finished: Vec<usize>,
        /// Indices of the futures dropped (finished or cancelled), sorted.
        dropped: Vec<usize>,
        /// How many times each future was polled.
        polls: Vec<u32>,
    }

    type Scripted = Pin<Box<dyn Future<Output = Result<u64, u64>>>>;
    type Gathered = (Vec<Slot<Result<u64, u64>>>, Ending);

    /// Runs `count` futures through `run` (a gather) while `script` says what happens, step by step: future
    /// `i` finishes only when the script sends it its result, and the stop signal fires only when the script
    /// says so. The script runs beside the gather on the same thread and lets the gather poll between two
    /// steps, so the order of events is the test's, not decided by timers or the scheduler.
    fn scripted<G: Future<Output = Gathered>>(
        count: usize,
        script: Vec<Step>,
        run: impl FnOnce(Vec<Scripted>, Pin<Box<dyn Future<Output = ()>>>) -> G,
    ) -> (Gathered, Seen) {
        /// Records its future's index when the future is dropped.
        struct DropLog(usize, Rc<RefCell<Seen>>);
        impl Drop for DropLog {
            fn drop(&mut self) {
                self.1.borrow_mut().dropped.push(self.0);
            }
        }
        let seen = Rc::new(RefCell::new(Seen { polls: vec![0; count], ..Seen::default() }));
        let (senders, futures): (Vec<_>, Vec<Scripted>) = (0..count)
            .map(|index| {
                let (send, receive) = smol::channel::bounded(1);
                let guard = DropLog(index, seen.clone());
                let mut result = Box::pin(async move {
                    let _guard = guard;
                    receive.recv().await.expect("the script outlives the gather")
                });
                let seen = seen.clone();
                let future = future::poll_fn(move |cx| {
                    seen.borrow_mut().polls[index] += 1;
                    let poll = result.as_mut().poll(cx);
                    if poll.is_ready() {
                        seen.borrow_mut().finished.push(index);
                    }
                    poll
                });
                (send, Box::pin(future) as Scripted)
            })
            .unzip();
        let (stop, stopped) = smol::channel::bounded::<()>(1);
        let stop_signal = Box::pin(async move {
            let _ = stopped.recv().await;
        });
        let gathering = async {
            let gathered = run(futures, stop_signal).await;
            let mut seen = std::mem::take(&mut *seen.borrow_mut());
            seen.dropped.sort();
            (gathered, seen)
        };
        let script = async {
            for step in script {
                match step {
                    Finish(index, result) => senders[index].try_send(result).unwrap(),
                    Stop => stop.try_send(()).unwrap(),
                }
                future::yield_now().await; // the gather sees this step before the next
            }
            // The senders stay alive (a dropped sender would end its future), within bounds.
            Timer::after(Duration::from_secs(10)).await;
            panic!("the gather had not returned 10 s after the script's last step");
        };
        smol::block_on(future::or(gathering, script))
    }

    #[test]
    fn results_come_back_in_input_order_not_finishing_order() {
        let script = vec![Finish(1, Ok(10)), Finish(2, Ok(30)), Finish(0, Ok(60))];
        let ((slots, ending), seen) =
            scripted(3, script, |futures, stop| gather(futures, Policy::FailFast, stop));
        assert_eq!(seen.finished, [1, 2, 0]);
        assert_eq!(ending, Ending::Finished);
        assert_eq!(done(&slots), [Some(Ok(60)), Some(Ok(10)), Some(Ok(30))]);
    }

    #[test]
    fn futures_wait_at_the_same_time_so_the_last_can_finish_first() {
        // The last future's result comes first, the first one's last.
        let script = || (0..50).rev().map(|index| Finish(index, Ok(index as u64))).collect();
        let ((slots, ending), seen) =
            scripted(50, script(), |futures, stop| gather(futures, Policy::FailFast, stop));
        assert_eq!(ending, Ending::Finished);
        assert!(done(&slots).iter().enumerate().all(|(index, slot)| *slot == Some(Ok(index as u64))));
        assert_eq!(seen.finished, (0..50).rev().collect::<Vec<_>>());
        // One after another, nothing past the first future is even polled until it finishes.
        let (_, seen) =
            scripted(50, script(), |futures, stop| one_after_another(futures, Policy::FailFast, stop));
        assert_eq!(seen.finished, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_failure_cancels_the_rest_at_once() {
        // Futures 0 and 2 never finish: the gather returns without them.
        let ((slots, ending), _) =
            scripted(3, vec![Finish(1, Err(20))], |futures, stop| gather(futures, Policy::FailFast, stop));
        assert_eq!(ending, Ending::FailedFast);
        assert_eq!(done(&slots), [None, Some(Err(20)), None]);
    }

    #[test]
    fn keep_going_collects_every_failure() {
        let script = vec![Finish(1, Ok(10)), Finish(2, Err(20)), Finish(0, Err(30))];
        let ((slots, ending), seen) =
            scripted(3, script, |futures, stop| gather(futures, Policy::KeepGoing, stop));
        assert_eq!(seen.finished, [1, 2, 0], "it went on after the failure of future 2");
        assert_eq!(ending, Ending::Finished);
        assert_eq!(done(&slots), [Some(Err(30)), Some(Ok(10)), Some(Err(20))]);
    }

    #[test]
    fn the_stop_signal_cancels_everything_unfinished() {
        let ((slots, ending), seen) = scripted(2, vec![Finish(0, Ok(10)), Stop], |futures, stop| {
            gather(futures, Policy::KeepGoing, stop)
        });
        assert_eq!(ending, Ending::Stopped);
        assert_eq!(done(&slots), [Some(Ok(10)), None]);
        assert_eq!(seen.dropped, [0, 1]);
    }

    #[test]
    fn cancelled_futures_are_dropped_before_gather_returns() {
        // Future 0 never finishes; future 1 fails.
        let (_, seen) =
            scripted(2, vec![Finish(1, Err(10))], |futures, stop| gather(futures, Policy::FailFast, stop));
        assert_eq!(seen.finished, [1]);
        assert_eq!(seen.dropped, [0, 1]);
    }

    #[test]
    fn only_woken_futures_are_polled_again() {
        let script = vec![Finish(0, Ok(0)), Finish(1, Ok(1)), Finish(2, Ok(2))];
        let (_, seen) = scripted(3, script, |futures, stop| gather(futures, Policy::FailFast, stop));
        // Each future: polled once at the start, once when its result came. Future 2 was not polled
        // again when the others finished.
        assert_eq!(seen.polls, [2, 2, 2]);
    }

    #[test]
    fn one_after_another_takes_the_sum_of_the_times_and_stops_at_the_first_failure() {
        let start = Instant::now();
        let futures = vec![after(100, true), after(100, true), after(100, true)];
        let (slots, ending) = smol::block_on(one_after_another(futures, Policy::FailFast, future::pending()));
        assert_eq!(ending, Ending::Finished);
        assert_eq!(done(&slots), [Some(Ok(100)), Some(Ok(100)), Some(Ok(100))]);
        assert!(start.elapsed() >= Duration::from_millis(300), "{:?}", start.elapsed());

        let futures = vec![after(10, true), after(10, false), after(10, true)];
        let (slots, ending) = smol::block_on(one_after_another(futures, Policy::FailFast, future::pending()));
        assert_eq!(ending, Ending::FailedFast);
        assert_eq!(done(&slots), [Some(Ok(10)), Some(Err(10)), None]);
    }

    #[test]
    fn an_empty_gather_finishes_at_once() {
        let futures: Vec<future::Ready<Result<(), ()>>> = Vec::new();
        let (slots, ending) = smol::block_on(gather(futures, Policy::FailFast, future::pending()));
        assert!(slots.is_empty());
        assert_eq!(ending, Ending::Finished);
    }
}
