package snapmask.config;

import com.mysql.cj.jdbc.MysqlDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * How snapmask talks TLS to one MySQL-compatible server ({@code <prefix>.ssl-mode} and
 * {@code <prefix>.ssl-ca}). The CA bundle is a PEM file, as AWS publishes the RDS global bundle;
 * Connector/J wants a key store, so the bundle is turned into a PKCS#12 trust store once. No
 * server's RSA key is ever fetched over plaintext: an account on caching_sha2_password needs TLS.
 *
 * @param mode  disabled, preferred, required, verify-ca or verify-identity
 * @param trust the trust store made from the CA bundle, or null for the JVM's own
 */
public record Tls(String mode, TrustStore trust) {

    public static final List<String> MODES = List.of("disabled", "preferred", "required", "verify-ca", "verify-identity");

    /** TLS if the server offers it, else plaintext. */
    public static final Tls PREFERRED = new Tls("preferred", null);

    /** A PKCS#12 file of the CA bundle's certificates, and its (random, per process) password. */
    public record TrustStore(Path file, String password) {
    }

    /** {@code <prefix>.ssl-mode} and {@code <prefix>.ssl-ca}; problems recorded on {@code s}. */
    public static Tls from(Settings s, String prefix) {
        String key = prefix + ".ssl-mode";
        String mode = s.string(key).toLowerCase(Locale.ROOT);
        if (!MODES.contains(mode)) {
            s.problem(new ConfigurationException(key, "is '" + mode + "', must be one of " + String.join(", ", MODES)), null);
            mode = "required";
        }
        TrustStore trust = null;
        var ca = s.optional(prefix + ".ssl-ca");
        if (ca.isPresent()) {
            try {
                trust = trustStore(Path.of(ca.get()));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                s.problem(new ConfigurationException(prefix + ".ssl-ca", "names " + ca.get() + ", which is not a readable PEM"
                        + " file of CA certificates: " + e.getMessage()), null);
            }
        }
        return new Tls(mode, trust);
    }

    /** Applies the mode and trust store to a Connector/J data source. */
    void apply(MysqlDataSource ds) {
        try {
            ds.setSslMode(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (trust != null) {
                ds.setTrustCertificateKeyStoreUrl(trust.file().toUri().toString());
                ds.setTrustCertificateKeyStoreType("PKCS12");
                ds.setTrustCertificateKeyStorePassword(trust.password());
                ds.setFallbackToSystemTrustStore(false);
            }
            ds.setAllowPublicKeyRetrieval(false);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Connector/J refused TLS settings: " + e.getMessage(), e);
        }
    }

    static TrustStore trustStore(Path pem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in it");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path file = Files.createTempFile("snapmask-trust", ".p12");
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return new TrustStore(file, password);
    }

    @Override
    public String toString() {
        return "ssl-mode " + mode + (trust == null ? "" : " with the configured CA bundle");
    }
}
