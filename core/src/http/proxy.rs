//! Proxies as curl and wget take them from the environment: `http_proxy` for http URLs, `https_proxy` for
//! https, `all_proxy` for either when the other is not set, `no_proxy` for the hosts that go direct (each
//! also upper-case). Matching is hyper-util's (`client::proxy::matcher`), which follows curl's rules: a
//! `no_proxy` entry is a domain (its subdomains too), an IP address or a network (`10.0.0.0/8`), or `*`.
//!
//! Two rules of catfetch's own:
//! - **Loopback goes direct**, on top of the user's `no_proxy`: a proxy elsewhere cannot reach our own
//!   `127.0.0.1` (the built-in origin of `--demo`, a local server). Only a `no_proxy` that is set and empty
//!   (`no_proxy=`) lifts this: then every request goes through the proxy, loopback included.
//! - **A proxy setting that cannot be used is an error**, said before any request: a proxy URL that does
//!   not parse, one over https (TLS to the proxy itself) or SOCKS. Silently going direct would send the
//!   requests somewhere the user did not mean.
//!
//! An http URL goes to an HTTP proxy as one request in absolute form (`GET http://host/path`); an https URL
//! through a tunnel (`CONNECT host:443`), inside which TLS runs end to end with the server. Credentials in
//! the proxy URL (`http://user:pass@proxy:3128`) go in `Proxy-Authorization`, and only to the proxy.

use hyper::http::{HeaderValue, Uri};
use hyper_util::client::proxy::matcher::Matcher;
use surf::Url;

use crate::text;

/// The hosts that always go direct unless `no_proxy=` (set and empty) says otherwise.
const LOOPBACK: &str = "localhost,127.0.0.0/8,::1";

/// The proxies of the environment, read once per client.
pub(crate) struct Proxies {
    matcher: Matcher,
    /// The variables that set the proxy of http URLs and of https URLs, for messages.
    http_var: &'static str,
    https_var: &'static str,
}

/// The proxy a request goes through.
#[derive(Clone, Debug)]
pub(crate) struct Proxy {
    /// The proxy's host (brackets stripped from an IPv6 address).
    pub(crate) host: String,
    /// Its port (1080 if the URL gave none, as curl assumes).
    pub(crate) port: u16,
    /// `Basic ...` from the proxy URL's user name and password.
    pub(crate) authorization: Option<HeaderValue>,
    /// The variable that set it, for messages: `https_proxy`.
    pub(crate) var: &'static str,
}

impl Proxy {
    /// `the proxy 127.0.0.1:3128 (https_proxy)`: what messages show; never the credentials.
    pub(crate) fn shown(&self) -> String {
        format!("the proxy {} ({})", host_port(&self.host, self.port), self.var)
    }
}

/// `host:port`, with brackets around an IPv6 address.
pub(crate) fn host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

impl Proxies {
    /// The proxies the environment sets; an error (one line, for the user) if one cannot be used.
    pub(crate) fn from_env() -> Result<Proxies, String> {
        Proxies::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Proxies::from_env`] with the variables read through `var`.
    pub(crate) fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Proxies, String> {
        // The first of each pair that is set (and not empty), as hyper-util and curl read them.
        let first = |names: [&'static str; 2]| {
            names.into_iter().find_map(|name| var(name).filter(|v| !v.trim().is_empty()).map(|v| (name, v)))
        };
        let all = first(["ALL_PROXY", "all_proxy"]);
        let http = first(["HTTP_PROXY", "http_proxy"]);
        let https = first(["HTTPS_PROXY", "https_proxy"]);
        let mut builder = Matcher::builder();
        for (name, value) in [&all, &http, &https].into_iter().flatten() {
            check(name, value)?;
        }
        if let Some((_, value)) = &all {
            builder = builder.all(with_scheme(value));
        }
        if let Some((_, value)) = &http {
            builder = builder.http(with_scheme(value));
        }
        if let Some((_, value)) = &https {
            builder = builder.https(with_scheme(value));
        }
        let no = match ["NO_PROXY", "no_proxy"].into_iter().find_map(&var) {
            Some(list) if list.trim().is_empty() => String::new(),
            Some(list) => format!("{list},{LOOPBACK}"),
            None => LOOPBACK.to_owned(),
        };
        let name = |one: &Option<(&'static str, String)>| one.as_ref().map(|(name, _)| *name);
        Ok(Proxies {
            matcher: builder.no(no).build(),
            http_var: name(&http).or(name(&all)).unwrap_or("http_proxy"),
            https_var: name(&https).or(name(&all)).unwrap_or("https_proxy"),
        })
    }

    /// The proxy for `url`, if any.
    pub(crate) fn for_url(&self, url: &Url) -> Option<Proxy> {
        let uri: Uri = url.as_str().parse().ok()?;
        let intercept = self.matcher.intercept(&uri)?;
        let proxy = intercept.uri();
        let host = proxy.host()?.trim_start_matches('[').trim_end_matches(']').to_owned();
        let port = proxy.port_u16().unwrap_or(1080);
        let var = if url.scheme() == "https" { self.https_var } else { self.http_var };
        Some(Proxy { host, port, authorization: intercept.basic_auth().cloned(), var })
    }
}

/// `proxy:3128` means `http://proxy:3128`, as curl reads it.
fn with_scheme(value: &str) -> String {
    let value = value.trim();
    if value.contains("://") {
        value.to_owned()
    } else {
        format!("http://{value}")
    }
}

/// Fails with the sentence to show if the proxy `value` of variable `name` cannot be used.
fn check(name: &str, value: &str) -> Result<(), String> {
    let url = Url::parse(&with_scheme(value))
        .map_err(|e| format!("{name} is not a proxy URL ({e}): {}", text::hide_userinfo(value)))?;
    let shown = text::redacted(&url);
    match url.scheme() {
        "http" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        "http" => Err(format!("{name} names no proxy host: {shown}")),
        "https" => Err(format!(
            "{name}: a proxy reached over https is not supported, only http:// proxies ({shown})"
        )),
        scheme if scheme.starts_with("socks") => {
            Err(format!("{name}: SOCKS proxies are not supported, only http:// proxies ({shown})"))
        }
        scheme => Err(format!("{name}: unsupported proxy scheme {scheme:?}, only http:// proxies ({shown})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(vars: &[(&str, &str)]) -> Result<Proxies, String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Proxies::from_vars(move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    fn through(proxies: &Proxies, url: &str) -> Option<String> {
        proxies.for_url(&url.parse().unwrap()).map(|p| format!("{}:{} {}", p.host, p.port, p.var))
    }

    #[test]
    fn each_scheme_takes_its_variable_and_all_proxy_fills_in() {
        let p = proxies(&[("https_proxy", "http://secure:3128"), ("all_proxy", "fallback:8080")]).unwrap();
        assert_eq!(through(&p, "https://cataas.com/cat").as_deref(), Some("secure:3128 https_proxy"));
        assert_eq!(through(&p, "http://cataas.com/cat").as_deref(), Some("fallback:8080 all_proxy"));
        let upper = proxies(&[("HTTP_PROXY", "http://big:1")]).unwrap();
        assert_eq!(through(&upper, "http://cataas.com/").as_deref(), Some("big:1 HTTP_PROXY"));
        assert_eq!(through(&upper, "https://cataas.com/"), None);
        assert_eq!(through(&proxies(&[]).unwrap(), "https://cataas.com/"), None);
    }

    #[test]
    fn loopback_goes_direct_on_top_of_no_proxy_unless_no_proxy_is_set_and_empty() {
        let vars = [("http_proxy", "http://p:1"), ("https_proxy", "http://p:1")];
        let direct = proxies(&vars).unwrap();
        for url in ["http://127.0.0.1:8000/cat", "http://127.9.9.9/", "http://localhost/", "http://[::1]:80/"]
        {
            assert_eq!(through(&direct, url), None, "{url}");
        }
        let listed = proxies(&[vars[0], vars[1], ("no_proxy", " corp.example, 10.0.0.0/8")]).unwrap();
        for url in ["http://127.0.0.1/", "http://a.corp.example/", "https://10.1.2.3/"] {
            assert_eq!(through(&listed, url), None, "{url}");
        }
        assert!(through(&listed, "https://cataas.com/").is_some());
        let overridden = proxies(&[vars[0], vars[1], ("no_proxy", "")]).unwrap();
        assert_eq!(through(&overridden, "http://127.0.0.1:8000/cat").as_deref(), Some("p:1 http_proxy"));
        let everything = proxies(&[vars[0], ("NO_PROXY", "*")]).unwrap();
        assert_eq!(through(&everything, "http://cataas.com/"), None);
    }

    #[test]
    fn credentials_become_proxy_authorization_and_are_never_shown() {
        let p = proxies(&[("https_proxy", "http://user:s%40cret@p:3128")]).unwrap();
        let proxy = p.for_url(&"https://cataas.com/".parse().unwrap()).unwrap();
        // base64("user:s@cret")
        assert_eq!(proxy.authorization.as_ref().unwrap(), "Basic dXNlcjpzQGNyZXQ=");
        assert_eq!(proxy.shown(), "the proxy p:3128 (https_proxy)");
    }

    #[test]
    fn a_proxy_that_cannot_be_used_is_an_error_that_hides_its_password() {
        for (value, said) in [
            ("socks5://u:pw@p:1080", "https_proxy: SOCKS proxies are not supported"),
            ("https://u:pw@p:443", "https_proxy: a proxy reached over https is not supported"),
            ("ftp://p", "https_proxy: unsupported proxy scheme \"ftp\""),
            ("http://u:pw@[bad", "https_proxy is not a proxy URL"),
        ] {
            let error = proxies(&[("https_proxy", value)]).err().expect(value);
            assert!(error.starts_with(said), "{value}: {error}");
            assert!(!error.contains("pw"), "{value}: {error}");
        }
    }
}
