package dev.kestrel.engine.loader;

import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.IpAddress;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Whether a right-hand literal can be parsed into a field's type, as libsinsp parses it at load:
 * integers in decimal only and within the field's width (negative values wrap for unsigned
 * fields), {@code true}/{@code false} for booleans, numeric addresses and CIDR networks.
 */
final class LiteralRules {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+");
    private static final Pattern SERVICE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.+-]*");
    private static final Pattern HEX_BYTES = Pattern.compile("([0-9a-fA-F]{2})*");

    private LiteralRules() {
    }

    /** Null when {@code text} is a valid value of {@code type}, else the reason it is not. */
    static String problem(String text, FieldType type) {
        if (type != FieldType.BYTEBUF && text.indexOf('\0') >= 0) {
            return "a NUL character is only allowed in values compared with bytebuf fields";
        }
        return switch (type) {
            case INT8 -> integer(text, 8, true);
            case INT16 -> integer(text, 16, true);
            case INT32 -> integer(text, 32, true);
            case INT64 -> integer(text, 64, true);
            case UINT8 -> integer(text, 8, false);
            case UINT16 -> integer(text, 16, false);
            case UINT32 -> integer(text, 32, false);
            case UINT64, RELTIME, ABSTIME, DOUBLE -> integer(text, 64, false);
            case PORT -> SERVICE.matcher(text).matches() ? null : integer(text, 16, false);
            case BOOL -> text.equals("true") || text.equals("false") ? null
                    : "'" + text + "' is not a boolean: use true or false";
            case IPADDR -> IpAddress.parse(text) != null ? null : "'" + text + "' is not an IP address";
            case IPNET -> network(text);
            default -> null;
        };
    }

    /** Null when {@code text} is hex text for bcontains/bstartswith. */
    static String hexProblem(String text) {
        return HEX_BYTES.matcher(text).matches() ? null
                : "'" + text + "' is not hex text of whole bytes (such as 656c66)";
    }

    private static String integer(String text, int bits, boolean signed) {
        if (!DECIMAL.matcher(text).matches()) {
            return "'" + text + "' is not a decimal integer";
        }
        BigInteger v = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        BigInteger max = BigInteger.ONE.shiftLeft(signed ? bits - 1 : bits).subtract(BigInteger.ONE);
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate()
                : BigInteger.ONE.shiftLeft(bits - 1).negate(); // negative values wrap for unsigned fields
        if (v.compareTo(max) > 0 || v.compareTo(min) < 0) {
            return "'" + text + "' does not fit in " + (signed ? "a signed" : "an unsigned") + " " + bits
                    + "-bit number";
        }
        return null;
    }

    private static String network(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return "'" + text + "' is not a network: write it as address/length, such as 10.0.0.0/8";
        }
        IpAddress address = IpAddress.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (address == null || !len.matches("\\d{1,3}") || Integer.parseInt(len) > (address.v6() ? 128 : 32)) {
            return "'" + text + "' is not a network: write it as address/length, such as 10.0.0.0/8";
        }
        return null;
    }
}
