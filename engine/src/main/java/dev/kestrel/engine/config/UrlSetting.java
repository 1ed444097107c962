package dev.kestrel.engine.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One URL setting of a config mapping, read for {@link ConfigNode#url}: an http or https URL with a
 * host and, when it names one, a port from 1 to 65535. A wrong URL is an error at the value naming
 * what is wrong, without echoing secrets in it. Single use.
 */
final class UrlSetting {

    private final ConfigNode node;
    private final String key;

    UrlSetting(ConfigNode node, String key) {
        this.node = node;
        this.key = key;
    }

    /** The URL, or null when absent, empty or wrong (then an error is recorded). */
    URI read() {
        String text = node.string(key, "");
        if (text.isBlank()) {
            return null;
        }
        String t = text.trim();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            t = t.substring(1, t.length() - 1);
        }
        if (!t.contains("://")) {
            return refuse("must be an http:// or https:// URL (the scheme is missing)");
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            return refuse("is not a valid URL: " + e.getReason() + " at character " + (e.getIndex() + 1));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return refuse("must be an http:// or https:// URL"
                    + (scheme.isEmpty() ? " (the scheme is missing)" : " (not " + scheme + ":)"));
        }
        String port = uri.getPort() >= 0 ? Integer.toString(uri.getPort()) : digitsAfterColon(uri.getRawAuthority());
        if (port != null && (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            return refuse("has port " + port + ", outside 1 to 65535");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return refuse("has no host name");
        }
        return uri;
    }

    private URI refuse(String why) {
        node.error(key, "'" + node.qualified(key) + "' " + why);
        return null;
    }

    /**
     * The port written after the authority's last ':' when {@link URI} did not read it (too many digits
     * for an int), without leading zeros; null when no digits follow a ':'.
     */
    private static String digitsAfterColon(String authority) {
        int colon = authority == null ? -1 : authority.lastIndexOf(':');
        if (colon < 0 || colon == authority.length() - 1) {
            return null;
        }
        String digits = authority.substring(colon + 1);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        String trimmed = digits.replaceFirst("^0+", "");
        return trimmed.isEmpty() ? "0" : trimmed;
    }
}
