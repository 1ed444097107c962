package dev.kestrel.engine.typing;

import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.IpAddress;
import java.math.BigInteger;
import java.util.Map;

/**
 * Parses right-hand literals into a field's own type, as libsinsp parses them at load: decimal
 * integers within the field's width (a negative literal against an unsigned field wraps, as in C),
 * port numbers or service names, {@code true}/{@code false}, addresses, networks, hex byte strings
 * and RE2 patterns. The loader's checks and the compiler both parse through here, so a literal the
 * loader accepts always compiles. Stateless and thread-safe; failures throw
 * {@link IllegalArgumentException} with a sentence for the user.
 */
public final class Literals {

    private Literals() {
    }

    /** The service names rules use, as in {@code /etc/services}. */
    private static final Map<String, Long> SERVICES = Map.ofEntries(
            Map.entry("ftp", 21L), Map.entry("ssh", 22L), Map.entry("telnet", 23L), Map.entry("smtp", 25L),
            Map.entry("domain", 53L), Map.entry("http", 80L), Map.entry("pop3", 110L), Map.entry("ntp", 123L),
            Map.entry("imap", 143L), Map.entry("snmp", 161L), Map.entry("ldap", 389L), Map.entry("https", 443L),
            Map.entry("smtps", 465L), Map.entry("imaps", 993L), Map.entry("pop3s", 995L),
            Map.entry("mysql", 3306L), Map.entry("postgresql", 5432L), Map.entry("redis", 6379L),
            Map.entry("http-alt", 8080L), Map.entry("kubelet", 10250L));

    /** Null when {@code text} is a valid right-hand value of {@code op} for {@code type}, else why not. */
    public static String problem(String text, FieldType type, Operator op) {
        try {
            check(text, type, op);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static void check(String text, FieldType type, Operator op) {
        if (op == Operator.BCONTAINS || op == Operator.BSTARTSWITH) {
            parseHexBytes(text);
            return;
        }
        if (op == Operator.REGEX) {
            RegexPatterns.compile(text);
            return;
        }
        if (type != FieldType.BYTEBUF && text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "a NUL character is only allowed in values compared with bytebuf fields");
        }
        switch (type) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, PORT, RELTIME, ABSTIME ->
                parseInteger(text, type);
            case DOUBLE -> parseDouble(text);
            case BOOL -> parseBool(text);
            case IPADDR -> parseAddress(text);
            case IPNET -> parseNetwork(text);
            default -> {
            }
        }
    }

    /** True for the unsigned integer types, which compare as unsigned 64-bit values. */
    public static boolean isUnsigned(FieldType type) {
        return switch (type) {
            case UINT8, UINT16, UINT32, UINT64, PORT, RELTIME, ABSTIME -> true;
            default -> false;
        };
    }

    /** A decimal integer (or a service name for ports) checked against the width of {@code type}. */
    public static long parseInteger(String text, FieldType type) {
        if (type == FieldType.PORT && !text.isEmpty() && Character.isLetter(text.charAt(0))) {
            Long port = SERVICES.get(text);
            if (port == null) {
                throw new IllegalArgumentException("'" + text + "' is neither a port number nor a known service name");
            }
            return port;
        }
        if (!isDecimal(text)) {
            throw new IllegalArgumentException("'" + text + "' is not a decimal integer");
        }
        BigInteger v = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        int bits = bits(type);
        boolean signed = !isUnsigned(type);
        BigInteger max = BigInteger.ONE.shiftLeft(signed ? bits - 1 : bits).subtract(BigInteger.ONE);
        // negative values wrap for unsigned fields, down to the signed minimum of the width
        BigInteger min = BigInteger.ONE.shiftLeft(bits - 1).negate();
        if (v.compareTo(max) > 0 || v.compareTo(min) < 0) {
            throw new IllegalArgumentException("'" + text + "' does not fit in " + (signed ? "a signed" : "an unsigned")
                    + " " + bits + "-bit number");
        }
        long l = v.longValue();
        return switch (type) {
            case INT8 -> (byte) l;
            case INT16 -> (short) l;
            case INT32 -> (int) l;
            case UINT8 -> l & 0xffL;
            case UINT16, PORT -> l & 0xffffL;
            case UINT32 -> l & 0xffffffffL;
            default -> l;
        };
    }

    private static int bits(FieldType type) {
        return switch (type) {
            case INT8, UINT8 -> 8;
            case INT16, UINT16, PORT -> 16;
            case INT32, UINT32 -> 32;
            default -> 64;
        };
    }

    private static boolean isDecimal(String text) {
        int i = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        if (i == text.length()) {
            return false;
        }
        for (; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Double fields take integer literals, as libsinsp parses them. */
    public static double parseDouble(String text) {
        if (!isDecimal(text)) {
            throw new IllegalArgumentException("'" + text + "' is not a decimal integer, as double fields need");
        }
        return Double.parseDouble(text);
    }

    public static boolean parseBool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not a boolean: use true or false");
        };
    }

    public static IpAddress parseAddress(String text) {
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

    public static IpNetwork parseNetwork(String text) {
        IpNetwork n = IpNetwork.parse(text);
        if (n == null) {
            throw new IllegalArgumentException("'" + text + "' is not a network: write it as address/length,"
                    + " such as 10.0.0.0/8");
        }
        return n;
    }

    /** Hex text of whole bytes as a string of one char per byte, the form bytebuf values take. */
    public static String parseHexBytes(String text) {
        if (text.length() % 2 != 0 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + text + "' is not hex text of whole bytes (such as 656c66)");
        }
        StringBuilder sb = new StringBuilder(text.length() / 2);
        for (int i = 0; i < text.length(); i += 2) {
            sb.append((char) Integer.parseInt(text.substring(i, i + 2), 16));
        }
        return sb.toString();
    }
}
