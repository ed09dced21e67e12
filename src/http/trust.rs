//! The trust store: the CA certificates libcurl checks HTTPS servers against, and what to tell the user
//! when it cannot be loaded or holds none (`SSL_CERT_FILE=/dev/null`, a slim container without
//! ca-certificates).
//!
//! The `curl` crate tells libcurl where they are, once per process, with `openssl_probe`: `SSL_CERT_FILE`
//! and `SSL_CERT_DIR` if they name something that exists, else the first bundle file and directory found
//! in the usual system places. We run the same probe, for two reasons:
//! - To say which file failed, and why. libcurl's verdict reaches us as a bare code (77: the bundle could
//!   not be loaded; 60: the server's certificate did not verify), and a 60 with nothing to verify against
//!   would read as the server's fault.
//! - An `SSL_CERT_FILE` naming a file that does not exist is skipped by the probe, which then trusts the
//!   system's bundle instead, silently. OpenSSL and the curl tool fail in that case, and so do we: the file
//!   goes to libcurl as named (`CURLOPT_CAINFO`), so a missing one is an error that names it.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// How every trust-store error ends: the two fixes that work.
const FIX: &str = "install ca-certificates, or point SSL_CERT_FILE at a PEM bundle";

/// Where libcurl finds the CA certificates it trusts.
#[derive(Debug)]
pub(super) struct TrustStore {
    /// The bundle file (`CURLOPT_CAINFO`).
    file: Option<Place>,
    /// The directory of hash-named certificates (`CURLOPT_CAPATH`).
    dir: Option<Place>,
    /// `Some(what was looked at)` if the store holds no certificate; found out on first need, as it reads
    /// the whole bundle.
    emptiness: OnceLock<Option<String>>,
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
    /// The store libcurl will use, as the environment and the system have it now.
    pub(super) fn find() -> TrustStore {
        let named = |var: &str| std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from);
        let probe = openssl_probe::probe();
        let file = match named("SSL_CERT_FILE") {
            Some(path) => Some(Place { path, var: Some("SSL_CERT_FILE") }),
            None => probe.cert_file.map(|path| Place { path, var: None }),
        };
        let dir_var = named("SSL_CERT_DIR");
        let dir = probe.cert_dir.map(|path| {
            let var = (dir_var.as_ref() == Some(&path)).then_some("SSL_CERT_DIR");
            Place { path, var }
        });
        TrustStore::new(file, dir)
    }

    fn new(file: Option<Place>, dir: Option<Place>) -> TrustStore {
        TrustStore { file, dir, emptiness: OnceLock::new() }
    }

    /// The bundle that libcurl must be given explicitly: the one `SSL_CERT_FILE` names. (The probe's own
    /// finds, libcurl already has.)
    pub(super) fn named_file(&self) -> Option<&Path> {
        self.file.as_ref().filter(|file| file.var.is_some()).map(|file| file.path.as_path())
    }

    /// The sentence for libcurl's error 77: the bundle could not be loaded.
    pub(super) fn unloadable(&self) -> String {
        let from = match &self.file {
            Some(file) => format!("from {} ({})", file.shown(), file_problem(&file.path)),
            None => format!("({})", self.looked_at()),
        };
        format!("TLS: the trust store could not be loaded {from}; {FIX}")
    }

    /// The sentence for libcurl's error 60 if the store holds no certificate at all: then no server can be
    /// verified, and "the certificate did not verify" would blame the server.
    pub(super) fn empty(&self) -> Option<String> {
        let looked = self.emptiness.get_or_init(|| {
            let file_holds = self.file.as_ref().is_some_and(|file| holds_certificate(&file.path));
            let dir_holds = self.dir.as_ref().is_some_and(|dir| dir_problem(&dir.path).is_none());
            (!file_holds && !dir_holds).then(|| self.looked_at())
        });
        looked.as_ref().map(|looked| format!("TLS: the trust store is empty ({looked}); {FIX}"))
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

/// Why OpenSSL could not load the bundle at `path`.
fn file_problem(path: &Path) -> String {
    if path.is_dir() {
        return "it is a directory".to_owned();
    }
    match fs::read(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => "no such file".to_owned(),
        Err(e) => e.to_string(),
        Ok(bytes) if !has_pem_certificate(&bytes) => "it holds no PEM certificate".to_owned(),
        // It has the look of a bundle, yet OpenSSL refused it: a damaged certificate in it.
        Ok(_) => "OpenSSL could not read the certificates in it".to_owned(),
    }
}

/// Does the bundle at `path` hold at least one certificate?
fn holds_certificate(path: &Path) -> bool {
    fs::read(path).is_ok_and(|bytes| has_pem_certificate(&bytes))
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

/// `None` if the directory at `path` holds a certificate OpenSSL can find, else what is wrong. OpenSSL looks
/// a certificate up by the hash of its subject, in a file named like `9d66eef0.0`: other files are not
/// seen at all.
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

    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    fn named(path: &Path, var: &'static str) -> Option<Place> {
        Some(Place { path: path.to_path_buf(), var: Some(var) })
    }

    fn found(path: &Path) -> Option<Place> {
        Some(Place { path: path.to_path_buf(), var: None })
    }

    #[test]
    fn a_bundle_that_cannot_be_loaded_is_named_with_its_variable_and_the_reason() {
        let tmp = tempfile::tempdir().unwrap();
        let empty = tmp.path().join("empty.pem");
        fs::write(&empty, "").unwrap();
        let damaged = tmp.path().join("damaged.pem");
        fs::write(&damaged, CERT).unwrap();
        for (path, reason) in [
            (Path::new("/dev/null"), "it holds no PEM certificate"),
            (empty.as_path(), "it holds no PEM certificate"),
            (&tmp.path().join("missing.pem"), "no such file"),
            (tmp.path(), "it is a directory"),
            (&damaged, "OpenSSL could not read the certificates in it"),
        ] {
            let message = TrustStore::new(named(path, "SSL_CERT_FILE"), None).unloadable();
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
        let store = TrustStore::new(None, named(tmp.path(), "SSL_CERT_DIR"));
        let message = store.empty().expect("empty");
        assert!(message.starts_with("TLS: the trust store is empty (SSL_CERT_FILE is not set"), "{message}");
        assert!(
            message.contains(&format!("SSL_CERT_DIR={:?}: no certificate in it", tmp.path())),
            "{message}"
        );
        assert!(message.ends_with(FIX), "{message}");

        // A slim container: nothing set, nothing installed.
        let message = TrustStore::new(None, None).empty().expect("empty");
        let looked = "SSL_CERT_FILE is not set and no CA bundle is installed";
        assert_eq!(message, format!("TLS: the trust store is empty ({looked}); {FIX}"));
    }

    #[test]
    fn a_certificate_in_the_bundle_or_the_directory_makes_the_store_not_empty() {
        let tmp = tempfile::tempdir().unwrap();
        let bundle = tmp.path().join("bundle.pem");
        fs::write(&bundle, format!("# a comment\n{CERT}")).unwrap();
        assert_eq!(TrustStore::new(found(&bundle), found(tmp.path())).empty(), None);

        let hashed = tmp.path().join("hashed");
        fs::create_dir(&hashed).unwrap();
        fs::write(hashed.join("README"), "not a certificate").unwrap();
        assert!(TrustStore::new(None, found(&hashed)).empty().is_some(), "only hash-named files count");
        fs::write(hashed.join("9d66eef0.0"), CERT).unwrap();
        assert_eq!(TrustStore::new(found(Path::new("/dev/null")), found(&hashed)).empty(), None);
    }

    #[test]
    fn only_ssl_cert_file_is_handed_to_libcurl() {
        let path = Path::new("/nowhere/ca.pem");
        assert_eq!(TrustStore::new(named(path, "SSL_CERT_FILE"), None).named_file(), Some(path));
        assert_eq!(TrustStore::new(found(path), None).named_file(), None);
    }

    #[test]
    fn a_path_with_control_characters_is_shown_escaped() {
        let message =
            TrustStore::new(named(Path::new("/tmp/\x1b[31mred"), "SSL_CERT_FILE"), None).unloadable();
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
