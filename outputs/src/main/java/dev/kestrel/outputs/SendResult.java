package dev.kestrel.outputs;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

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

    static final SendResult DELIVERED = new SendResult(Kind.DELIVERED, "", null);

    /** Sends {@code request} and classifies the answer; {@code target} is how the server is named in reasons. */
    static SendResult send(HttpClient client, HttpRequest request, String target) throws InterruptedException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
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
        String message = bodyText(response);
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        String reason = target + " answered HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        if (status == 408 || status == 429 || status >= 500) {
            return new SendResult(Kind.RETRY, reason, retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        return new SendResult(Kind.REFUSED, reason, null);
    }

    /** The start of the answer's body as one line, read without waiting for the rest. */
    private static String bodyText(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] head = in.readNBytes(MAX_MESSAGE_CHARS * 4);
            String text = new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            return text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "..." : text;
        } catch (IOException e) {
            return "";
        }
    }

    /** A Retry-After header: delay seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
