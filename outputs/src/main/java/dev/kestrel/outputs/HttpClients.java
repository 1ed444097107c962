package dev.kestrel.outputs;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Makes the JDK HttpClient each output uses: HTTP/1.1, no redirects, bounded connect time, the chosen TLS trust. */
final class HttpClients {

    private HttpClients() {
    }

    /**
     * A client for one output.
     *
     * @throws IllegalArgumentException when the CA certificate file cannot be read (the message says why)
     */
    static HttpClient create(DeliveryLimits limits, TlsOptions tls) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(limits.connectTimeout());
        if (tls.insecure() || tls.caCert() != null) {
            b.sslContext(sslContext(tls));
        }
        return b.build();
    }

    /** {@code scheme://host:port} of {@code uri}: how a server is named in messages (no path, no user, no query). */
    static String target(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getScheme() + "://" + uri.getHost() + ":" + port;
    }

    private static SSLContext sslContext(TlsOptions tls) {
        try {
            TrustManager[] trust;
            if (tls.insecure()) {
                trust = new TrustManager[] {new TrustAll()};
            } else {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int n = 0;
                for (Certificate c : CaCertificates.read(tls.caCert())) {
                    store.setCertificateEntry("ca-" + n++, c);
                }
                TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                f.init(store);
                trust = f.getTrustManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trust, null);
            return ctx;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA certificate file " + tls.caCert() + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the CA certificate file " + tls.caCert() + ": " + e.getMessage(), e);
        }
    }

    /** Accepts every certificate and skips the host name check: what the user asked for with insecure/checkcert. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
