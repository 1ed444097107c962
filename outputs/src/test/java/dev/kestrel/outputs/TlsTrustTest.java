package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kestrel.core.Priority;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate checks against a real HTTPS server on 127.0.0.1 with a self-signed certificate made by keytool. */
class TlsTrustTest {

    @TempDir
    Path dir;

    private HttpsServer server;
    private final AtomicInteger received = new AtomicInteger();
    private Path pem;

    @BeforeEach
    void start() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve("server.p12");
        pem = dir.resolve("server.pem");
        run(keytool.toString(), "-genkeypair", "-alias", "s", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", "s", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            received.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
    }

    private long delivered(TlsOptions tls) {
        URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
        WebhookOutput out = new WebhookOutput(new WebhookOutput.Settings(uri, false, Map.of(), Priority.DEBUG, Map.of(), tls,
                OutputFormatsTest.FAST.withRetries(2, Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(10))));
        out.accept(Alerts.alert("r1"));
        out.close();
        assertThat(out.counters().accounted()).isEqualTo(1);
        return out.counters().delivered();
    }

    @Test
    void anUntrustedCertificateIsRefusedByDefault() {
        assertThat(delivered(TlsOptions.DEFAULT)).isZero();
        assertThat(received).hasValue(0);
    }

    @Test
    void theConfiguredCaCertificateIsTrusted() {
        assertThat(delivered(new TlsOptions(false, pem))).isEqualTo(1);
        assertThat(received).hasValue(1);
    }

    @Test
    void insecureSkipsTheCheck() {
        assertThat(delivered(new TlsOptions(true, null))).isEqualTo(1);
    }
}
