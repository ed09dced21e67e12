//! The trust store: the CA certificates that HTTPS servers are checked against, where they come from, and
//! what to tell the user when they cannot be loaded or there are none (`SSL_CERT_FILE=/dev/null`, a slim
//! container without ca-certificates).
//!
//! Where, as OpenSSL and curl look: `SSL_CERT_FILE` and `SSL_CERT_DIR` if set, else the bundle file and the
//! directory the `openssl-probe` crate finds in the system's usual places. What is read:
//! - the bundle file, always. One named by `SSL_CERT_FILE` must hold a certificate: a missing or empty one
//!   is an error that names it, never a silent fall-back to the system's bundle (OpenSSL and curl fail
//!   there too).
//! - the directory's hash-named files (`9d66eef0.0`, the only ones OpenSSL looks at), when `SSL_CERT_DIR`
//!   names it or no bundle was found. A system directory beside a system bundle is skipped: on Debian and
//!   its kin both are made by `update-ca-certificates` from the same certificates, and reading a hundred
//!   and more small files would only cost start-up time.
//!
//! The store is read once per client, on the first HTTPS connection and on the blocking pool (`engine.rs`):
//! a run against a plain-HTTP origin never reads it.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rustls::RootCertStore;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

/// How every trust-store error ends: the two fixes that work.
const FIX: &str = "install ca-certificates, or point SSL_CERT_FILE at a PEM bundle";

/// Where the CA certificates are to be found.
#[derive(Debug)]
pub(super) struct TrustStore {
    /// The bundle file.
    file: Option<Place>,
    /// The directory of hash-named certificates.
    dir: Option<Place>,
}

/// The certificates read from a [`TrustStore`], and a description of where they came from for messages.
#[derive(Debug)]
pub(super) struct Loaded {
    /// The certificates, as rustls checks servers against them.
    pub(super) roots: RootCertStore,
    /// `SSL_CERT_FILE="/tmp/ca.pem" (1 certificate)`: for an error about a server's certificate.
    pub(super) described: String,
}

/// A file or directory of the trust store, and the variable that named it, if one did.
#[derive(Debug)]
struct Place {
    path: PathBuf,
    var: Option<&'static str>,
}

impl Place {
    /// `SSL_CERT_FILE="/dev/null"`, or just `"/etc/ssl/certs"`. Quoted and escaped (`Debug`): a path from
    /// the environment may hold anything, control characters included.
    fn shown(&self) -> String {
        match self.var {
            Some(var) => format!("{var}={:?}", self.path),
            None => format!("{:?}", self.path),
        }
    }
}

impl TrustStore {
    /// The store as the environment and the system have it now.
    pub(super) fn find() -> TrustStore {
        let named = |var: &str| std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from);
        let probe = openssl_probe::probe();
        let file = match named("SSL_CERT_FILE") {
            Some(path) => Some(Place { path, var: Some("SSL_CERT_FILE") }),
            None => probe.cert_file.map(|path| Place { path, var: None }),
        };
        let dir = match named("SSL_CERT_DIR") {
            Some(path) => Some(Place { path, var: Some("SSL_CERT_DIR") }),
            None => probe.cert_dir.map(|path| Place { path, var: None }),
        };
        TrustStore::new(file, dir)
    }

    fn new(file: Option<Place>, dir: Option<Place>) -> TrustStore {
        TrustStore { file, dir }
    }

    /// Reads the certificates (blocking: call it on the blocking pool). Fails with the sentence to show
    /// when a named bundle cannot be loaded or no certificate was found anywhere.
    pub(super) fn load(&self) -> Result<Loaded, String> {
        let mut roots = RootCertStore::empty();
        let mut from = Vec::new();
        if let Some(file) = &self.file {
            let read = fs::read(&file.path).map(|pem| add_pem(&mut roots, &pem)).unwrap_or(0);
            if read == 0 && file.var.is_some() {
                return Err(self.unloadable());
            }
            if read > 0 {
                from.push(format!("{} ({})", file.shown(), certificates(read)));
            }
        }
        if let Some(dir) = self.dir.as_ref().filter(|dir| dir.var.is_some() || roots.is_empty()) {
            let read = add_dir(&mut roots, &dir.path);
            if read > 0 {
                from.push(format!("{} ({})", dir.shown(), certificates(read)));
            }
        }
        if roots.is_empty() {
            return Err(self.empty());
        }
        Ok(Loaded { roots, described: from.join(" and ") })
    }

    /// The sentence for a bundle named by `SSL_CERT_FILE` that gave no certificate.
    fn unloadable(&self) -> String {
        let from = match &self.file {
            Some(file) => format!("from {} ({})", file.shown(), file_problem(&file.path)),
            None => format!("({})", self.looked_at()),
        };
        format!("TLS: the trust store could not be loaded {from}; {FIX}")
    }

    /// The sentence for a store that holds no certificate at all: then no server can be verified, and "the
    /// certificate did not verify" would blame the server.
    fn empty(&self) -> String {
        format!("TLS: the trust store is empty ({}); {FIX}", self.looked_at())
    }

    /// What the store was looked for in, and what is wrong with each place.
    fn looked_at(&self) -> String {
        let file = match &self.file {
            Some(file) => format!("{}: {}", file.shown(), file_problem(&file.path)),
            None => "SSL_CERT_FILE is not set and no CA bundle is installed".to_owned(),
        };
        match &self.dir {
            Some(dir) => match dir_problem(&dir.path) {
                Some(problem) => format!("{file}; {}: {problem}", dir.shown()),
                None => file,
            },
            None => file,
        }
    }
}

/// "1 certificate", "140 certificates".
fn certificates(n: usize) -> String {
    if n == 1 {
        "1 certificate".to_owned()
    } else {
        format!("{n} certificates")
    }
}

/// Adds every certificate of a PEM bundle that can be read; returns how many.
fn add_pem(roots: &mut RootCertStore, pem: &[u8]) -> usize {
    let certs = CertificateDer::pem_slice_iter(pem).filter_map(Result::ok);
    roots.add_parsable_certificates(certs).0
}

/// Adds the certificates of the directory's hash-named files; returns how many.
fn add_dir(roots: &mut RootCertStore, dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .filter(|entry| is_hash_name(&entry.file_name()))
        .filter_map(|entry| fs::read(entry.path()).ok())
        .map(|pem| add_pem(roots, &pem))
        .sum()
}

/// Why no certificate could be read from the bundle at `path`.
fn file_problem(path: &Path) -> String {
    if path.is_dir() {
        return "it is a directory".to_owned();
    }
    match fs::read(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => "no such file".to_owned(),
        Err(e) => e.to_string(),
        Ok(bytes) if !has_pem_certificate(&bytes) => "it holds no PEM certificate".to_owned(),
        Ok(bytes) if add_pem(&mut RootCertStore::empty(), &bytes) == 0 => {
            // It has the look of a bundle, yet no certificate in it could be read: damaged.
            "its certificates could not be read (damaged PEM or DER)".to_owned()
        }
        Ok(_) => "readable".to_owned(),
    }
}

/// Does `bytes` hold a PEM certificate, in any of the labels OpenSSL reads as one?
fn has_pem_certificate(bytes: &[u8]) -> bool {
    let labels: [&[u8]; 3] = [
        b"-----BEGIN CERTIFICATE-----",
        b"-----BEGIN TRUSTED CERTIFICATE-----",
        b"-----BEGIN X509 CERTIFICATE-----",
    ];
    labels.iter().any(|label| bytes.windows(label.len()).any(|window| window == *label))
}

/// `None` if the directory at `path` holds a hash-named file (OpenSSL looks a certificate up by the hash
/// of its subject, in a file named like `9d66eef0.0`: other files are not seen at all), else what is wrong.
fn dir_problem(path: &Path) -> Option<String> {
    match fs::read_dir(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Some("no such directory".to_owned()),
        Err(e) => Some(e.to_string()),
        Ok(mut entries) => {
            let found = entries.any(|entry| entry.is_ok_and(|entry| is_hash_name(&entry.file_name())));
            (!found).then(|| {
                "no certificate in it (OpenSSL looks for hash-named files like 9d66eef0.0)".to_owned()
            })
        }
    }
}

/// `9d66eef0.0`: eight hex digits, a dot, a number.
fn is_hash_name(name: &OsStr) -> bool {
    let Some(name) = name.to_str() else { return false };
    let Some((hash, n)) = name.split_once('.') else { return false };
    hash.len() == 8
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real certificate (expired long ago: reading a trust store checks no dates, only the handshake does).
    const CERT: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBlDCCATugAwIBAgIUDWry/glnCumKb4dM5WDh3Ye5eUgwCgYIKoZIzj0EAwIw\n\
IDEeMBwGA1UEAwwVY2F0ZmV0Y2ggdW5pdCB0ZXN0IENBMB4XDTI2MTIwNzIyMTI0\n\
MloXDTI2MTIwODIyMTI0MlowIDEeMBwGA1UEAwwVY2F0ZmV0Y2ggdW5pdCB0ZXN0\n\
IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEh99OT6MqSeTjpM4buMquRkV5\n\
06Vf6nF92HPa2dIsuC1fm7omEuf1hxNot7AvH332jjVLB+YP14gGGLSa1OQkeKNT\n\
MFEwHQYDVR0OBBYEFDBbHMllntzncMqt7bULd7OKwbrZMB8GA1UdIwQYMBaAFDBb\n\
HMllntzncMqt7bULd7OKwbrZMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID\n\
RwAwRAIgagEkP3lC47VKyzIyxRmlJPmp8ygsX0LjilT5oKv+X1cCIEEi3937hayT\n\
XE8QX19iKNTASWg+ytxRj3vkAqM/2vHf\n\
-----END CERTIFICATE-----\n\
";
    /// The look of a certificate, but not one.
    const DAMAGED: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    fn named(path: &Path, var: &'static str) -> Option<Place> {
        Some(Place { path: path.to_path_buf(), var: Some(var) })
    }

    fn found(path: &Path) -> Option<Place> {
        Some(Place { path: path.to_path_buf(), var: None })
    }

    #[test]
    fn a_named_bundle_that_gives_no_certificate_is_named_with_its_variable_and_the_reason() {
        let tmp = tempfile::tempdir().unwrap();
        let empty = tmp.path().join("empty.pem");
        fs::write(&empty, "").unwrap();
        let damaged = tmp.path().join("damaged.pem");
        fs::write(&damaged, DAMAGED).unwrap();
        let hashed = tmp.path().join("hashed");
        fs::create_dir(&hashed).unwrap();
        fs::write(hashed.join("9d66eef0.0"), CERT).unwrap();
        for (path, reason) in [
            (Path::new("/dev/null"), "it holds no PEM certificate"),
            (empty.as_path(), "it holds no PEM certificate"),
            (&tmp.path().join("missing.pem"), "no such file"),
            (tmp.path(), "it is a directory"),
            (&damaged, "its certificates could not be read (damaged PEM or DER)"),
        ] {
            // Even with a good directory beside it: the file the user named must load.
            let message = TrustStore::new(named(path, "SSL_CERT_FILE"), found(&hashed)).load().unwrap_err();
            assert_eq!(
                message,
                format!(
                    "TLS: the trust store could not be loaded from SSL_CERT_FILE={path:?} ({reason}); {FIX}"
                )
            );
        }
    }

    #[test]
    fn a_store_with_no_certificate_anywhere_is_empty_and_says_where_it_looked() {
        let tmp = tempfile::tempdir().unwrap();
        let message = TrustStore::new(None, named(tmp.path(), "SSL_CERT_DIR")).load().unwrap_err();
        assert!(message.starts_with("TLS: the trust store is empty (SSL_CERT_FILE is not set"), "{message}");
        assert!(
            message.contains(&format!("SSL_CERT_DIR={:?}: no certificate in it", tmp.path())),
            "{message}"
        );
        assert!(message.ends_with(FIX), "{message}");

        // A slim container: nothing set, nothing installed.
        let message = TrustStore::new(None, None).load().unwrap_err();
        let looked = "SSL_CERT_FILE is not set and no CA bundle is installed";
        assert_eq!(message, format!("TLS: the trust store is empty ({looked}); {FIX}"));
    }

    #[test]
    fn certificates_load_from_the_bundle_and_from_the_hash_named_files_of_a_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let bundle = tmp.path().join("bundle.pem");
        fs::write(&bundle, format!("# a comment\n{CERT}{DAMAGED}")).unwrap();
        let loaded = TrustStore::new(named(&bundle, "SSL_CERT_FILE"), None).load().unwrap();
        assert_eq!(loaded.roots.len(), 1);
        assert_eq!(loaded.described, format!("SSL_CERT_FILE={bundle:?} (1 certificate)"));

        let hashed = tmp.path().join("hashed");
        fs::create_dir(&hashed).unwrap();
        fs::write(hashed.join("README"), CERT).unwrap();
        let message = TrustStore::new(None, found(&hashed)).load().unwrap_err();
        assert!(message.contains("no certificate in it"), "only hash-named files count: {message}");
        fs::write(hashed.join("9d66eef0.0"), CERT).unwrap();
        let loaded = TrustStore::new(found(Path::new("/dev/null")), found(&hashed)).load().unwrap();
        assert_eq!(loaded.described, format!("{hashed:?} (1 certificate)"));
    }

    #[test]
    fn a_system_directory_beside_a_system_bundle_is_not_read_but_a_named_one_is() {
        let tmp = tempfile::tempdir().unwrap();
        let bundle = tmp.path().join("bundle.pem");
        fs::write(&bundle, CERT).unwrap();
        let hashed = tmp.path().join("hashed");
        fs::create_dir(&hashed).unwrap();
        fs::write(hashed.join("9d66eef0.0"), CERT).unwrap();
        let system = TrustStore::new(found(&bundle), found(&hashed)).load().unwrap();
        assert_eq!(system.described, format!("{bundle:?} (1 certificate)"));
        let named_dir = TrustStore::new(found(&bundle), named(&hashed, "SSL_CERT_DIR")).load().unwrap();
        assert_eq!(
            named_dir.described,
            format!("{bundle:?} (1 certificate) and SSL_CERT_DIR={hashed:?} (1 certificate)")
        );
    }

    #[test]
    fn a_path_with_control_characters_is_shown_escaped() {
        let message =
            TrustStore::new(named(Path::new("/tmp/\x1b[31mred"), "SSL_CERT_FILE"), None).load().unwrap_err();
        assert!(!message.contains('\x1b'), "{message:?}");
        assert!(message.contains(r"\u{1b}[31mred"), "{message:?}");
    }

    #[test]
    fn hash_names_are_eight_hex_digits_a_dot_and_a_number() {
        for (name, is) in [
            ("9d66eef0.0", true),
            ("9D66EEF0.12", true),
            ("9d66eef0.r0", false),
            ("ca.pem", false),
            ("9d66eef.0", false),
        ] {
            assert_eq!(is_hash_name(OsStr::new(name)), is, "{name}");
        }
    }
}
