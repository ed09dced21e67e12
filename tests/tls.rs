//! HTTPS, as cataas.com serves it: a certificate from a CA we trust is accepted (here a throwaway test CA,
//! trusted through `SSL_CERT_FILE`), anything else is refused, and a refusal is not retried.

use std::ffi::OsStr;
use std::path::Path;

use crate::support::{catfetch, jpeg, Answer, Origin, Route, Run, TestCa};

#[test]
fn https_works_with_a_trusted_certificate() {
    let ca = TestCa::new("catfetch test CA");
    let origin =
        Origin::start_tls(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(50_000)))], &ca);
    assert!(origin.url("/cat").starts_with("https://"));
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "3"])
        .env("SSL_CERT_FILE", ca.ca_pem_path())
        .run();
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.jpg", "1.jpg", "2.jpg"]);
    assert_eq!(run.read("cats/2.jpg"), jpeg(50_000));
}

#[test]
fn https_by_host_name_works_too() {
    let ca = TestCa::new("catfetch test CA");
    let origin = Origin::start_tls(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(500)))], &ca);
    let run = catfetch()
        .args(["--url", &origin.localhost_url("/cat"), "-n", "1"])
        .env("SSL_CERT_FILE", ca.ca_pem_path())
        .run();
    run.assert_code(0);
}

#[test]
fn an_untrusted_certificate_is_refused_and_not_retried() {
    let trusted = TestCa::new("the CA we trust");
    let stranger = TestCa::new("a CA nobody trusts");
    let origin =
        Origin::start_tls(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(500)))], &stranger);
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "1"])
        .env("SSL_CERT_FILE", trusted.ca_pem_path())
        .run();
    run.assert_code(1);
    assert!(run.stderr.contains("TLS"), "{run}");
    assert!(run.stderr.contains("certificate"), "{run}");
    assert!(!run.stderr.contains("retrying"), "{run}");
    assert_eq!(origin.hits("/cat"), 0, "no request may cross an untrusted connection");
    assert!(run.files("cats").is_empty());
}

/// One HTTPS cat from an origin signed by a fresh test CA, with `env` set for catfetch: the trust store
/// under test. Checks what every failure promises: exit 1, one error line, no file, no leftovers, nothing
/// requested, no retry, never "unknown error".
fn https_cat_failing_with(env: &[(&str, &OsStr)]) -> Run {
    let ca = TestCa::new("catfetch test CA");
    let origin = Origin::start_tls(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(500)))], &ca);
    let mut cmd = catfetch().args(["--url", &origin.url("/cat"), "-n", "1"]);
    for (var, value) in env {
        cmd = cmd.env(var, value);
    }
    let run = cmd.run();
    run.assert_code(1);
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("catfetch: cat 0 ")).collect();
    assert_eq!(errors.len(), 1, "one error line expected:\n{run}");
    assert!(!run.stderr.to_lowercase().contains("unknown error"), "{run}");
    assert!(!run.stderr.contains("retrying"), "{run}");
    assert_eq!(origin.hits("/cat"), 0, "nothing may be requested without a way to check the server");
    assert!(run.files("cats").is_empty(), "left behind: {:?}", run.files("cats"));
    run
}

const FIX: &str = "install ca-certificates, or point SSL_CERT_FILE at a PEM bundle";

#[test]
fn a_trust_store_that_cannot_be_loaded_says_which_file_why_and_how_to_fix_it() {
    let scratch = tempfile::tempdir().unwrap();
    let missing = scratch.path().join("no-such-bundle.pem");
    let empty_dir = scratch.path().join("empty-certs");
    std::fs::create_dir(&empty_dir).unwrap();
    for (env, file, why) in [
        // No trusted certificate at all: what `SSL_CERT_FILE=/dev/null` or an empty bundle gives.
        (
            vec![("SSL_CERT_FILE", OsStr::new("/dev/null"))],
            Path::new("/dev/null"),
            "it holds no PEM certificate",
        ),
        // A file that is not there: an error, not a silent fall-back to the system's bundle.
        (vec![("SSL_CERT_FILE", missing.as_os_str())], missing.as_path(), "no such file"),
        (vec![("SSL_CERT_FILE", scratch.path().as_os_str())], scratch.path(), "it is a directory"),
        // An empty certificate directory adds nothing.
        (
            vec![("SSL_CERT_FILE", OsStr::new("/dev/null")), ("SSL_CERT_DIR", empty_dir.as_os_str())],
            Path::new("/dev/null"),
            "it holds no PEM certificate",
        ),
    ] {
        let run = https_cat_failing_with(&env);
        let expected =
            format!("TLS: the trust store could not be loaded from SSL_CERT_FILE={file:?} ({why}); {FIX}");
        assert!(run.stderr.contains(&expected), "{env:?}: expected {expected:?}:\n{run}");
    }
}
