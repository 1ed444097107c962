package dev.kestrel.engine.compiler;

import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.IpAddress;
import java.util.Map;

/**
 * Parses right-hand literals into a field's own type: decimal integers wrapped to the field's width
 * and signedness (a negative literal against an unsigned field wraps, as in C), port numbers or
 * service names, {@code true}/{@code false}, addresses, networks and hex byte strings. Failures throw
 * {@link IllegalArgumentException} with a sentence for the user.
 */
final class LiteralParser {
    private LiteralParser() {
    }

    /** The few service names rules use, as in {@code /etc/services}. */
    private static final Map<String, Long> SERVICES = Map.ofEntries(
            Map.entry("ftp", 21L), Map.entry("ssh", 22L), Map.entry("telnet", 23L), Map.entry("smtp", 25L),
            Map.entry("domain", 53L), Map.entry("http", 80L), Map.entry("pop3", 110L), Map.entry("ntp", 123L),
            Map.entry("imap", 143L), Map.entry("snmp", 161L), Map.entry("ldap", 389L), Map.entry("https", 443L),
            Map.entry("smtps", 465L), Map.entry("imaps", 993L), Map.entry("pop3s", 995L),
            Map.entry("mysql", 3306L), Map.entry("postgresql", 5432L), Map.entry("redis", 6379L),
            Map.entry("http-alt", 8080L), Map.entry("kubelet", 10250L));

    static boolean isUnsigned(FieldType type) {
        return switch (type) {
            case UINT8, UINT16, UINT32, UINT64, PORT, RELTIME, ABSTIME -> true;
            default -> false;
        };
    }

    static long parseInteger(String text, FieldType type) {
        if (type == FieldType.PORT && !text.isEmpty() && Character.isLetter(text.charAt(0))) {
            Long port = SERVICES.get(text);
            if (port == null) {
                throw new IllegalArgumentException("'" + text + "' is neither a port number nor a known service name");
            }
            return port;
        }
        if (!text.matches("[+-]?[0-9]+")) {
            throw new IllegalArgumentException("'" + text + "' is not a decimal integer, as the "
                    + type.displayName() + " field needs");
        }
        long v;
        try {
            String digits = text.startsWith("+") ? text.substring(1) : text;
            java.math.BigInteger big = new java.math.BigInteger(digits);
            if (big.bitLength() > 64 || (big.signum() < 0 && big.bitLength() > 63)) {
                throw new IllegalArgumentException("'" + text + "' does not fit in 64 bits");
            }
            v = big.longValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a decimal integer");
        }
        return switch (type) {
            case INT8 -> (byte) v;
            case INT16 -> (short) v;
            case INT32 -> (int) v;
            case UINT8 -> v & 0xffL;
            case UINT16, PORT -> v & 0xffffL;
            case UINT32 -> v & 0xffffffffL;
            default -> v;
        };
    }

    static double parseDouble(String text) {
        if (!text.matches("[+-]?[0-9]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an integer literal, as double fields need");
        }
        return Double.parseDouble(text);
    }

    static boolean parseBool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not a bool value: write true or false");
        };
    }

    static IpAddress parseAddress(String text) {
        if (text.indexOf('/') >= 0) {
            throw new IllegalArgumentException("'" + text + "' is a network, but this field holds a single address"
                    + " (compare with an ipnet field such as fd.cnet or fd.snet)");
        }
        IpAddress a = IpAddress.parse(text);
        if (a == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        return a;
    }

    static IpNetwork parseNetwork(String text) {
        IpNetwork n = IpNetwork.parse(text);
        if (n == null) {
            throw new IllegalArgumentException("'" + text + "' is not a network written address/length"
                    + " (such as 10.0.0.0/8)");
        }
        return n;
    }

    /** Hex text (even length) as a string of one char per byte, the form bytebuf values take. */
    static String parseHexBytes(String text) {
        if (text.length() % 2 != 0 || !text.matches("[0-9a-fA-F]*")) {
            throw new IllegalArgumentException("'" + text + "' is not an even-length hex string of bytes");
        }
        StringBuilder sb = new StringBuilder(text.length() / 2);
        for (int i = 0; i < text.length(); i += 2) {
            sb.append((char) Integer.parseInt(text.substring(i, i + 2), 16));
        }
        return sb.toString();
    }

    /** Java regex from an RE2 pattern: POSIX bracket classes become Java's named classes. */
    static String regexForJava(String re2) {
        String[][] classes = {{"alpha", "Alpha"}, {"digit", "Digit"}, {"alnum", "Alnum"}, {"upper", "Upper"},
            {"lower", "Lower"}, {"space", "Space"}, {"punct", "Punct"}, {"xdigit", "XDigit"},
            {"blank", "Blank"}, {"cntrl", "Cntrl"}, {"print", "Print"}, {"graph", "Graph"}};
        String out = re2;
        for (String[] c : classes) {
            out = out.replace("[:" + c[0] + ":]", "\\p{" + c[1] + "}");
        }
        return out;
    }
}
