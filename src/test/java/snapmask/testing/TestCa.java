package snapmask.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;

/**
 * A certificate authority made for one test with the JDK's keytool, and a server certificate it
 * signed for 127.0.0.1 and localhost: PEM files a MySQL server and snapmask's ssl-ca can use.
 */
public final class TestCa {

    private static final String PASSWORD = "test-ca-pw";

    public final Path caPem;
    public final Path serverCertPem;
    public final Path serverKeyPem;

    private TestCa(Path dir) {
        this.caPem = dir.resolve("ca.pem");
        this.serverCertPem = dir.resolve("server-cert.pem");
        this.serverKeyPem = dir.resolve("server-key.pem");
    }

    public static TestCa create(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            for (String f : List.of("ca.p12", "server.p12", "server.csr", "ca.pem", "server-cert.pem", "server-key.pem")) {
                Files.deleteIfExists(dir.resolve(f));
            }
            TestCa ca = new TestCa(dir);
            String caStore = dir.resolve("ca.p12").toString();
            String serverStore = dir.resolve("server.p12").toString();
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                    "-ext", "bc:c", "-validity", "2", "-keystore", caStore, "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore, "-storepass", PASSWORD, "-file", ca.caPem.toString());
            keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                    "-validity", "2", "-keystore", serverStore, "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-certreq", "-alias", "server", "-keystore", serverStore, "-storepass", PASSWORD,
                    "-file", dir.resolve("server.csr").toString());
            keytool("-gencert", "-alias", "ca", "-keystore", caStore, "-storepass", PASSWORD, "-infile",
                    dir.resolve("server.csr").toString(), "-outfile", ca.serverCertPem.toString(), "-rfc",
                    "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2");
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
                store.load(in, PASSWORD.toCharArray());
            }
            Key key = store.getKey("server", PASSWORD.toCharArray());
            Files.writeString(ca.serverKeyPem, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
