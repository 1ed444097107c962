package dev.kestrel.fields.state;

import dev.kestrel.core.field.IpAddress;

/**
 * A parsed socket tuple {@code 10.0.0.1:4242->10.0.0.2:80} (IPv6 addresses may be bracketed) or a
 * single address {@code 10.0.0.2:80}; anything else is a unix socket path.
 */
record SocketTuple(IpAddress clientIp, int clientPort, IpAddress serverIp, int serverPort, String unixPath) {

    static SocketTuple parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        SocketTuple plain = parsePlainV4(text);
        return plain != null ? plain : parseAny(text);
    }

    /** Any tuple, address or path, through substrings: the reference {@link #parsePlainV4} must agree with. */
    static SocketTuple parseAny(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int arrow = text.indexOf("->");
        if (arrow < 0) {
            IpAddress ip = address(text);
            if (ip == null) {
                return new SocketTuple(null, -1, null, -1, text);
            }
            return new SocketTuple(null, -1, ip, port(text), null);
        }
        String left = text.substring(0, arrow);
        String right = text.substring(arrow + 2);
        IpAddress cip = address(left);
        IpAddress sip = address(right);
        if (cip == null && sip == null) {
            String path = right.isEmpty() ? left : right;
            return new SocketTuple(null, -1, null, -1, path.isBlank() ? text : path.trim());
        }
        return new SocketTuple(cip, port(left), sip, port(right), null);
    }

    /**
     * The common form {@code a.b.c.d:port->e.f.g.h:port} read in one pass without substrings, as
     * {@link #parseAny} reads it; null for anything else (blanks, IPv6, one address, a path, a port of
     * more than nine digits), which {@link #parseAny} then reads.
     */
    static SocketTuple parsePlainV4(String text) {
        int arrow = text.indexOf("->");
        int c1 = text.indexOf(':');
        if (arrow < 0 || c1 <= 0 || c1 > arrow) {
            return null;
        }
        int c2 = text.indexOf(':', arrow + 2);
        if (c2 < 0) {
            return null;
        }
        int clientPort = digits(text, c1 + 1, arrow);
        int serverPort = digits(text, c2 + 1, text.length());
        if (clientPort < 0 || serverPort < 0) {
            return null;
        }
        IpAddress clientIp = IpAddress.parseV4(text, 0, c1);
        IpAddress serverIp = clientIp == null ? null : IpAddress.parseV4(text, arrow + 2, c2);
        return serverIp == null ? null : new SocketTuple(clientIp, clientPort, serverIp, serverPort, null);
    }

    /** The decimal number of one to nine digits that is exactly {@code text[from, to)}; -1 otherwise. */
    private static int digits(String text, int from, int to) {
        if (to <= from || to - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    boolean isUnix() {
        return unixPath != null;
    }

    boolean isV6() {
        IpAddress a = serverIp != null ? serverIp : clientIp;
        return a != null && a.v6();
    }

    private static IpAddress address(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        return IpAddress.parse(endpoint.substring(0, colon).trim());
    }

    private static int port(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        try {
            return Integer.parseInt(endpoint.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
