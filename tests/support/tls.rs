//! A throwaway certificate authority for HTTPS tests, made in-process with the `rcgen` crate (pure Rust,
//! signing with `ring`), and the rustls configurations the test origins and test clients build from it.
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
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
    KeyPair, KeyUsagePurpose, SanType, PKCS_ECDSA_P256_SHA256,
};
use rustls::crypto::CryptoProvider;
use rustls::{ClientConfig, RootCertStore, ServerConfig};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tempfile::TempDir;
use time::OffsetDateTime;

/// TLS 1.3 and 1.2, as a real server offers them: a client limited to either one still connects.
const VERSIONS: &[&rustls::SupportedProtocolVersion] = &[&rustls::version::TLS13, &rustls::version::TLS12];
/// How long certificates stay valid after "now"; far beyond any test run.
const VALID_DAYS: i64 = 30;
/// How long before "now" certificates became valid, so a slightly slow clock cannot reject them.
const BACKDATE: time::Duration = time::Duration::days(1);

/// A self-signed certificate authority whose certificate lives in `ca.pem` in a private temporary
/// directory (removed when the `TestCa` is dropped).
pub struct TestCa {
    name: String,
    /// What signs the leaves: the CA's name, key identifier and key.
    issuer: Issuer<'static, KeyPair>,
    cert: CertificateDer<'static>,
    pem_path: PathBuf,
    // Held only to keep the directory, and so `ca.pem`, alive as long as the CA.
    _dir: TempDir,
}

/// A server certificate and its private key, as rustls takes them; [`Leaf::server_config`] makes the
/// server side of a TLS connection from them.
pub struct Leaf {
    pub cert: CertificateDer<'static>,
    pub key: PrivateKeyDer<'static>,
}

impl TestCa {
    /// Makes a new CA with common name `name` (shown in TLS error messages, so name it after the test).
    pub fn new(name: &str) -> TestCa {
        let key = ec_key();
        let mut params = base_params(name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        // rcgen writes every CA's subject key identifier; the authority key identifier of a self-signed
        // certificate repeats it, as `openssl req -x509` writes it too.
        params.use_authority_key_identifier_extension = true;
        let cert = params.self_signed(&key).expect("self-sign CA");

        let dir =
            tempfile::Builder::new().prefix("catfetch-test-ca-").tempdir().expect("temp dir for ca.pem");
        let pem_path = dir.path().join("ca.pem");
        std::fs::write(&pem_path, cert.pem()).expect("write ca.pem");

        TestCa {
            name: name.to_owned(),
            issuer: Issuer::new(params, key),
            cert: cert.der().clone(),
            pem_path,
            _dir: dir,
        }
    }

    /// The PEM file holding this CA's certificate: what a client is told to trust.
    pub fn ca_pem_path(&self) -> &Path {
        &self.pem_path
    }

    /// The CA's certificate (DER), e.g. to build an in-process trust store.
    pub fn cert(&self) -> &CertificateDer<'static> {
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
        let mut params = base_params(dns_names.first().copied().unwrap_or("test-origin"));
        // A critical basicConstraints saying "not a CA", and a subject key identifier, as the CA has.
        params.is_ca = IsCa::ExplicitNoCa;
        // For an ECDSA key: it signs the handshake (digitalSignature); keyAgreement covers static ECDH.
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyAgreement];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        for dns in dns_names {
            let name = (*dns).try_into().expect("a DNS name rcgen can encode");
            params.subject_alt_names.push(SanType::DnsName(name));
        }
        params.subject_alt_names.extend(ips.iter().map(|ip| SanType::IpAddress(*ip)));
        let cert = params.signed_by(&key, &self.issuer).expect("sign leaf");
        Leaf { cert: cert.der().clone(), key: PrivateKeyDer::from(key) }
    }

    /// A client configuration that trusts this CA and nothing else, offering `alpn` (e.g. `b"h2"`, or
    /// nothing). The roots are read back from `ca.pem`, the very file `catfetch` is told to trust.
    pub fn client_config(&self, alpn: &[&[u8]]) -> Arc<ClientConfig> {
        let mut roots = RootCertStore::empty();
        for cert in CertificateDer::pem_file_iter(&self.pem_path).expect("open ca.pem") {
            roots.add(cert.expect("a PEM certificate in ca.pem")).expect("a CA rustls accepts");
        }
        let mut config = ClientConfig::builder_with_provider(provider())
            .with_protocol_versions(VERSIONS)
            .expect("ring supports TLS 1.2 and 1.3")
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        Arc::new(config)
    }
}

impl Leaf {
    /// A server configuration presenting this certificate over TLS 1.2 or 1.3, offering `alpn` in order of
    /// preference (empty: no ALPN at all, whatever the client offers).
    pub fn server_config(&self, alpn: &[&[u8]]) -> Arc<ServerConfig> {
        let mut config = ServerConfig::builder_with_provider(provider())
            .with_protocol_versions(VERSIONS)
            .expect("ring supports TLS 1.2 and 1.3")
            .with_no_client_auth()
            .with_single_cert(vec![self.cert.clone()], self.key.clone_key())
            .expect("key matches certificate");
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        Arc::new(config)
    }
}

/// rustls's cryptography, named rather than left to the process default: the one provider built here is
/// `ring` (aws-lc would add a C build), and rustls cannot pick a default by itself once some other crate in
/// the build enables aws-lc too.
///
/// rustls marks `ring`'s provider deprecated because it lacks post-quantum key exchange, which protects
/// recorded traffic from a future quantum computer: nothing that a throwaway CA on loopback needs.
#[allow(deprecated)]
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A fresh EC P-256 private key: generated in well under a millisecond.
fn ec_key() -> KeyPair {
    KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).expect("generate P-256 key")
}

/// The parts every certificate here shares: names, and the validity window. X.509 v3 is rcgen's only
/// version, and the serial number it derives from the (fresh, random) key's hash is unique per certificate
/// and within the 20-byte limit of RFC 5280.
fn base_params(common_name: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, common_name);
    name.push(DnType::OrganizationName, "catfetch tests");
    params.distinguished_name = name;
    let now = OffsetDateTime::now_utc();
    params.not_before = now - BACKDATE;
    params.not_after = now + time::Duration::days(VALID_DAYS);
    params
}
