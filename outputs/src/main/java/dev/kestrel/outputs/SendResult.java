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

    /**
     * Sends {@code request} and classifies the answer; {@code target} is how the server is named in
     * reasons. A Retry-After longer than {@code longestRetryAfter} is read as that (the caller gives up
     * on a wait past its retry age anyway).
     */
    static SendResult send(HttpClient client, HttpRequest request, String target, Duration longestRetryAfter)
            throws InterruptedException {
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
            return new SendResult(Kind.RETRY, reason, retryAfter(response.headers().firstValue("Retry-After").orElse(null), longestRetryAfter));
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
