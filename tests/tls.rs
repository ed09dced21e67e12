//! HTTPS, as cataas.com serves it: a certificate from a CA we trust is accepted (here a throwaway test CA,
//! trusted through `SSL_CERT_FILE`), anything else is refused, and a refusal is not retried.

use crate::support::{catfetch, jpeg, Answer, Origin, Route, TestCa};

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
