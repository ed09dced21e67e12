//! catfetch's own HTTP engine (src/http/), seen from outside: the real binary against test servers that count
//! what a user cannot see, the connections.
//!
//! What is tested, and why each matters:
//! - **HTTP/2 multiplexing.** On the executors that have tasks (smol, local, tokio, tokio-current), every
//!   download to an origin shares one HTTP/2 connection: one TCP connection and one TLS handshake for twenty
//!   cats, all twenty requests in flight on it at once. A regression here still saves every cat, just
//!   slower and with twenty connections: only the origin's count shows it.
//! - **Who drives a connection.** On `join`, `sequential` and `threads` each download drives a connection of
//!   its own, one request at a time, and a finished download's connection goes back to the pool for the
//!   next; over HTTP/1.1 every executor keeps its connections alive and reuses them. Without the pool every
//!   cat would cost a connection (and over HTTPS a handshake).
//! - **Proxies**, through a proxy the tests start (`support/proxy.rs`): http URLs as absolute-form GETs
//!   with the proxy's credentials, https URLs through a `CONNECT` tunnel with TLS end to end, a refused
//!   tunnel in one line and not retried (a 5xx one retried), loopback direct unless `no_proxy=` (set and
//!   empty) says otherwise, an unusable setting a usage error before any request. Passwords never shown.
//! - **Addresses in turn** (`--resolve HOST:PORT:ADDR,ADDR`): a first address that refuses, one that never
//!   answers (a black hole: it may use only its share of `--timeout`), an IPv6 one where the origin listens
//!   on IPv4 only; and when every address refuses, one line naming the host and port.
//! - **Trust**: `SSL_CERT_DIR` with the CA under its OpenSSL subject-hash name, and a certificate error that
//!   names the trust store, so the user knows which file or directory to fix.
//!
//! Every wait is bounded: the runner kills a catfetch that outlives its limit, and the servers stop on drop.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::{
    catfetch, every_executor, jpeg_seeded, Answer, H2Origin, H2Route, Origin, Protocol, Proxy, ProxyRequest,
    Route, Run, TestCa,
};

/// Every cat of these tests: one picture, so that each file can be compared with it byte for byte.
fn picture() -> Vec<u8> {
    jpeg_seeded(40_000, 7)
}

/// How long the slow origins take to answer each request: long enough that the requests of one run are
/// all in flight together, whatever the machine's load (every bound below is on counts, never on this).
const DELAY: Duration = Duration::from_millis(300);

/// An HTTP/2 origin whose `/cat` answers [`picture`] after `delay`.
fn h2_origin(ca: &TestCa, delay: Duration) -> H2Origin {
    H2Origin::start(ca, vec![H2Route::new("/cat", "image/jpeg", picture()).after(delay)])
}

/// An HTTP/1.1 origin whose `/cat` answers [`picture`] after `delay`.
fn h1_origin(delay: Duration) -> Origin {
    let answer = Answer::image("image/jpeg", picture());
    let answer = if delay.is_zero() { answer } else { Answer::slow(delay, answer) };
    Origin::start(vec![Route::always("/cat", answer)])
}

/// The files `n` cats are saved as: `0.jpg`.. or, from 11 on, zero-padded so they sort.
fn cat_names(n: usize) -> Vec<String> {
    let width = (n - 1).to_string().len();
    (0..n).map(|i| format!("{i:0width$}.jpg")).collect()
}

/// The run saved exactly `n` cats, each [`picture`] byte for byte, and left nothing else in `cats/`
/// (hidden temp files included).
fn assert_cats_whole(run: &Run, n: usize, context: &str) {
    let names = cat_names(n);
    assert_eq!(run.files("cats"), names, "{context}: exactly the cats, nothing left over:\n{run}");
    for name in &names {
        assert!(
            run.read(&format!("cats/{name}")) == picture(),
            "{context}: cats/{name} is not the picture sent"
        );
    }
}

/// The run saved nothing and left nothing behind.
fn assert_no_cats(run: &Run, context: &str) {
    assert!(run.files("cats").is_empty(), "{context}: left behind {:?}:\n{run}", run.files("cats"));
}

/// The lines of stderr about cat `i`: a failure is exactly one of them.
fn lines_about_cat(run: &Run, i: usize) -> Vec<&str> {
    let prefix = format!("catfetch: cat {i} ");
    run.stderr.lines().filter(|line| line.starts_with(&prefix)).collect()
}

// ---------------------------------------------------------------------------------------------------------
// HTTP/2: one shared connection where there are tasks, one connection per download where there are none.

/// The executors on which downloads share one HTTP/2 connection driven by tasks of its own.
const SHARING: [&str; 4] = ["smol", "local", "tokio", "tokio-current"];

/// Twenty cats at once from an HTTP/2 origin answering each after `delay`, on the default executor (`None`)
/// and on each executor of this build that has tasks: the origin, and the run, for each.
fn twenty_at_once_on_every_sharing_executor(
    ca: &TestCa,
    delay: Duration,
) -> Vec<(&'static str, H2Origin, Run)> {
    let mut executors = vec![None];
    executors.extend(every_executor().into_iter().filter(|e| SHARING.contains(e)).map(Some));
    executors
        .into_iter()
        .map(|executor| {
            let origin = h2_origin(ca, delay);
            let mut cmd = catfetch()
                .args(["--url", &origin.url("/cat"), "-n", "20", "-j", "20"])
                .env("SSL_CERT_FILE", ca.ca_pem_path());
            if let Some(executor) = executor {
                cmd = cmd.args(["--executor", executor]);
            }
            let run = cmd.run();
            run.assert_code(0);
            let name = executor.unwrap_or("the default executor");
            assert_cats_whole(&run, 20, name);
            (name, origin, run)
        })
        .collect()
}

#[test]
fn on_executors_with_tasks_twenty_downloads_share_one_http2_connection() {
    let ca = TestCa::new("catfetch engine test CA");
    // 100 ms: all twenty are under way before the first answer, so any that opened a connection of its own
    // would show.
    for (name, origin, _run) in twenty_at_once_on_every_sharing_executor(&ca, Duration::from_millis(100)) {
        let connections = origin.connections();
        assert_eq!(connections.len(), 1, "{name}: one TCP connection for all twenty: {connections:?}");
        assert_eq!(connections[0].protocol, Some(Protocol::H2), "{name}: {connections:?}");
        assert_eq!(connections[0].requests, 20, "{name}: {connections:?}");
    }
}

#[test]
fn on_executors_with_tasks_the_downloads_sharing_an_http2_connection_are_all_in_flight_at_once() {
    let ca = TestCa::new("catfetch engine test CA");
    for (name, origin, run) in twenty_at_once_on_every_sharing_executor(&ca, DELAY) {
        let connections = origin.connections();
        // All twenty wait out the same 300 ms together: the peak is twenty unless the machine is very slow
        // to start them. Ten is far above what one request at a time could ever show (one).
        let peak = connections.iter().map(|c| c.peak_in_flight).max().unwrap_or(0);
        assert!(peak >= 10, "{name}: not multiplexed: {connections:?} in {:?}", run.elapsed);
    }
}

#[test]
fn on_executors_with_tasks_an_https_origin_without_http2_gets_every_download_at_once() {
    let ca = TestCa::new("catfetch engine test CA");
    // The scripted origin speaks HTTPS with HTTP/1.1 only (by ALPN): no sharing, a connection per download.
    let answer = Answer::slow(DELAY, Answer::image("image/jpeg", picture()));
    let origin = Origin::start_tls(vec![Route::always("/cat", answer)], &ca);
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "4", "-j", "4"])
        .env("SSL_CERT_FILE", ca.ca_pem_path())
        .run();
    run.assert_code(0);
    assert_cats_whole(&run, 4, "HTTPS over HTTP/1.1");
    assert_eq!(origin.accepted(), 4, "a connection per download");
    assert_eq!(origin.max_in_flight("/cat"), 4, "the four together: {run}");
}

#[test]
fn without_tasks_each_download_drives_an_http2_connection_of_its_own_and_the_pool_reuses_it() {
    let ca = TestCa::new("catfetch engine test CA");
    // Six cats, three at a time: the first three open a connection each (they start together, the pool
    // empty); the next three find those idle in the pool. One at a time (`sequential`): one connection.
    for (executor, connections_expected) in [("join", 3), ("threads", 3), ("sequential", 1)] {
        let origin = h2_origin(&ca, DELAY);
        let run = catfetch()
            .args(["--url", &origin.url("/cat"), "-n", "6", "-j", "3", "--executor", executor])
            .env("SSL_CERT_FILE", ca.ca_pem_path())
            .run();
        run.assert_code(0);
        assert_cats_whole(&run, 6, executor);
        let connections = origin.connections();
        assert_eq!(connections.len(), connections_expected, "{executor}: {connections:?}");
        for connection in &connections {
            assert_eq!(connection.protocol, Some(Protocol::H2), "{executor}: {connections:?}");
            assert_eq!(
                connection.peak_in_flight, 1,
                "{executor}: one download per connection: {connections:?}"
            );
        }
        assert_eq!(origin.requests(), 6, "{executor}: one request per cat");
    }
}

#[test]
fn over_http_1_1_every_executor_keeps_its_connections_alive_and_reuses_them() {
    // Eight cats, two at a time, each answer 100 ms late: the first two open a connection each, and the
    // three rounds after them reuse those two.
    for executor in every_executor() {
        let origin = h1_origin(Duration::from_millis(100));
        let run = catfetch()
            .args(["--url", &origin.url("/cat"), "-n", "8", "-j", "2", "--executor", executor])
            .run();
        run.assert_code(0);
        assert_cats_whole(&run, 8, executor);
        assert_eq!(origin.hits("/cat"), 8, "{executor}: one request per cat");
        let expected = if executor == "sequential" { 1 } else { 2 };
        assert_eq!(origin.accepted(), expected, "{executor}: connections opened for 8 cats, 2 at a time");
        assert!(origin.max_in_flight("/cat") <= 2, "{executor}: more than -j 2 at once");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Proxies.

const PROXY_USER: &str = "cat";
const PROXY_PASSWORD: &str = "pr0xy-s3cret";
/// base64("cat:pr0xy-s3cret")
const PROXY_BASIC: &str = "Basic Y2F0OnByMHh5LXMzY3JldA==";

/// Nothing the run printed holds `password`.
fn assert_not_shown(run: &Run, password: &str) {
    assert!(!run.stdout.contains(password) && !run.stderr.contains(password), "password shown:\n{run}");
}

#[test]
fn http_cats_go_through_the_proxy_as_absolute_form_gets_carrying_its_credentials() {
    let origin = h1_origin(Duration::ZERO);
    let proxy = Proxy::requiring(PROXY_BASIC);
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "3", "-v", "--json"])
        .env("http_proxy", proxy.url_with_credentials(PROXY_USER, PROXY_PASSWORD))
        .env("no_proxy", "")
        .run();
    run.assert_code(0);
    assert_cats_whole(&run, 3, "through the proxy");
    // The proxy closes after each answer: three requests, each on a connection of its own.
    let sent = ProxyRequest {
        line: format!("GET {} HTTP/1.1", origin.url("/cat")),
        authorization: Some(PROXY_BASIC.to_owned()),
    };
    assert_eq!(proxy.requests(), vec![sent; 3]);
    // And the origin got them from the proxy, as catfetch wrote them.
    assert_eq!(origin.hits("/cat"), 3);
    let agent = format!("catfetch/{}", env!("CARGO_PKG_VERSION"));
    for request in origin.requests() {
        assert_eq!(request.header("user-agent"), Some(agent.as_str()), "{request:?}");
        assert_eq!(request.header("host"), Some(format!("127.0.0.1:{}", origin.port()).as_str()));
    }
    assert_not_shown(&run, PROXY_PASSWORD);
}

#[test]
fn an_http_cat_refused_by_the_proxy_with_407_fails_once_and_shows_no_password() {
    let origin = h1_origin(Duration::ZERO);
    let proxy = Proxy::requiring(PROXY_BASIC);
    let wrong = "wr0ng-guess";
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "1", "-v"])
        .env("http_proxy", proxy.url_with_credentials(PROXY_USER, wrong))
        .env("no_proxy", "")
        .run();
    run.assert_code(1);
    let expected =
        format!("catfetch: cat 0 ({}): HTTP 407 Proxy Authentication Required", origin.url("/cat"));
    assert_eq!(lines_about_cat(&run, 0), [expected.as_str()], "{run}");
    // base64("cat:wr0ng-guess"): sent to the proxy, and only once (a 4xx is not retried).
    let sent = ProxyRequest {
        line: format!("GET {} HTTP/1.1", origin.url("/cat")),
        authorization: Some("Basic Y2F0OndyMG5nLWd1ZXNz".to_owned()),
    };
    assert_eq!(proxy.requests(), [sent]);
    assert_eq!(origin.accepted(), 0, "the proxy forwarded nothing");
    assert_no_cats(&run, "refused by the proxy");
    assert_not_shown(&run, wrong);
}

#[test]
fn https_cats_go_through_a_connect_tunnel_with_tls_end_to_end() {
    let ca = TestCa::new("catfetch engine test CA");
    // On smol the downloads share one HTTP/2 connection, so one tunnel; on join each drives its own, and
    // with two at a time, two tunnels, reused for the next cats like any pooled connection.
    for (executor, tunnels) in [("smol", 1), ("join", 2)] {
        let origin = h2_origin(&ca, Duration::from_millis(200));
        let proxy = Proxy::requiring(PROXY_BASIC);
        let run = catfetch()
            .args(["--url", &origin.url("/cat"), "-n", "4", "-j", "2", "--executor", executor])
            .env("https_proxy", proxy.url_with_credentials(PROXY_USER, PROXY_PASSWORD))
            .env("no_proxy", "")
            .env("SSL_CERT_FILE", ca.ca_pem_path())
            .run();
        run.assert_code(0);
        assert_cats_whole(&run, 4, executor);
        let sent = ProxyRequest {
            line: format!("CONNECT 127.0.0.1:{} HTTP/1.1", origin.port()),
            authorization: Some(PROXY_BASIC.to_owned()),
        };
        assert_eq!(proxy.requests(), vec![sent; tunnels], "{executor}");
        // The origin saw the tunnels' TLS, and HTTP/2 in it: the proxy only relayed bytes.
        let connections = origin.connections();
        assert_eq!(connections.len(), tunnels, "{executor}: {connections:?}");
        assert!(connections.iter().all(|c| c.protocol == Some(Protocol::H2)), "{executor}: {connections:?}");
        assert_eq!(origin.requests(), 4, "{executor}");
        assert_not_shown(&run, PROXY_PASSWORD);
    }
}

#[test]
fn a_tunnel_refused_with_407_fails_the_cat_in_one_line_and_is_not_retried() {
    let ca = TestCa::new("catfetch engine test CA");
    let origin = h2_origin(&ca, Duration::ZERO);
    let proxy = Proxy::requiring(PROXY_BASIC);
    // The proxy URL without credentials: the tunnel is refused.
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "1"])
        .env("https_proxy", proxy.url())
        .env("no_proxy", "")
        .env("SSL_CERT_FILE", ca.ca_pem_path())
        .run();
    run.assert_code(1);
    let expected = format!(
        "catfetch: cat 0 ({}): the proxy 127.0.0.1:{} (https_proxy) refused the tunnel to 127.0.0.1:{}: \
         HTTP 407 Proxy Authentication Required",
        origin.url("/cat"),
        proxy.port(),
        origin.port()
    );
    assert_eq!(lines_about_cat(&run, 0), [expected.as_str()], "{run}");
    assert!(!run.stderr.contains("retrying"), "{run}");
    let sent =
        ProxyRequest { line: format!("CONNECT 127.0.0.1:{} HTTP/1.1", origin.port()), authorization: None };
    assert_eq!(proxy.requests(), [sent], "one CONNECT: a refusal is not retried");
    assert_eq!(origin.accepted(), 0, "no tunnel, so nothing reached the origin");
    assert_no_cats(&run, "tunnel refused");
}

#[test]
fn a_tunnel_failed_with_a_5xx_is_retried() {
    let ca = TestCa::new("catfetch engine test CA");
    let origin = h2_origin(&ca, Duration::ZERO);
    let proxy = Proxy::refusing(502);
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "1", "--retries", "1", "-v"])
        .env("https_proxy", proxy.url())
        .env("no_proxy", "")
        .env("SSL_CERT_FILE", ca.ca_pem_path())
        .run();
    run.assert_code(1);
    let said = format!("refused the tunnel to 127.0.0.1:{}: HTTP 502 Bad Gateway", origin.port());
    assert!(run.stderr.contains(&said), "{run}");
    assert!(run.stderr.contains("retrying"), "{run}");
    // The first attempt and its one retry.
    let connect = format!("CONNECT 127.0.0.1:{} HTTP/1.1", origin.port());
    assert_eq!(proxy.lines(), [connect.clone(), connect]);
    assert_eq!(origin.accepted(), 0);
    assert_no_cats(&run, "tunnel failed");
}

#[test]
fn without_no_proxy_loopback_goes_direct_even_with_a_live_proxy_set() {
    let ca = TestCa::new("catfetch engine test CA");
    let proxy = Proxy::start();
    let plain = h1_origin(Duration::ZERO);
    let secure = h2_origin(&ca, Duration::ZERO);
    // By address and by name: 127.0.0.1, and localhost (which may resolve to ::1 first: also loopback).
    for url in
        [plain.url("/cat"), plain.localhost_url("/cat"), secure.url("/cat"), secure.localhost_url("/cat")]
    {
        let run = catfetch()
            .args(["--url", &url, "-n", "2"])
            .env("http_proxy", proxy.url())
            .env("https_proxy", proxy.url())
            .env("ALL_PROXY", proxy.url())
            .env("SSL_CERT_FILE", ca.ca_pem_path())
            .run();
        run.assert_code(0);
        assert_cats_whole(&run, 2, &url);
    }
    assert_eq!(plain.hits("/cat"), 4);
    assert_eq!(secure.hits("/cat"), 4);
    assert_eq!(proxy.accepted(), 0, "the proxy saw nothing: {:?}", proxy.lines());
}

#[test]
fn a_proxy_setting_that_cannot_be_used_is_a_usage_error_before_any_request() {
    let origin = h1_origin(Duration::ZERO);
    // A live proxy behind each setting: had catfetch tried it anyway, it would have counted a connection.
    let proxy = Proxy::start();
    let port = proxy.port();
    for (var, value, expected) in [
        (
            "https_proxy",
            format!("socks5://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:{port}"),
            format!(
                "catfetch: https_proxy: SOCKS proxies are not supported, only http:// proxies \
                 (socks5://{PROXY_USER}:***@127.0.0.1:{port})"
            ),
        ),
        (
            "http_proxy",
            format!("https://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:{port}"),
            format!(
                "catfetch: http_proxy: a proxy reached over https is not supported, only http:// proxies \
                 (https://{PROXY_USER}:***@127.0.0.1:{port}/)"
            ),
        ),
        (
            "ALL_PROXY",
            format!("http://{PROXY_USER}:{PROXY_PASSWORD}@[127.0.0.1:{port}"),
            "catfetch: ALL_PROXY is not a proxy URL (".to_owned(),
        ),
    ] {
        let run = catfetch()
            .args(["--url", &origin.url("/cat"), "-n", "1"])
            .env(var, &value)
            .env("no_proxy", "")
            .run();
        run.assert_code(2);
        assert_eq!(run.stderr.lines().count(), 1, "{var}={value}: one line:\n{run}");
        assert!(run.stderr.starts_with(&expected), "{var}={value}: expected {expected:?}:\n{run}");
        assert_not_shown(&run, PROXY_PASSWORD);
        assert_no_cats(&run, var);
    }
    assert_eq!((origin.accepted(), proxy.accepted()), (0, 0), "nothing was requested anywhere");
}

// ---------------------------------------------------------------------------------------------------------
// Addresses in turn.

/// `--resolve cat.test:PORT:ADDRESSES` and the URL of `/cat` by that name, for `port`.
fn pinned(port: u16, addresses: &str) -> [String; 4] {
    [
        "--url".to_owned(),
        format!("http://cat.test:{port}/cat"),
        "--resolve".to_owned(),
        format!("cat.test:{port}:{addresses}"),
    ]
}

#[test]
fn a_first_address_that_refuses_is_skipped_for_the_next_ipv6_or_not() {
    // 127.0.0.2 is loopback on Linux, but the origin listens on 127.0.0.1 only: a refusal. [::1] refuses
    // too where IPv6 is up (the origin listens on IPv4 only), and fails at once where it is not.
    for first in ["127.0.0.2", "[::1]"] {
        let origin = h1_origin(Duration::ZERO);
        let port = origin.port();
        if first == "127.0.0.2" && cfg!(target_os = "linux") {
            let refused =
                TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 2], port)), Duration::from_secs(2));
            assert!(refused.is_err(), "something listens on 127.0.0.2:{port}: the test proves nothing");
        }
        let run = catfetch()
            .args(pinned(port, &format!("{first},127.0.0.1")))
            .args(["-n", "1", "--retries", "0", "--timeout", "60"])
            .run();
        run.assert_code(0);
        assert_cats_whole(&run, 1, first);
        assert_eq!(origin.accepted(), 1, "{first}");
        let host = format!("cat.test:{port}");
        assert_eq!(
            origin.requests()[0].header("host"),
            Some(host.as_str()),
            "the URL's name, not the address"
        );
        // A refusal is immediate: nothing close to the timeout was spent on the first address.
        assert!(run.elapsed < Duration::from_secs(15), "{first}: {run}");
    }
}

/// A listener whose accept queue is full, so that the kernel drops every further SYN: a connect to it is
/// neither accepted nor refused, it waits (retransmitting its SYN) until the client gives up. This is
/// what a host that is down behind a firewall looks like, made on loopback.
///
/// How: on Linux a listener with backlog 0 queues one connection; the `filler` takes that place and is
/// never accepted. [`BlackHole::on`] proves it: a probe connect must time out, else the test fails rather
/// than prove nothing.
#[cfg(target_os = "linux")]
struct BlackHole {
    _listener: socket2::Socket,
    _filler: TcpStream,
}

#[cfg(target_os = "linux")]
impl BlackHole {
    fn on(address: SocketAddr) -> BlackHole {
        use socket2::{Domain, Socket, Type};
        let listener = Socket::new(Domain::IPV4, Type::STREAM, None).expect("a socket");
        listener.bind(&address.into()).unwrap_or_else(|e| panic!("bind {address}: {e}"));
        listener.listen(0).expect("listen with backlog 0");
        let filler =
            TcpStream::connect_timeout(&address, Duration::from_secs(2)).expect("the one queued connection");
        match TcpStream::connect_timeout(&address, Duration::from_millis(500)) {
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            other => panic!("{address} is no black hole on this machine: a connect gave {other:?}"),
        }
        BlackHole { _listener: listener, _filler: filler }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_first_address_that_never_answers_costs_only_its_share_of_the_timeout() {
    let origin = h1_origin(Duration::ZERO);
    let port = origin.port();
    let _hole = BlackHole::on(SocketAddr::from(([127, 0, 0, 3], port)));
    // Two addresses and --timeout 4: the silent first one may take half, 2 s; then 127.0.0.1 answers.
    let run = catfetch()
        .args(pinned(port, "127.0.0.3,127.0.0.1"))
        .args(["-n", "1", "--retries", "0", "--timeout", "4"])
        .run();
    run.assert_code(0);
    assert_cats_whole(&run, 1, "after a black hole");
    assert_eq!(origin.accepted(), 1);
    // It did wait on the black hole (so the test is what it says), and not for ever. Coarse bounds.
    assert!(run.elapsed >= Duration::from_millis(1500), "the first address was not tried? {run}");
    assert!(run.elapsed < Duration::from_secs(15), "{run}");
}

#[test]
fn when_every_address_refuses_the_cat_fails_in_one_line_naming_the_host_and_port() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    }; // closed again: nothing listens there now
    let run =
        catfetch().args(pinned(port, "127.0.0.2,[::1],127.0.0.1")).args(["-n", "1", "--retries", "0"]).run();
    run.assert_code(1);
    let expected = format!(
        "catfetch: cat 0 (http://cat.test:{port}/cat): cannot connect to cat.test:{port} \
         (connection refused or host unreachable)"
    );
    assert_eq!(lines_about_cat(&run, 0), [expected.as_str()], "{run}");
    assert_no_cats(&run, "every address refused");
}

// ---------------------------------------------------------------------------------------------------------
// Trust.

/// The name OpenSSL looks `ca.pem` up by in a certificate directory: its subject hash, `.0`. From the
/// `openssl x509 -hash` command where there is one; else any eight hex digits do, since catfetch reads
/// every `XXXXXXXX.N` file of the directory (it does not look certificates up by hash).
fn hash_name(ca_pem: &Path) -> String {
    let hashed = Command::new("openssl").args(["x509", "-hash", "-noout", "-in"]).arg(ca_pem).output();
    let hash = hashed
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|hash| hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    format!("{}.0", hash.as_deref().unwrap_or("ca7ca7ca"))
}

#[test]
fn a_ca_in_ssl_cert_dir_under_its_subject_hash_name_is_trusted_and_under_another_name_is_not() {
    let ca = TestCa::new("catfetch engine test CA in a directory");
    let origin = h2_origin(&ca, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let with_dir = || {
        catfetch()
            .args(["--url", &origin.url("/cat"), "-n", "2"])
            .env("SSL_CERT_DIR", dir.path())
            .env_remove("SSL_CERT_FILE")
            .run()
    };

    // Under a name OpenSSL never looks at: not in the trust store (which may still hold the system's CAs).
    std::fs::copy(ca.ca_pem_path(), dir.path().join("test-ca.pem")).unwrap();
    let run = with_dir();
    run.assert_code(1);
    assert!(
        lines_about_cat(&run, 0).iter().chain(&lines_about_cat(&run, 1)).any(|l| l.contains("TLS")),
        "{run}"
    );
    assert_no_cats(&run, "CA under another name");
    assert_eq!(origin.requests(), 0, "nothing may be requested over an unchecked connection");

    std::fs::copy(ca.ca_pem_path(), dir.path().join(hash_name(ca.ca_pem_path()))).unwrap();
    let run = with_dir();
    run.assert_code(0);
    assert_cats_whole(&run, 2, "CA under its hash name");
    assert_eq!(origin.requests(), 2);
}

#[test]
fn an_untrusted_server_is_refused_in_one_line_that_names_the_trust_store() {
    let trusted = TestCa::new("the CA catfetch trusts");
    let stranger = TestCa::new("a CA nobody trusts");
    let origin = h2_origin(&stranger, Duration::ZERO);
    let url = origin.url("/cat");
    let refused = format!(
        "TLS with 127.0.0.1:{} failed: the server's certificate is not signed by a CA in the trust store",
        origin.port()
    );

    // Only the file: the environment may name a directory too (SSL_CERT_DIR=/etc/ssl/certs), which would be
    // named beside it.
    let run = catfetch()
        .args(["--url", &url, "-n", "1"])
        .env("SSL_CERT_FILE", trusted.ca_pem_path())
        .env_remove("SSL_CERT_DIR")
        .run();
    run.assert_code(1);
    let expected = format!(
        "catfetch: cat 0 ({url}): {refused} (SSL_CERT_FILE={:?} (1 certificate))",
        trusted.ca_pem_path()
    );
    assert_eq!(lines_about_cat(&run, 0), [expected.as_str()], "{run}");
    assert_no_cats(&run, "SSL_CERT_FILE");

    // The same through a directory: it is named, with its count. (The system's bundle, if there is one, is
    // named before it.)
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(trusted.ca_pem_path(), dir.path().join(hash_name(trusted.ca_pem_path()))).unwrap();
    let run = catfetch()
        .args(["--url", &url, "-n", "1"])
        .env("SSL_CERT_DIR", dir.path())
        .env_remove("SSL_CERT_FILE")
        .run();
    run.assert_code(1);
    let lines = lines_about_cat(&run, 0);
    assert_eq!(lines.len(), 1, "{run}");
    assert!(lines[0].starts_with(&format!("catfetch: cat 0 ({url}): {refused} (")), "{run}");
    assert!(lines[0].ends_with(&format!("SSL_CERT_DIR={:?} (1 certificate))", dir.path())), "{run}");
    assert_no_cats(&run, "SSL_CERT_DIR");

    // One handshake per run: a certificate refusal is not retried, and nothing was requested.
    assert_eq!((origin.accepted(), origin.requests()), (2, 0));
}
