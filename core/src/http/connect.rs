//! From a URL to a connected stream: the name resolved, every address tried in turn, an HTTP proxy's tunnel
//! where one is set, TLS.
//!
//! - **Names** are resolved on the blocking pool (`getaddrinfo` blocks; the polling thread must not), unless
//!   the name is an address already or `--resolve` pins it, as curl's option of that name does.
//! - **Addresses** are tried one after another, alternating IPv6 and IPv4 (RFC 8305's order, without its
//!   racing), so a host whose first address is dead is still reached: each try gets an equal share of what
//!   is left of the connect timeout, so a dead address that never answers cannot use it all up.
//! - **TLS** is rustls, offering HTTP/2 and HTTP/1.1 by ALPN, checked against the trust store (`trust.rs`),
//!   which is read on the first HTTPS connection only.

use std::io;
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_io::{Async, Timer};
use futures_lite::{future, AsyncReadExt, AsyncWriteExt};
use rustls_pki_types::ServerName;
use surf::Url;

use super::failure::{self, Failure};
use super::proxy::{host_port, Proxies, Proxy};
use super::stream::Stream;
use super::trust::TrustStore;
use super::Pinned;
use crate::error::CatError;

/// The longest answer to `CONNECT` a proxy may send before its tunnel opens.
const MAX_TUNNEL_HEAD: usize = 16 * 1024;

/// Where a request goes: scheme, host, port.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) https: bool,
    /// The host, without brackets around an IPv6 address.
    pub(crate) host: String,
    pub(crate) port: u16,
}

impl Target {
    /// The target of `url`, which must be http or https with a host.
    pub(crate) fn of(url: &Url) -> Result<Target, Failure> {
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            other => return Err(Failure(CatError::Internal(format!("cannot fetch a {other}: URL")))),
        };
        let host = match url.host() {
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            Some(host) => host.to_string(),
            None => return Err(Failure(CatError::Internal("the URL names no host".into()))),
        };
        let port = url.port_or_known_default().unwrap_or(if https { 443 } else { 80 });
        Ok(Target { https, host, port })
    }

    /// `host:port`, as messages show it.
    pub(crate) fn peer(&self) -> String {
        host_port(&self.host, self.port)
    }

    /// `host`, or `host:port` when the port is not the scheme's own: HTTP/1.1's Host.
    pub(crate) fn authority(&self) -> String {
        let default = if self.https { 443 } else { 80 };
        match (self.port == default, self.host.contains(':')) {
            (true, true) => format!("[{}]", self.host),
            (true, false) => self.host.clone(),
            (false, _) => self.peer(),
        }
    }
}

/// TLS settings, made once the trust store has been read.
struct Tls {
    config: Arc<rustls::ClientConfig>,
    /// Where the trusted certificates came from, for a certificate error.
    described: String,
}

/// Opens connections: what every connection of a client shares.
pub(crate) struct Dialer {
    proxies: Proxies,
    pinned: Vec<Pinned>,
    /// The longest a connection may take (every address tried, a proxy's tunnel, TLS).
    timeout: Duration,
    tls: async_lock::OnceCell<Result<Tls, String>>,
}

impl Dialer {
    pub(crate) fn new(proxies: Proxies, pinned: Vec<Pinned>, timeout: Duration) -> Dialer {
        Dialer { proxies, pinned, timeout, tls: async_lock::OnceCell::new() }
    }

    /// The proxy a request to `url` goes through, if any.
    pub(crate) fn proxy_for(&self, url: &Url) -> Option<Proxy> {
        self.proxies.for_url(url)
    }

    /// A stream to `target`, through `proxy` if given, with TLS for https.
    pub(crate) async fn dial(&self, target: &Target, proxy: Option<&Proxy>) -> Result<Stream, Failure> {
        let deadline = Instant::now() + self.timeout;
        // The trust store first: if it cannot be loaded, nothing is sent anywhere.
        let tls = match target.https {
            true => Some(self.tls().await?),
            false => None,
        };
        let tcp = match proxy {
            None => {
                self.connect(&target.host, target.port, deadline).await.map_err(|e| e.into_failure(None))?
            }
            Some(proxy) => {
                let tcp = self.connect(&proxy.host, proxy.port, deadline).await;
                let tcp = tcp.map_err(|e| e.into_failure(Some(proxy)))?;
                if target.https {
                    tunnel(tcp, target, proxy).await?
                } else {
                    tcp
                }
            }
        };
        let Some(tls) = tls else { return Ok(Stream::tcp(tcp)) };
        let name = ServerName::try_from(target.host.clone())
            .map_err(|_| Failure(CatError::Tls(format!("TLS: {:?} is not a host name", target.host))))?;
        let connector = futures_rustls::TlsConnector::from(tls.config.clone());
        match connector.connect(name, tcp).await {
            Ok(stream) => Ok(Stream::tls(stream)),
            Err(error) => Err(failure::tls(&error, target, &tls.described)),
        }
    }

    /// The TLS settings, reading the trust store on first use (on the blocking pool).
    async fn tls(&self) -> Result<&Tls, Failure> {
        let tls = self
            .tls
            .get_or_init(|| async {
                blocking::unblock(|| {
                    let loaded = TrustStore::find().load()?;
                    // ring's provider offers no post-quantum key exchange, which is why rustls deprecates
                    // it; aws-lc-rs's does, at the price of cmake and a long C build for every newcomer.
                    // For cat pictures, classical key exchange (X25519, P-256) is the better trade.
                    #[allow(deprecated)]
                    let provider = Arc::new(rustls::crypto::ring::default_provider());
                    let mut config = rustls::ClientConfig::builder_with_provider(provider)
                        .with_safe_default_protocol_versions()
                        .map_err(|e| format!("TLS cannot be set up: {e}"))?
                        .with_root_certificates(loaded.roots)
                        .with_no_client_auth();
                    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
                    Ok(Tls { config: Arc::new(config), described: loaded.described })
                })
                .await
            })
            .await;
        tls.as_ref().map_err(|message| Failure(CatError::Tls(message.clone())))
    }

    /// A TCP connection to `host:port`: each of its addresses in turn, until `deadline`.
    async fn connect(
        &self,
        host: &str,
        port: u16,
        deadline: Instant,
    ) -> Result<Async<TcpStream>, ConnectError> {
        let peer = host_port(host, port);
        let addresses =
            self.resolve(host, port).await.map_err(|()| ConnectError::Resolve(host.to_owned()))?;
        let count = addresses.len();
        let mut last = None;
        for (i, address) in addresses.into_iter().enumerate() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            let share = left / (count - i) as u32;
            let attempt = future::or(async { Some(Async::<TcpStream>::connect(address).await) }, async {
                Timer::after(share).await;
                None
            });
            match attempt.await {
                Some(Ok(stream)) => {
                    // Requests are small and sent whole: no reason to hold one back for a fuller packet.
                    let _ = stream.get_ref().set_nodelay(true);
                    return Ok(stream);
                }
                Some(Err(error)) => last = Some(Err(error)),
                None => last = Some(Ok(share)),
            }
        }
        Err(ConnectError::Failed { peer, count, last })
    }

    /// The addresses of `host`, in the order to try them.
    async fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ()> {
        if let Some(pinned) =
            self.pinned.iter().find(|pin| pin.port == port && pin.host.eq_ignore_ascii_case(host))
        {
            return Ok(pinned.addresses.iter().map(|ip| SocketAddr::new(*ip, port)).collect());
        }
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        let host = host.to_owned();
        let found =
            blocking::unblock(move || (host.as_str(), port).to_socket_addrs().map(Vec::from_iter)).await;
        match found {
            Ok(addresses) if !addresses.is_empty() => Ok(interleaved(addresses)),
            _ => Err(()),
        }
    }
}

/// `addresses` with IPv6 and IPv4 alternating, starting with the family of the first (the system's
/// preference): RFC 8305, section 4.
fn interleaved(addresses: Vec<SocketAddr>) -> Vec<SocketAddr> {
    let first_v6 = addresses.first().is_some_and(SocketAddr::is_ipv6);
    let (mut first, mut second): (Vec<_>, Vec<_>) =
        addresses.into_iter().partition(|a| a.is_ipv6() == first_v6);
    let mut out = Vec::with_capacity(first.len() + second.len());
    first.reverse();
    second.reverse();
    loop {
        match (first.pop(), second.pop()) {
            (None, None) => return out,
            (a, b) => out.extend(a.into_iter().chain(b)),
        }
    }
}

/// Why no TCP connection could be made.
enum ConnectError {
    /// The name did not resolve.
    Resolve(String),
    /// Every address failed: the last one's error, or the share of the timeout it used up.
    Failed { peer: String, count: usize, last: Option<Result<Duration, io::Error>> },
}

impl ConnectError {
    fn into_failure(self, proxy: Option<&Proxy>) -> Failure {
        let error = match (self, proxy) {
            (ConnectError::Resolve(host), None) => CatError::Resolve { host },
            (ConnectError::Resolve(_), Some(proxy)) => {
                CatError::Connect(format!("cannot resolve the host name of {}", proxy.shown()))
            }
            (ConnectError::Failed { peer, count, last }, proxy) => {
                let tried = if count > 1 { format!(", {count} addresses tried") } else { String::new() };
                let refused = matches!(&last, Some(Err(error)) if failure::is_refusal(error));
                let why = match &last {
                    Some(Ok(_)) | None => format!("no answer in time{tried}"),
                    Some(Err(error)) => format!("{}{tried}", failure::io_clause(error)),
                };
                match proxy {
                    Some(proxy) => CatError::Connect(format!("cannot connect to {}: {why}", proxy.shown())),
                    None if refused => CatError::Unreachable { host_port: peer },
                    None => CatError::Connect(format!("cannot connect to {peer}: {why}")),
                }
            }
        };
        Failure(error)
    }
}

/// Opens a tunnel through `proxy` to `target` (`CONNECT host:port`); returns the stream, which now leads
/// to the target.
async fn tunnel(
    mut tcp: Async<TcpStream>,
    target: &Target,
    proxy: &Proxy,
) -> Result<Async<TcpStream>, Failure> {
    let peer = target.peer();
    let mut request = format!("CONNECT {peer} HTTP/1.1\r\nHost: {peer}\r\n");
    if let Some(authorization) = &proxy.authorization {
        request.push_str("Proxy-Authorization: ");
        request.push_str(authorization.to_str().unwrap_or_default());
        request.push_str("\r\n");
    }
    request.push_str("User-Agent: ");
    request.push_str(super::USER_AGENT);
    request.push_str("\r\n\r\n");
    let broke = |e: io::Error| {
        Failure(CatError::Connect(format!(
            "{} broke the tunnel to {peer}: {}",
            proxy.shown(),
            failure::io_clause(&e)
        )))
    };
    tcp.write_all(request.as_bytes()).await.map_err(broke)?;
    let mut head = Vec::new();
    let mut buf = [0; 1024];
    let end = loop {
        let n = tcp.read(&mut buf).await.map_err(broke)?;
        if n == 0 {
            return Err(broke(io::ErrorKind::UnexpectedEof.into()));
        }
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if head.len() > MAX_TUNNEL_HEAD {
            return Err(Failure(CatError::Proxy(format!(
                "{} sent an endless answer to CONNECT",
                proxy.shown()
            ))));
        }
    };
    let status_line = String::from_utf8_lossy(&head[..head.iter().position(|&b| b == b'\r').unwrap_or(0)]);
    let mut words = status_line.split_whitespace();
    let code = match (words.next(), words.next().and_then(|c| c.parse::<u16>().ok())) {
        (Some(version), Some(code)) if version.starts_with("HTTP/1.") => code,
        _ => {
            return Err(Failure(CatError::Proxy(format!(
                "{} answered CONNECT with something that is not HTTP",
                proxy.shown()
            ))))
        }
    };
    if !(200..300).contains(&code) {
        let reason =
            http_client::http_types::StatusCode::try_from(code).map(|s| s.canonical_reason()).unwrap_or("");
        let said = format!("{} refused the tunnel to {peer}: HTTP {code} {reason}", proxy.shown());
        let said = said.trim_end().to_owned();
        // A proxy that is overloaded or cannot reach the server may do better later; one that refuses
        // (407: credentials, 403: not allowed) will refuse again.
        return Err(Failure(if code >= 500 { CatError::Connect(said) } else { CatError::Proxy(said) }));
    }
    if end != head.len() {
        return Err(Failure(CatError::Proxy(format!(
            "{} sent bytes of its own after opening the tunnel",
            proxy.shown()
        ))));
    }
    Ok(tcp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_alternate_starting_with_the_first() {
        let a = |s: &str| -> SocketAddr { s.parse().unwrap() };
        let given = vec![a("[::1]:1"), a("[::2]:1"), a("[::3]:1"), a("10.0.0.1:1"), a("10.0.0.2:1")];
        let want = vec![a("[::1]:1"), a("10.0.0.1:1"), a("[::2]:1"), a("10.0.0.2:1"), a("[::3]:1")];
        assert_eq!(interleaved(given), want);
        let v4_first = vec![a("10.0.0.1:1"), a("[::1]:1")];
        assert_eq!(interleaved(v4_first.clone()), v4_first);
    }

    #[test]
    fn the_host_header_names_the_port_only_when_it_is_not_the_default() {
        let t = |url: &str| Target::of(&url.parse().unwrap()).unwrap().authority();
        assert_eq!(t("https://cataas.com/cat"), "cataas.com");
        assert_eq!(t("http://127.0.0.1:8000/cat"), "127.0.0.1:8000");
        assert_eq!(t("http://[::1]/cat"), "[::1]");
        assert_eq!(t("https://[::1]:8443/cat"), "[::1]:8443");
    }
}
