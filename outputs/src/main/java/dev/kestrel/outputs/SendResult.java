package dev.kestrel.outputs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What one HTTP request achieved: delivered, worth retrying (connection error, timeout, 408, 429,
 * 5xx; with the server's Retry-After when it gave one), or refused for good (any other status). The
 * reason names the status and the server's message, never the URL's path or a header value.
 * Immutable.
 */
record SendResult(Kind kind, String reason, Duration retryAfter) {

    enum Kind { DELIVERED, RETRY, REFUSED }

    /** The most of a server's answer kept for messages. */
    static final int MAX_MESSAGE_CHARS = 300;

    /** The most bytes of a refusing or failing answer's body read for its message; the rest is not read. */
    static final int MAX_MESSAGE_BYTES = MAX_MESSAGE_CHARS * 4;

    static final SendResult DELIVERED = new SendResult(Kind.DELIVERED, "", null);

    /**
     * Sends {@code request} and classifies the answer; {@code target} is how the server is named in
     * reasons. A Retry-After longer than {@code longestRetryAfter} is read as that (the caller gives up
     * on a wait past its retry age anyway).
     */
    static SendResult send(HttpClient client, HttpRequest request, String target, Duration longestRetryAfter)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                request.timeout().orElse(DeliveryLimits.DEFAULTS.requestTimeout()).toMillis());
        HttpResponse<HeadOfBody> response;
        try {
            response = client.send(request, info -> new HeadOfBody(
                    info.statusCode() >= 200 && info.statusCode() < 300 ? 0 : MAX_MESSAGE_BYTES,
                    deadline - System.nanoTime()));
        } catch (HttpTimeoutException e) {
            return new SendResult(Kind.RETRY, target + " did not answer within "
                    + request.timeout().map(Duration::toMillis).orElse(0L) + " ms", null);
        } catch (ConnectException e) {
            return new SendResult(Kind.RETRY, "cannot connect to " + target
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), null);
        } catch (IOException e) {
            return new SendResult(Kind.RETRY, "the connection to " + target + " failed ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return DELIVERED; // its body is discarded as it comes; nothing waits for it
        }
        String message = oneLine(response.body().await(deadline - System.nanoTime()));
        String reason = target + " answered HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        if (status == 408 || status == 429 || status >= 500) {
            return new SendResult(Kind.RETRY, reason, retryAfter(response.headers().firstValue("Retry-After").orElse(null), longestRetryAfter));
        }
        return new SendResult(Kind.REFUSED, reason, null);
    }

    /** The start of a server's message as one line of at most {@link #MAX_MESSAGE_CHARS}. */
    private static String oneLine(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "..." : text;
    }

    /**
     * The body of one answer, read without holding the caller: the response is handed over as soon as
     * its headers come. It keeps the first {@code keepBytes} bytes (0: none, the rest is read and
     * discarded so that the connection can serve the next request) and cancels the body, which closes
     * the connection, when it has them or when {@code nanos} pass before the body ends; so a body that
     * never ends holds no thread and its connection for at most that long. Thread-safe.
     */
    static final class HeadOfBody implements HttpResponse.BodySubscriber<HeadOfBody> {

        private final int keepBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile boolean ended;
        private Flow.Subscription subscription;

        HeadOfBody(int keepBytes, long nanos) {
            this.keepBytes = keepBytes;
            done.completeOnTimeout(null, Math.max(0, nanos), TimeUnit.NANOSECONDS);
            done.thenRun(this::cancelUnlessEnded);
        }

        @Override
        public CompletionStage<HeadOfBody> getBody() {
            return CompletableFuture.completedStage(this);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            synchronized (this) {
                subscription = s;
            }
            if (done.isDone()) {
                s.cancel();
            } else {
                s.request(keepBytes == 0 ? Long.MAX_VALUE : 1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (keepBytes == 0) {
                return; // discarded; all was requested
            }
            boolean enough;
            synchronized (this) {
                for (ByteBuffer b : buffers) {
                    int n = done.isDone() ? 0 : Math.min(b.remaining(), keepBytes - bytes.size());
                    byte[] chunk = new byte[n];
                    b.get(chunk);
                    bytes.write(chunk, 0, n);
                }
                enough = bytes.size() >= keepBytes;
            }
            if (enough) {
                done.complete(null); // cancels the rest
            } else {
                subscription().request(1);
            }
        }

        @Override
        public void onError(Throwable failure) {
            ended = true;
            done.complete(null);
        }

        @Override
        public void onComplete() {
            ended = true;
            done.complete(null);
        }

        /** The bytes kept when the body ended, or at most {@code nanos} from now; later bytes are not kept. */
        byte[] await(long nanos) throws InterruptedException {
            try {
                done.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException late) {
                done.complete(null); // cancels the rest
            }
            synchronized (this) {
                return bytes.toByteArray();
            }
        }

        private void cancelUnlessEnded() {
            Flow.Subscription s = subscription();
            if (!ended && s != null) {
                s.cancel(); // and if it is not there yet, onSubscribe cancels
            }
        }

        private synchronized Flow.Subscription subscription() {
            return subscription;
        }
    }

    /**
     * A Retry-After header: delay seconds or an HTTP date, at most {@code longest} (a server may ask
     * for centuries); null when absent or unreadable.
     */
    static Duration retryAfter(String header, Duration longest) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        Duration d;
        try {
            long seconds = Long.parseLong(h);
            if (seconds < 0) {
                return null;
            }
            d = Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            if (h.chars().allMatch(Character::isDigit)) {
                d = longest; // more seconds than a long holds
            } else {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                    d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                } catch (DateTimeParseException | ArithmeticException notDate) {
                    return null;
                }
                if (d.isNegative()) {
                    return Duration.ZERO;
                }
            }
        }
        return d.compareTo(longest) > 0 ? longest : d;
    }
}
