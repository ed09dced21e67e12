//! The edge where an executor is chosen: the same [`catfetch_core::run`] driven seven ways.
//!
//! The core hands each download to a `spawn` function and gathers what comes back. Here is where that
//! function is decided, and what drives the gather itself:
//!
//! | kind | each download is | polled by |
//! |---|---|---|
//! | `smol` | a `Task` on a `smol::Executor` | N threads (the calling thread is one of them) |
//! | `local` | a `Task` on a `smol::LocalExecutor` | the calling thread |
//! | `join` | a plain future inside the gather (no tasks) | the calling thread, via `smol::block_on` |
//! | `sequential` | a plain future, awaited one after another | the calling thread |
//! | `tokio` | a task on a multi-thread tokio runtime | N worker threads (`tokio-1`, ...); the calling thread polls only the gather |
//! | `tokio-current` | a task on a current-thread tokio runtime | the calling thread, inside the runtime's `block_on` |
//! | `threads` | a future on an OS thread of its own, at most `--jobs` threads at once | its thread (`thread-1`, ...), blocked in futures-lite's `block_on` |
//!
//! (`tokio` and `tokio-current` need the `tokio` feature, on by default.)
//!
//! # Who drives what
//!
//! The executor decides who polls the download futures, and polling a download is what reads its socket
//! (`http/engine.rs`): no thread of the HTTP client's own moves a byte. The rest:
//!
//! - **Sockets**: read and written by the thread that polls the download, straight into hyper's buffer.
//!   An HTTP/1.1 connection is driven by the download using it, everywhere. A shared HTTP/2 connection
//!   (an https server that offers it) needs futures of its own: on `smol`, `local`, `tokio` and
//!   `tokio-current` they are spawned as tasks on the same executor (`http::Connections::Spawned`, through
//!   a channel to the executor's dispatcher); on `join`, `sequential` and `threads`, which have no tasks,
//!   each download opens and drives an HTTP/2 connection of its own (`http::Connections::Inline`).
//!   async-io's reactor only says when a socket is ready; it reads nothing.
//! - **Timers** (`--timeout`, retry backoff): async-io's reactor, one per process. A thread blocked in
//!   `smol::block_on` with nothing to poll drives it: smol's threads on `smol`, the calling thread on
//!   `local`, `join`, `sequential` and `threads` (whose download threads use futures-lite's plain
//!   `block_on`). Otherwise async-io's own `async-io` thread does: on `tokio` and `tokio-current` (unless
//!   `--demo`'s origin, which runs on smol, happens to be idle in `smol::block_on` at that moment).
//! - **Files**: the blocking pool writes each download's bytes (`--writes async-fs`, the default), or the
//!   thread that polls it does (`--writes inline`): see `sink.rs`. Creating temp files, preparing the
//!   directory and `--fsync` run on the blocking pool too.
//! - **tokio's drivers**: not even built. Only the scheduler is asked for (features `rt` and
//!   `rt-multi-thread`): nothing here registers a socket or a timer with tokio, so an idle worker simply
//!   parks until a waker from async-io's reactor schedules one of its tasks. That is the runtime-agnostic
//!   design in smol's sense: async-io's reactor under any executor, tokio's scheduler included.
//! - **`threads`**: each thread parks on its one download's future until that future's waker fires, and
//!   then reads the socket itself. Sockets stay non-blocking, so this is not blocking-socket I/O: it
//!   measures what the thread-per-download model itself costs (a stack, a thread creation, and an OS
//!   wake-up for every event of every download), next to executors that poll thousands of futures on a
//!   few threads. The body
//!   buffer, which the other executors keep one per polling thread, comes from a shared pool here
//!   ([`catfetch_core::download::borrow_pooled_buffers`]), so the comparison is of threads, not of buffer sizing.
//!
//! `local`, `join`, `sequential` and `tokio-current` do all the network work on one thread: a thread
//! blocked in a slow write or in CPU work stops every download's reads too, as in asyncio. Timers,
//! temp-file creation and (by default) the writes still run elsewhere.
//!
//! # Cancellation
//!
//! Dropping what `spawn` returned cancels that download: the gather relies on it for fail-fast and Ctrl-C.
//! smol's `Task` cancels on drop. tokio's `JoinHandle` does not (dropped, it lets the task run on), so
//! `AbortOnDrop` aborts it. A thread cannot be dropped at all: its download races a stop channel that the
//! handle closes when dropped; the thread then drops the download (its temp file goes with it) and ends.
//! `run` returns only once every download future has been dropped, wherever it ran; `threads` also waits for
//! the download threads to end, and dropping a tokio runtime waits for its workers.
//!
//! A download that panics is a bug. On every executor the panic reaches whoever awaits the download, as with
//! `join`: smol's `Task` resumes it there, and so do the tokio and thread handles here.

use std::any::Any;

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use futures_lite::future;
use smol::channel::{self, Sender};
use smol::lock::Semaphore;
use smol::{Executor, LocalExecutor, Timer};

use catfetch_core::download::{self, Failed};
use catfetch_core::gather::Gathering::{AllAtOnce, OneAfterAnother};
use catfetch_core::http::{Connections, Spawner, Task};
use catfetch_core::{CatError, CatFuture, CatResult, Config, Error, Observer, Report};
use catfetch_lab::polls::{self, Polls};
use catfetch_lab::ExecutorKind;

/// Runs the job to completion on the chosen executor, blocking the calling thread (which must not be
/// inside an async runtime already: tokio refuses to start a runtime there).
///
/// With `polls`, every poll of every download and of the job's own future is recorded there (see
/// `polls.rs`); without, nothing is wrapped at all.
pub fn block_on<O: Observer>(
    kind: ExecutorKind,
    mut config: Config,
    observer: O,
    polls: Option<Arc<Polls>>,
    stop: impl Future<Output = ()>,
) -> Result<Report, Error> {
    let recorded = polls::wrapper(polls.clone());
    let polls = polls.as_ref();
    match kind {
        ExecutorKind::Smol { threads } => {
            let executor = Executor::new();
            let (spawner, tasks) = spawner();
            config.connections = Connections::Spawned(spawner);
            // Worker threads run the executor until this channel closes (when `shutdown` is dropped).
            let (shutdown, shutdown_signal) = smol::channel::unbounded::<()>();
            thread::scope(|scope| {
                for n in 1..threads.max(1) {
                    let (executor, shutdown_signal) = (&executor, shutdown_signal.clone());
                    // If the OS refuses a thread we simply run with fewer; the calling thread always runs.
                    let _ = thread::Builder::new()
                        .name(format!("smol-{n}"))
                        .spawn_scoped(scope, move || smol::block_on(executor.run(shutdown_signal.recv())));
                }
                let job = catfetch_core::run(
                    config,
                    observer,
                    |cat| executor.spawn(recorded(cat)),
                    AllAtOnce,
                    stop,
                );
                // The calling thread runs the executor too, while it waits for the job.
                let job =
                    beside(polls::gather(polls, job), dispatch(|task| executor.spawn(task).detach(), tasks));
                let result = smol::block_on(executor.run(job));
                drop(shutdown);
                result
            })
        }
        ExecutorKind::Local => {
            let executor = LocalExecutor::new();
            let (spawner, tasks) = spawner();
            config.connections = Connections::Spawned(spawner);
            let job =
                catfetch_core::run(config, observer, |cat| executor.spawn(recorded(cat)), AllAtOnce, stop);
            let job =
                beside(polls::gather(polls, job), dispatch(|task| executor.spawn(task).detach(), tasks));
            smol::block_on(executor.run(job))
        }
        ExecutorKind::Join => smol::block_on(polls::gather(
            polls,
            catfetch_core::run(config, observer, recorded, AllAtOnce, stop),
        )),
        ExecutorKind::Sequential => {
            let job = catfetch_core::run(config, observer, recorded, OneAfterAnother, stop);
            smol::block_on(polls::gather(polls, job))
        }
        #[cfg(feature = "tokio")]
        ExecutorKind::Tokio { threads } => {
            let workers = AtomicUsize::new(1);
            // tokio panics, as it builds the runtime, when the system refuses it a worker thread ("OS
            // can't spawn worker thread"), and may then hang: where threads are scarce, it gets as many
            // workers as the system gives now; a refusal left is a setup failure like any other.
            let wanted = threads.max(1);
            let threads = match crate::system::threads_to_start(wanted) {
                Ok(threads) => threads,
                Err(e) => return Err(Error::Setup(format!("cannot start the tokio runtime: {e}"))),
            };
            if threads < wanted {
                let workers = catfetch_core::text::plural(threads, "worker");
                crate::terminal::print_stderr(&format!(
                    "catfetch: the system gives this process few threads: tokio runs {workers}, not {wanted}"
                ));
            }
            let runtime = crate::system::quietly(|| {
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(threads)
                    // Unique names: the timeline tells the polling threads apart by name.
                    .thread_name_fn(move || format!("tokio-{}", workers.fetch_add(1, Ordering::Relaxed)))
                    .build()
            })
            .unwrap_or_else(|panic| Err(std::io::Error::other(panic)));
            on_tokio(runtime, config, observer, (&recorded, polls), stop)
        }
        #[cfg(feature = "tokio")]
        ExecutorKind::TokioCurrent => {
            let runtime = tokio::runtime::Builder::new_current_thread().build();
            on_tokio(runtime, config, observer, (&recorded, polls), stop)
        }
        #[cfg(not(feature = "tokio"))]
        ExecutorKind::Tokio { .. } | ExecutorKind::TokioCurrent => {
            Err(Error::Usage(catfetch_lab::executors::needs_tokio(kind.name())))
        }
        ExecutorKind::Threads => {
            let threads = Threads::new(config.jobs);
            let job =
                catfetch_core::run(config, observer, |cat| threads.spawn(recorded(cat)), AllAtOnce, stop);
            let result = smol::block_on(polls::gather(polls, job));
            // Every download future is gone by now; the threads that ran them may still be returning.
            threads.join();
            result
        }
    }
}

/// Runs the job on a tokio runtime: each download a task spawned on it, the gather on the calling thread.
#[cfg(feature = "tokio")]
fn on_tokio<O: Observer>(
    runtime: std::io::Result<tokio::runtime::Runtime>,
    mut config: Config,
    observer: O,
    (recorded, polls): (&impl Fn(CatFuture) -> CatFuture, Option<&Arc<Polls>>),
    stop: impl Future<Output = ()>,
) -> Result<Report, Error> {
    let runtime = runtime.map_err(|e| Error::Setup(format!("cannot start the tokio runtime: {e}")))?;
    let handle = runtime.handle().clone();
    config.connections = Connections::Spawned(Spawner::new(move |task| drop(handle.spawn(task))));
    // On a current-thread runtime the spawned tasks run only while this `block_on` drives the runtime,
    // which it does until the job (and so every download) is over.
    let spawn = |cat| AbortOnDrop(runtime.spawn(recorded(cat)));
    let job = catfetch_core::run(config, observer, spawn, AllAtOnce, stop);
    runtime.block_on(polls::gather(polls, job))
    // Dropping the runtime here waits for its worker threads to end.
}

/// A spawner for connection tasks (see `http::Connections`) whose tasks arrive on the channel returned: the
/// executor's own dispatcher spawns them ([`dispatch`]). Through a channel, because the executors here live
/// on the stack of [`block_on`] (smol's `LocalExecutor` is not even `Send`), while the HTTP client holding
/// the spawner is shared by every download.
fn spawner() -> (Spawner, channel::Receiver<Task>) {
    let (sender, receiver) = channel::unbounded::<Task>();
    // Sending fails only once the dispatcher is gone with its executor: the run is over, nothing to run.
    (Spawner::new(move |task| drop(sender.try_send(task))), receiver)
}

/// Spawns every connection task that arrives from [`spawner`] with `spawn` (detached: it ends with its
/// connection, or is dropped with the executor when the run is over).
async fn dispatch(spawn: impl Fn(Task), tasks: channel::Receiver<Task>) {
    while let Ok(task) = tasks.recv().await {
        spawn(task);
    }
}

/// `job`, with `beside` polled alongside it until the job is done.
async fn beside<T>(job: impl Future<Output = T>, beside: impl Future<Output = ()>) -> T {
    future::or(job, async {
        beside.await;
        future::pending().await
    })
    .await
}

/// A tokio task's handle that cancels the task when dropped, as smol's `Task` does. (A dropped
/// `JoinHandle` only detaches: the download would run on, unseen, holding its slot and temp file.)
#[cfg(feature = "tokio")]
pub struct AbortOnDrop(pub tokio::task::JoinHandle<CatResult>);

#[cfg(feature = "tokio")]
impl Future for AbortOnDrop {
    type Output = CatResult;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<CatResult> {
        let started = Instant::now();
        std::pin::Pin::new(&mut self.0).poll(cx).map(|joined| match joined {
            Ok(result) => result,
            Err(error) if error.is_panic() => panic::resume_unwind(error.into_panic()),
            // Only an abort (ours, on drop: nobody polls after that) or a runtime shut down under a running
            // job cancels a task; neither happens here. Should one, it is this download's failure.
            Err(error) => {
                Err(executor_failure(format!("the tokio runtime dropped this download ({error})"), started))
            }
        })
    }
}

#[cfg(feature = "tokio")]
impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        // Once the task has finished this does nothing. If it is being polled on a worker right now, it is
        // dropped there as soon as that poll returns.
        self.0.abort();
    }
}

/// A download that the executor could not run, as a failed download (never a panic).
fn executor_failure(message: String, started: Instant) -> Failed {
    Failed { error: CatError::Executor(message), status: None, attempts: 0, elapsed: started.elapsed() }
}

/// Stack size of a download thread. The download future itself is boxed on the heap (and so is each
/// attempt's state): the stack only holds the frames of one poll, a read and a write, the observers, and
/// unwinding through a contained panic. This leaves room for several times what an unoptimised build was
/// seen to use. Rust's default is 2 MiB: only touched pages become resident either way, but every stack is
/// reserved whole, and thousands of threads would reserve gigabytes of address space (and of commit charge,
/// where the system accounts for it strictly).
pub const THREAD_STACK: usize = 256 * 1024;

/// Counts a download thread while it lives, and says when it ends (see [`Threads::spawn`]).
struct Running(Arc<AtomicUsize>, Sender<()>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
        let _ = self.1.try_send(());
    }
}

/// How often a download the system refused a thread tries again, besides when another thread ends.
const RETRY_SPAWN: Duration = Duration::from_millis(20);

/// What a download thread hands back: the download's result, `None` if it was stopped, or a panic.
type ThreadOutcome = Result<Option<CatResult>, Box<dyn Any + Send>>;

/// `--executor threads`: each download runs on an OS thread of its own, started when the download may
/// start and ended when it is over.
pub struct Threads {
    /// A download's thread is started only with one of these permits, which the thread holds until it ends:
    /// so at most `--jobs` download threads exist at once, and the rest of the downloads wait as futures
    /// (a few hundred bytes each), not as parked threads. The core's own `--jobs` slots cannot bound this:
    /// a download takes its slot inside its future, on a thread that would already exist. One difference
    /// with the other executors follows: a download sleeping before a retry gives back its slot but keeps
    /// its thread (the thread is the download), so it still counts among the `--jobs` threads.
    permits: Arc<Semaphore>,
    /// Every download thread started, to be joined by [`Threads::join`].
    started: std::sync::Mutex<Vec<thread::JoinHandle<()>>>,
    /// Threads asked of the OS so far, for their names (`thread-1`, `thread-2`, ...).
    named: AtomicUsize,
    /// Download threads running now.
    running: Arc<AtomicUsize>,
    /// A message each time a download thread ends: what a download the system refused a thread waits for.
    ended: (Sender<()>, channel::Receiver<()>),
    /// Has the system refused a thread yet (said once)?
    refused: std::sync::atomic::AtomicBool,
    /// See [`THREAD_STACK`].
    stack: usize,
}

impl Threads {
    /// At most `jobs` threads at once.
    pub fn new(jobs: usize) -> Threads {
        Threads {
            permits: Arc::new(Semaphore::new(jobs.max(1))),
            started: std::sync::Mutex::new(Vec::new()),
            named: AtomicUsize::new(0),
            running: Arc::new(AtomicUsize::new(0)),
            ended: channel::unbounded(),
            refused: std::sync::atomic::AtomicBool::new(false),
            stack: THREAD_STACK,
        }
    }

    /// Waits for every download thread to end, once their downloads are over or dropped: after this, no
    /// thread of this run is left, not even one still returning.
    pub fn join(self) {
        let started = self.started.into_inner().unwrap_or_else(PoisonError::into_inner);
        for thread in started {
            let _ = thread.join();
        }
    }

    /// Runs `cat` on a thread of its own once a permit is free, and completes with its result. Dropping
    /// this future cancels the download: its thread drops it and ends, or, if that thread has not started
    /// yet, it is dropped right here, never started.
    ///
    /// When the system refuses a thread (`ulimit -u`, a container's pids.max), the download waits for
    /// another download's thread to end and tries again: fewer downloads run at once, said once on stderr.
    /// It fails only when no download thread runs that it could wait for.
    pub async fn spawn(&self, cat: CatFuture) -> CatResult {
        let mut permit = self.permits.acquire_arc().await;
        let started = Instant::now();
        // Nobody sends on `stop`: dropping it (with this future) closes the channel, and that is the signal.
        let (stop, stopped) = channel::bounded::<()>(1);
        let (done, outcome) = channel::bounded::<ThreadOutcome>(1);
        // The thread takes the download from here: if the thread cannot be started, it is still here.
        let cat = Arc::new(std::sync::Mutex::new(Some(cat)));
        loop {
            let number = self.named.fetch_add(1, Ordering::Relaxed) + 1;
            let (taken, done) = (cat.clone(), done.clone());
            // Counted from before the spawn, so that a download that fails to start sees it; a thread that
            // never starts is uncounted below.
            self.running.fetch_add(1, Ordering::SeqCst);
            let (running, ended) = (self.running.clone(), self.ended.0.clone());
            let stopped = stopped.clone();
            let spawned = if !crate::system::room_for_thread(self.stack) {
                Err(std::io::Error::new(std::io::ErrorKind::OutOfMemory, "no room for its stack"))
            } else {
                thread::Builder::new().name(format!("thread-{number}")).stack_size(self.stack).spawn(
                    move || {
                        // Released when this thread's work is done: the next download's thread may then start.
                        let _ending = (permit, Running(running, ended));
                        let Some(cat) = taken.lock().unwrap_or_else(PoisonError::into_inner).take() else {
                            return;
                        };
                        download::borrow_pooled_buffers();
                        let download = async { Some(cat.await) };
                        let stopped = async {
                            let _ = stopped.recv().await;
                            None
                        };
                        // Whichever wins, the download is dropped inside `block_on`, on this thread, before it
                        // returns.
                        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                            future::block_on(future::or(download, stopped))
                        }));
                        let _ = done.try_send(outcome);
                    },
                )
            };
            let e = match spawned {
                Ok(thread) => {
                    let mut started = self.started.lock().unwrap_or_else(PoisonError::into_inner);
                    // A thread that has ended keeps its stack until it is joined: join those now, so that
                    // a long run holds only the threads still running.
                    let (ended, running) = std::mem::take(&mut *started)
                        .into_iter()
                        .partition::<Vec<_>, _>(|thread| thread.is_finished());
                    for thread in ended {
                        let _ = thread.join();
                    }
                    *started = running;
                    started.push(thread);
                    break;
                }
                Err(e) => e,
            };
            // The closure went with the error, and its permit; the download is still here.
            let others = self.running.fetch_sub(1, Ordering::SeqCst) - 1;
            if others == 0 {
                return Err(executor_failure(
                    format!("cannot start a thread for this download: {e}"),
                    started,
                ));
            }
            if !self.refused.swap(true, Ordering::SeqCst) {
                crate::terminal::print_stderr(&format!(
                    "catfetch: the system refuses more threads ({e}): downloads wait for a thread to end"
                ));
            }
            // Another download's thread ending is the moment to try again. Several downloads may wait for
            // the same ending, and each ending wakes only one of them: so each also tries again now and
            // then, and gives up (above) once no download thread runs.
            let another_ended = async {
                let _ = self.ended.1.recv().await;
            };
            let a_while = async {
                Timer::after(RETRY_SPAWN).await;
            };
            future::or(another_ended, a_while).await;
            permit = self.permits.acquire_arc().await;
        }
        let _stop_when_dropped = stop;
        match outcome.recv().await {
            Ok(Ok(Some(result))) => result,
            Ok(Err(panic)) => panic::resume_unwind(panic),
            // Stopped means this future was dropped, so nobody is here to see it; and the thread always
            // sends before it ends. Should either happen anyway, it is this download's failure.
            Ok(Ok(None)) | Err(_) => {
                Err(executor_failure("the download's thread ended without a result".into(), started))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::pin;
    use std::time::Duration;

    use catfetch_core::gather::{gather, Policy, Slot};

    #[test]
    fn polling_threads_are_counted_where_fixed() {
        assert_eq!(ExecutorKind::Smol { threads: 4 }.polling_threads(), Some(4));
        assert_eq!(ExecutorKind::Tokio { threads: 3 }.polling_threads(), Some(3));
        for kind in
            [ExecutorKind::Local, ExecutorKind::Join, ExecutorKind::Sequential, ExecutorKind::TokioCurrent]
        {
            assert_eq!(kind.polling_threads(), Some(1), "{kind}");
        }
        assert_eq!(ExecutorKind::Threads.polling_threads(), None, "one per download in flight");
    }

    #[test]
    fn only_smol_and_tokio_take_a_thread_count() {
        assert_eq!(ExecutorKind::default().with_threads(2), Some(ExecutorKind::Smol { threads: 2 }));
        assert_eq!(
            ExecutorKind::Tokio { threads: 8 }.with_threads(2),
            Some(ExecutorKind::Tokio { threads: 2 })
        );
        for kind in [
            ExecutorKind::Local,
            ExecutorKind::Join,
            ExecutorKind::Sequential,
            ExecutorKind::TokioCurrent,
            ExecutorKind::Threads,
        ] {
            assert_eq!(kind.with_threads(2), None, "{kind}");
        }
    }

    /// A download that never finishes and says (on `dropped`) when it is dropped, and on which thread.
    fn endless(dropped: Sender<String>) -> CatFuture {
        struct Guard(Sender<String>);
        impl Drop for Guard {
            fn drop(&mut self) {
                let _ = self.0.try_send(thread::current().name().unwrap_or("unnamed").to_owned());
            }
        }
        let guard = Guard(dropped);
        Box::pin(async move {
            let _guard = guard;
            future::pending().await
        })
    }

    /// A download that finishes at once, as a failure naming the thread that polled it.
    fn naming_its_thread() -> CatFuture {
        Box::pin(async {
            let name = thread::current().name().unwrap_or("unnamed").to_owned();
            Err(executor_failure(name, Instant::now()))
        })
    }

    /// Waits at most 5 s for the next message.
    fn next_within_5_s(messages: &channel::Receiver<String>) -> Option<String> {
        let deadline = smol::Timer::after(Duration::from_secs(5));
        smol::block_on(future::or(async { messages.recv().await.ok() }, async {
            deadline.await;
            None
        }))
    }

    /// Joins every thread of `threads` on a helper thread: did that finish within 5 s?
    fn joined_within_5_s(threads: Threads) -> bool {
        let (joined, done) = channel::bounded(1);
        thread::spawn(move || {
            threads.join();
            let _ = joined.try_send(String::new());
        });
        next_within_5_s(&done).is_some()
    }

    #[test]
    fn dropping_a_thread_handle_stops_the_download_on_its_thread_and_ends_the_thread() {
        let threads = Threads::new(2);
        let (dropped, drops) = channel::unbounded();
        {
            let mut handle = pin!(threads.spawn(endless(dropped)));
            // The first poll takes a permit and starts the thread; the download then waits forever.
            assert!(smol::block_on(future::poll_once(handle.as_mut())).is_none());
        }
        assert_eq!(next_within_5_s(&drops).as_deref(), Some("thread-1"), "dropped on its own thread");
        assert!(joined_within_5_s(threads), "the thread has ended");
    }

    #[test]
    fn a_thread_handle_dropped_before_its_thread_started_drops_the_download_at_once() {
        let threads = Threads::new(1);
        let (dropped, drops) = channel::unbounded();
        drop(threads.spawn(endless(dropped)));
        let here = thread::current().name().map(str::to_owned);
        assert_eq!(drops.try_recv().ok(), here, "never polled, dropped here");
        assert_eq!(threads.named.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn at_most_jobs_download_threads_exist_at_once_each_named() {
        let threads = Threads::new(2);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let cats: Vec<_> = (0..6)
            .map(|_| {
                let (running, most) = (running.clone(), most.clone());
                threads.spawn(Box::pin(async move {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    smol::Timer::after(Duration::from_millis(30)).await;
                    running.fetch_sub(1, Ordering::SeqCst);
                    Err(executor_failure(thread::current().name().unwrap_or("").to_owned(), Instant::now()))
                }))
            })
            .collect();
        let (slots, _) = smol::block_on(gather(cats, Policy::KeepGoing, future::pending()));
        assert_eq!(most.load(Ordering::SeqCst), 2);
        let mut names: Vec<String> = slots
            .into_iter()
            .map(|slot| match slot {
                Slot::Done(Err(failed)) => failed.error.to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        names.sort();
        assert_eq!(names, ["thread-1", "thread-2", "thread-3", "thread-4", "thread-5", "thread-6"]);
        assert!(joined_within_5_s(threads), "every thread has ended");
    }

    #[test]
    fn a_thread_the_os_refuses_is_a_failed_download_not_a_panic() {
        // A stack larger than any address space the OS will map.
        let threads = Threads { stack: 1 << 50, ..Threads::new(1) };
        let (dropped, drops) = channel::unbounded();
        let result = smol::block_on(threads.spawn(endless(dropped)));
        let failed = result.expect_err("no thread, no download");
        assert!(
            failed.error.to_string().starts_with("cannot start a thread for this download: "),
            "{failed:?}"
        );
        assert_eq!((failed.attempts, failed.status), (0, None));
        assert!(drops.try_recv().is_ok(), "the download was dropped, never run");
        // Its permit came back: the next download gets a thread.
        let threads = Threads { stack: THREAD_STACK, ..threads };
        let next = smol::block_on(threads.spawn(naming_its_thread())).unwrap_err();
        assert_eq!(next.error.to_string(), "thread-2");
    }

    #[test]
    fn a_panic_on_a_download_thread_reaches_whoever_awaits_it() {
        let threads = Threads::new(1);
        let handle = threads.spawn(Box::pin(async { panic!("a bug in a download") }));
        let panic = panic::catch_unwind(AssertUnwindSafe(|| smol::block_on(handle))).unwrap_err();
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"a bug in a download"));
    }

    #[cfg(feature = "tokio")]
    #[test]
    fn dropping_a_tokio_handle_aborts_the_task() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name_fn(|| "tokio-1".into())
            .build()
            .unwrap();
        let (dropped, drops) = channel::unbounded();
        let handle = AbortOnDrop(runtime.spawn(endless(dropped)));
        thread::sleep(Duration::from_millis(20)); // let the worker poll it once
        drop(handle);
        assert_eq!(next_within_5_s(&drops).as_deref(), Some("tokio-1"), "dropped by the runtime's worker");
    }

    #[cfg(feature = "tokio")]
    #[test]
    fn a_panic_in_a_tokio_task_reaches_whoever_awaits_it() {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let panic = panic::catch_unwind(AssertUnwindSafe(|| {
            runtime.block_on(AbortOnDrop(runtime.spawn(async { panic!("a bug in a download") })))
        }))
        .unwrap_err();
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"a bug in a download"));
    }
}
