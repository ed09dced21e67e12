//! The bytes under hyper: a TCP stream registered with async-io's reactor, plain or inside TLS (rustls),
//! seen through hyper's own I/O traits (`hyper::rt::Read` and `Write`).
//!
//! Whoever polls hyper's futures makes these reads and writes, on that thread: the download's task for a
//! connection it drives itself, the connection's task where one is spawned (`engine.rs`). async-io's reactor
//! only says when a socket is ready; it never reads one.
//!
//! Two details matter for speed, each for a reason hyper's stock adapters (smol-hyper's `FuturesIo`) do not
//! cover:
//! - **Reads go straight into hyper's buffer.** A plain socket is read with `recv(2)` into the buffer's
//!   unfilled, uninitialised part, so nothing is zeroed first. (TLS hands over plaintext through a
//!   `&mut [u8]`, so there the part one read may fill is zeroed once, never the whole spare buffer.)
//! - **A read budget.** The h2 crate sends what it has queued (new requests, window updates that let the
//!   server send more) only when a read of the socket returns `Pending`. A socket that always has data
//!   never does, on a reactor that, like async-io's, never forces it: after [`READ_BUDGET`] reads in a row
//!   this stream says `Pending` once (and wakes its task at once), so queued frames go out. The cost is one
//!   extra poll per budget of reads.

use std::io::{self, IoSlice};
use std::mem::MaybeUninit;
use std::net::TcpStream;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use async_io::Async;
use futures_lite::{AsyncRead, AsyncWrite};
use hyper::rt::ReadBufCursor;

/// Reads in a row that a stream serves before it yields once (see the module docs).
const READ_BUDGET: u32 = 32;

/// The most bytes one TLS read may hand over: the part of hyper's buffer zeroed for it. Several TLS records,
/// and no more than hyper asks of a plain socket at a time.
const TLS_READ: usize = 64 * 1024;

/// A connection's byte stream: TCP, or TLS over TCP. (Through an HTTP proxy's tunnel it is the same: the
/// TCP stream then leads to the proxy, which relays it.)
pub(crate) struct Stream {
    kind: Kind,
    /// Reads served since the last `Pending`.
    reads_in_a_row: u32,
    /// Did TLS agree on HTTP/2 (ALPN)?
    h2: bool,
}

enum Kind {
    Tcp(Async<TcpStream>),
    Tls(Box<futures_rustls::client::TlsStream<Async<TcpStream>>>),
}

impl Stream {
    /// A plain TCP stream.
    pub(crate) fn tcp(tcp: Async<TcpStream>) -> Stream {
        Stream { kind: Kind::Tcp(tcp), reads_in_a_row: 0, h2: false }
    }

    /// A TLS stream whose handshake is done.
    pub(crate) fn tls(tls: futures_rustls::client::TlsStream<Async<TcpStream>>) -> Stream {
        let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
        Stream { kind: Kind::Tls(Box::new(tls)), reads_in_a_row: 0, h2 }
    }

    /// Did the server agree to speak HTTP/2 (by ALPN, so over TLS only)?
    pub(crate) fn is_h2(&self) -> bool {
        self.h2
    }

    /// One read into `buf`'s unfilled part, without the budget.
    fn read(&mut self, cx: &mut Context<'_>, buf: &mut ReadBufCursor<'_>) -> Poll<io::Result<()>> {
        match &mut self.kind {
            Kind::Tcp(tcp) => loop {
                // SAFETY: `recv` only writes into the slice (never de-initialises a byte), and we advance
                // the cursor by exactly the bytes it reports written.
                let unfilled: &mut [MaybeUninit<u8>] = unsafe { buf.as_mut() };
                match socket2::SockRef::from(tcp.get_ref()).recv(unfilled) {
                    Ok(n) => {
                        // SAFETY: `recv` initialised the first `n` bytes of the unfilled part.
                        unsafe { buf.advance(n) };
                        return Poll::Ready(Ok(()));
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => ready!(tcp.poll_readable(cx))?,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Poll::Ready(Err(e)),
                }
            },
            Kind::Tls(tls) => {
                let want = buf.remaining().min(TLS_READ);
                let n = ready!(Pin::new(&mut **tls).poll_read(cx, buf.initialize_unfilled_to(want)))?;
                // SAFETY: `initialize_unfilled_to` initialised `want` >= `n` bytes, and the read wrote `n`.
                unsafe { buf.advance(n) };
                Poll::Ready(Ok(()))
            }
        }
    }

    fn writer(&mut self) -> Pin<&mut (dyn AsyncWrite + Send + Unpin)> {
        match &mut self.kind {
            Kind::Tcp(tcp) => Pin::new(tcp),
            Kind::Tls(tls) => Pin::new(&mut **tls),
        }
    }
}

impl hyper::rt::Read for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.reads_in_a_row >= READ_BUDGET {
            this.reads_in_a_row = 0;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        match this.read(cx, &mut buf) {
            Poll::Pending => {
                this.reads_in_a_row = 0;
                Poll::Pending
            }
            ready => {
                this.reads_in_a_row += 1;
                ready
            }
        }
    }
}

impl hyper::rt::Write for Stream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.get_mut().writer().poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.get_mut().writer().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        // async-io writes a vector with one `writev(2)`; futures-rustls encrypts every slice of it at once.
        true
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().writer().poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().writer().poll_close(cx)
    }
}
