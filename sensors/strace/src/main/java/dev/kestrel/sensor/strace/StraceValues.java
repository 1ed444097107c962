package dev.kestrel.sensor.strace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes strace's argument texts: quoted strings with C escapes and {@code ...} truncation, string
 * arrays, file descriptors with their {@code -y} annotation, socket addresses and tuples, octal modes.
 * Every method returns null (or an empty value) for text it does not recognise; none throws.
 */
public final class StraceValues {

    /** The fd number strace prints as {@code AT_FDCWD}. */
    public static final int AT_FDCWD = -100;

    private StraceValues() {
    }

    /** A decoded string argument; {@code truncated} when strace cut it at the {@code -s} bound. */
    public record StraceString(String value, boolean truncated) {
    }

    /**
     * A file descriptor argument such as {@code 3</etc/shadow>} or {@code AT_FDCWD</tmp>}.
     *
     * @param annotation the text inside the outer angle brackets, or null when strace printed none
     */
    public record FdArg(int fd, String annotation) {

        /** The decoded path when the annotation names one (see {@link #annotationPath}), else null. */
        public String path() {
            return annotationPath(annotation);
        }
    }

    /**
     * An address from a {@code struct sockaddr} argument.
     *
     * @param family {@code AF_INET}, {@code AF_INET6}, {@code AF_UNIX} or what strace printed
     * @param ip the address text for inet families, else null
     * @param port the port for inet families, else 0
     * @param path the socket path for {@code AF_UNIX}, else null
     */
    public record SocketAddress(String family, String ip, int port, String path) {
    }

    /**
     * A socket as {@code -yy} describes it: {@code TCP:[10.0.0.1:40000->1.2.3.4:4444]}.
     *
     * @param protocol {@code TCP}, {@code UDP}, {@code TCPv6}, {@code UDPv6}, {@code UNIX-STREAM}, ...
     * @param localIp the local address, or null when strace printed only an inode
     * @param remoteIp the peer address, or null when not connected
     * @param unixPath the path of a unix socket, or null
     */
    public record SocketTuple(String protocol, String localIp, int localPort, String remoteIp, int remotePort,
                              String unixPath) {

        /** True for IPv6 protocols ({@code TCPv6}, {@code UDPv6}). */
        public boolean ipv6() {
            return protocol.endsWith("v6");
        }

        /** True for inet (v4 or v6) protocols. */
        public boolean inet() {
            return protocol.startsWith("TCP") || protocol.startsWith("UDP") || protocol.startsWith("RAW")
                    || protocol.startsWith("UDPLITE") || protocol.startsWith("SCTP");
        }
    }

    /** Decodes a quoted string argument ({@code "a\n"...}); null for {@code NULL} or non-strings. */
    public static StraceString string(String raw) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '"') {
            return null;
        }
        int close = ArgumentSplitter.skipString(raw, 0);
        if (close < 0) {
            return null;
        }
        String after = raw.substring(close + 1).trim();
        return new StraceString(unescape(raw, 1, close), after.startsWith("..."));
    }

    /** The decoded value of a string argument, or null. */
    public static String text(String raw) {
        StraceString s = string(raw);
        return s == null ? null : s.value();
    }

    /**
     * Decodes a string array ({@code ["sh", "-c", "x"]}); a trailing {@code ...} element (strace's
     * cut of long arrays) is dropped. Null when {@code raw} is not an array.
     */
    public static List<String> stringArray(String raw) {
        if (raw == null || !raw.startsWith("[") || !raw.endsWith("]")) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (ArgumentSplitter.split(raw.substring(1, raw.length() - 1) + ")", parts) < 0) {
            return null;
        }
        List<String> values = new ArrayList<>(parts.size());
        for (String p : parts) {
            String v = text(p);
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }

    /**
     * The file system path a {@code -y} annotation names ({@code /tmp/a\74b<char 1:3>}: {@code /tmp/a<b}),
     * with strace's C escapes decoded and any nested {@code <...>} detail cut; null when the
     * annotation is not a path (does not start with '/').
     */
    public static String annotationPath(String annotation) {
        if (annotation == null || !annotation.startsWith("/")) {
            return null;
        }
        // strace escapes '<' and '>' inside the path, so the first raw '<' opens a nested detail.
        int nested = annotation.indexOf('<');
        return unescape(annotation, 0, nested > 0 ? nested : annotation.length());
    }

    /** Parses a file descriptor argument; null when {@code raw} is not one. */
    public static FdArg fd(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        int angle = raw.indexOf('<');
        String number = angle < 0 ? raw : raw.substring(0, angle);
        int fd;
        if (number.equals("AT_FDCWD")) {
            fd = AT_FDCWD;
        } else {
            long n = StraceLineParser.parseNumber(number);
            if (n == Long.MIN_VALUE || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                return null;
            }
            fd = (int) n;
        }
        if (angle < 0) {
            return new FdArg(fd, null);
        }
        int close = ArgumentSplitter.matchingAngle(raw, angle);
        return new FdArg(fd, close < 0 ? null : raw.substring(angle + 1, close));
    }

    /** Parses an annotation naming a socket ({@code TCP:[...]}, {@code UNIX-STREAM:[...]}); null otherwise. */
    public static SocketTuple socket(String annotation) {
        if (annotation == null) {
            return null;
        }
        int colon = annotation.indexOf(":[");
        if (colon <= 0 || !annotation.endsWith("]") || annotation.startsWith("/")) {
            return null;
        }
        String protocol = annotation.substring(0, colon);
        String inside = annotation.substring(colon + 2, annotation.length() - 1);
        if (protocol.startsWith("UNIX")) {
            String path = null;
            int comma = inside.indexOf(",\"");
            if (comma >= 0) {
                path = text(inside.substring(comma + 1));
            }
            return new SocketTuple(protocol, null, 0, null, 0, path);
        }
        if (!protocol.startsWith("TCP") && !protocol.startsWith("UDP") && !protocol.startsWith("RAW")
                && !protocol.startsWith("SCTP")) {
            return null;
        }
        int arrow = inside.indexOf("->");
        String local = arrow < 0 ? inside : inside.substring(0, arrow);
        String remote = arrow < 0 ? null : inside.substring(arrow + 2);
        String[] l = hostPort(local);
        String[] r = remote == null ? null : hostPort(remote);
        return new SocketTuple(protocol, l == null ? null : l[0], l == null ? 0 : parsePort(l[1]),
                r == null ? null : r[0], r == null ? 0 : parsePort(r[1]), null);
    }

    /** The inode of a socket annotation that shows only it ({@code TCP:[27364]}), or -1. */
    public static long socketInode(String annotation) {
        if (annotation == null) {
            return -1;
        }
        int open = annotation.indexOf(":[");
        if (open < 0 || !annotation.endsWith("]")) {
            return -1;
        }
        String inside = annotation.substring(open + 2, annotation.length() - 1);
        return isAllDigits(inside) ? Long.parseLong(inside) : -1;
    }

    private static boolean isAllDigits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Splits {@code 1.2.3.4:80} or {@code [::1]:80} into host and port; null for a bare inode. */
    private static String[] hostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, s.substring(colon + 1)};
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Parses a {@code struct sockaddr} argument; null for {@code NULL} or unknown forms. */
    public static SocketAddress sockaddr(String raw) {
        if (raw == null || !raw.startsWith("{") || !raw.endsWith("}")) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (ArgumentSplitter.split(raw.substring(1, raw.length() - 1) + ")", parts) < 0) {
            return null;
        }
        String family = null;
        String ip = null;
        String path = null;
        int port = 0;
        for (String p : parts) {
            if (p.startsWith("sa_family=")) {
                family = p.substring(10);
            } else if (p.startsWith("sin_port=htons(") || p.startsWith("sin6_port=htons(")) {
                port = parsePort(p.substring(p.indexOf('(') + 1, p.length() - 1));
            } else if (p.startsWith("sin_addr=inet_addr(")) {
                ip = text(p.substring(p.indexOf('(') + 1, p.length() - 1));
            } else if (p.startsWith("inet_pton(")) {
                List<String> call = new ArrayList<>();
                ArgumentSplitter.split(p.substring(10), call);
                ip = call.size() > 1 ? text(call.get(1)) : null;
            } else if (p.startsWith("sun_path=")) {
                String v = p.substring(9);
                path = v.startsWith("@") ? "@" + text(v.substring(1)) : text(v);
            }
        }
        return family == null ? null : new SocketAddress(family, ip, port, path);
    }

    /** Parses an octal mode ({@code 0644}) or decimal number; -1 when {@code raw} is neither. */
    public static long number(String raw) {
        if (raw == null || raw.isEmpty()) {
            return -1;
        }
        try {
            if (raw.length() > 1 && raw.startsWith("0") && !raw.startsWith("0x")) {
                return Long.parseLong(raw.substring(1), 8);
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        long v = StraceLineParser.parseNumber(raw);
        return v == Long.MIN_VALUE ? -1 : v;
    }

    /** Splits a flag set such as {@code O_WRONLY|O_CREAT|O_TRUNC} into its names. */
    public static List<String> flags(String raw) {
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        return List.of(raw.split("\\|"));
    }

    /** Decodes the C escapes strace uses between {@code from} and {@code to}; bytes are read as UTF-8. */
    private static String unescape(String s, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= to) {
                if (c < 0x80) {
                    bytes.write(c);
                } else {
                    byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    bytes.write(b, 0, b.length);
                }
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> bytes.write('\n');
                case 't' -> bytes.write('\t');
                case 'r' -> bytes.write('\r');
                case 'v' -> bytes.write(0x0b);
                case 'f' -> bytes.write('\f');
                case 'x' -> {
                    int end = Math.min(to, i + 3);
                    int j = i + 1;
                    while (j < end && Character.digit(s.charAt(j), 16) >= 0) {
                        j++;
                    }
                    bytes.write(j > i + 1 ? Integer.parseInt(s.substring(i + 1, j), 16) : 'x');
                    i = j - 1;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = Math.min(to, i + 3);
                        int j = i;
                        while (j < end && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                            j++;
                        }
                        bytes.write(Integer.parseInt(s.substring(i, j), 8) & 0xff);
                        i = j - 1;
                    } else {
                        bytes.write(e);
                    }
                }
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
