//! A throwaway certificate authority for HTTPS tests, made in-process with the `openssl` crate.
//!
//! Why not a checked-in certificate? Certificates expire, and a test suite that starts failing on some
//! date nobody remembers is a poor lesson. Generating a fresh CA per test costs a few milliseconds with
//! EC P-256 keys (RSA 2048 would be much slower), so every test gets its own, valid from yesterday (clock
//! skew) to a month from now.
//!
//! Each [`TestCa`] writes its certificate to `ca.pem` in its own temporary directory; a test passes that
//! path to `catfetch` (e.g. `--cacert`) so that the CLI trusts this CA, and only this CA. Two `TestCa`s share
//! nothing, so a client trusting one rejects an origin whose certificate the other signed.

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use openssl::asn1::Asn1Time;
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
    SubjectKeyIdentifier,
};
use openssl::x509::{X509Builder, X509Name, X509NameRef, X509};
use tempfile::TempDir;

/// How long certificates stay valid after "now"; far beyond any test run.
const VALID_DAYS: u32 = 30;
/// How long before "now" certificates became valid, so a slightly slow clock cannot reject them.
const BACKDATE_SECS: i64 = 24 * 60 * 60;

/// A self-signed certificate authority whose certificate lives in `ca.pem` in a private temporary
/// directory (removed when the `TestCa` is dropped).
pub struct TestCa {
    name: String,
    key: PKey<Private>,
    cert: X509,
    pem_path: PathBuf,
    // Held only to keep the directory, and so `ca.pem`, alive as long as the CA.
    _dir: TempDir,
}

/// A server certificate and its private key, ready to hand to an `SslAcceptor`.
pub struct Leaf {
    pub key: PKey<Private>,
    pub cert: X509,
}

impl TestCa {
    /// Makes a new CA with common name `name` (shown in TLS error messages, so name it after the test).
    pub fn new(name: &str) -> TestCa {
        let key = ec_key();
        let subject = x509_name(name);

        let mut builder = cert_builder(&key, &subject, &subject);
        let ctx_free = [
            BasicConstraints::new().critical().ca().build(),
            KeyUsage::new().critical().key_cert_sign().crl_sign().build(),
        ];
        for ext in ctx_free {
            builder.append_extension(ext.expect("CA extension")).expect("append");
        }
        // The key identifiers are computed from the public key already set on the builder. With no issuer
        // given, the context treats the certificate as its own issuer, which is what self-signed means; the
        // subject key identifier must go in first so the authority key identifier can copy it.
        let ski = SubjectKeyIdentifier::new()
            .build(&builder.x509v3_context(None, None))
            .expect("CA subjectKeyIdentifier");
        builder.append_extension(ski).expect("append");
        let aki = AuthorityKeyIdentifier::new()
            .keyid(true)
            .build(&builder.x509v3_context(None, None))
            .expect("CA authorityKeyIdentifier");
        builder.append_extension(aki).expect("append");
        builder.sign(&key, MessageDigest::sha256()).expect("self-sign CA");
        let cert = builder.build();

        let dir =
            tempfile::Builder::new().prefix("catfetch-test-ca-").tempdir().expect("temp dir for ca.pem");
        let pem_path = dir.path().join("ca.pem");
        std::fs::write(&pem_path, cert.to_pem().expect("CA to PEM")).expect("write ca.pem");

        TestCa { name: name.to_owned(), key, cert, pem_path, _dir: dir }
    }

    /// The PEM file holding this CA's certificate: what a client is told to trust.
    pub fn ca_pem_path(&self) -> &Path {
        &self.pem_path
    }

    /// The CA's certificate, e.g. to build an in-process trust store.
    pub fn cert(&self) -> &X509 {
        &self.cert
    }

    /// The CA's common name, as given to [`TestCa::new`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The leaf certificate [`Origin::start_tls`](super::Origin::start_tls) uses: valid for `localhost`
    /// and `127.0.0.1`.
    pub fn localhost_leaf(&self) -> Leaf {
        self.issue(&["localhost"], &[IpAddr::V4(Ipv4Addr::LOCALHOST)])
    }

    /// Issues a server certificate for the given DNS names and IP addresses (its subjectAltName), e.g. one
    /// for `other.invalid` only, to test that the client checks the host name.
    pub fn issue(&self, dns_names: &[&str], ips: &[IpAddr]) -> Leaf {
        let key = ec_key();
        let common_name = dns_names.first().copied().unwrap_or("test-origin");
        let subject = x509_name(common_name);

        let mut builder = cert_builder(&key, &subject, self.cert.subject_name());
        let ctx_free = [
            BasicConstraints::new().critical().build(),
            // For an ECDSA key: it signs the handshake (digitalSignature); keyAgreement covers static ECDH.
            KeyUsage::new().critical().digital_signature().key_agreement().build(),
            ExtendedKeyUsage::new().server_auth().build(),
        ];
        for ext in ctx_free {
            builder.append_extension(ext.expect("leaf extension")).expect("append");
        }
        let mut san = SubjectAlternativeName::new();
        for dns in dns_names {
            san.dns(dns);
        }
        for ip in ips {
            san.ip(&ip.to_string());
        }
        let with_issuer = [
            san.build(&builder.x509v3_context(Some(&self.cert), None)),
            SubjectKeyIdentifier::new().build(&builder.x509v3_context(Some(&self.cert), None)),
            AuthorityKeyIdentifier::new().keyid(true).build(&builder.x509v3_context(Some(&self.cert), None)),
        ];
        for ext in with_issuer {
            builder.append_extension(ext.expect("leaf extension")).expect("append");
        }
        builder.sign(&self.key, MessageDigest::sha256()).expect("sign leaf");
        Leaf { key, cert: builder.build() }
    }
}

/// A fresh EC P-256 private key: generated in well under a millisecond.
fn ec_key() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("P-256 group");
    let ec = EcKey::generate(&group).expect("generate P-256 key");
    PKey::from_ec_key(ec).expect("wrap EC key")
}

fn x509_name(common_name: &str) -> X509Name {
    let mut name = X509Name::builder().expect("name builder");
    name.append_entry_by_nid(Nid::COMMONNAME, common_name).expect("common name");
    name.append_entry_by_nid(Nid::ORGANIZATIONNAME, "catfetch tests").expect("organisation");
    name.build()
}

/// The parts every certificate here shares: X.509 v3, a random serial, the validity window, names and key.
fn cert_builder(key: &PKey<Private>, subject: &X509NameRef, issuer: &X509NameRef) -> X509Builder {
    let mut builder = X509Builder::new().expect("X509 builder");
    builder.set_version(2).expect("version"); // 2 means v3: the field counts from 0
    let mut serial = BigNum::new().expect("bignum");
    // 127 random bits with the top bit clear: positive, unique, and within the 20-byte limit of RFC 5280.
    serial.rand(127, MsbOption::MAYBE_ZERO, false).expect("random serial");
    builder.set_serial_number(&serial.to_asn1_integer().expect("serial")).expect("set serial");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock after 1970").as_secs() as i64;
    let not_before = Asn1Time::from_unix((now - BACKDATE_SECS) as _).expect("not before");
    let not_after = Asn1Time::days_from_now(VALID_DAYS).expect("not after");
    builder.set_not_before(&not_before).expect("set not before");
    builder.set_not_after(&not_after).expect("set not after");
    builder.set_subject_name(subject).expect("subject");
    builder.set_issuer_name(issuer).expect("issuer");
    builder.set_pubkey(key).expect("public key");
    builder
}
