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
