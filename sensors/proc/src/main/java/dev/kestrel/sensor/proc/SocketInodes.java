package dev.kestrel.sensor.proc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a socket's local address by its inode in {@code /proc/PID/net/{tcp,udp}[6]}, for calls where
 * strace printed only the inode ({@code TCP:[27364]}), e.g. a non-blocking {@code connect}. The
 * socket must still be open when asked; otherwise the answer is null.
 */
public final class SocketInodes {

    /** A local endpoint. */
    public record Endpoint(String ip, int port) {

        /** {@code ip:port}, as tuples are written. */
        public String text() {
            return text(ip, port);
        }

        /** {@code ip:port}, an IPv6 address in brackets, as the sensors write tuples. */
        public static String text(String ip, int port) {
            return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
        }
    }

    private final Path root;

    public SocketInodes(Path procRoot) {
        this.root = procRoot;
    }

    /** The local endpoint of socket {@code inode} of process {@code pid}, or null when not found. */
    public Endpoint local(long pid, long inode, String protocol) {
        String table = protocol.toLowerCase(Locale.ROOT).startsWith("udp") ? "udp" : "tcp";
        boolean v6 = protocol.endsWith("v6");
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve(Long.toString(pid)).resolve("net").resolve(table + (v6 ? "6" : "")));
        } catch (IOException | SecurityException e) {
            return null;
        }
        String wanted = Long.toString(inode);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length > 9 && f[9].equals(wanted)) {
                return endpoint(f[1], v6);
            }
        }
        return null;
    }

    /** Decodes {@code 0100007F:B798} (v4) or a 32-digit v6 address, both in the kernel's word order. */
    static Endpoint endpoint(String text, boolean v6) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String hex = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1), 16);
        } catch (NumberFormatException e) {
            return null;
        }
        if (!v6 && hex.length() == 8) {
            long v = Long.parseLong(hex, 16);
            return new Endpoint((v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff), port);
        }
        if (v6 && hex.length() == 32) {
            byte[] bytes = new byte[16];
            for (int w = 0; w < 4; w++) {
                long word = Long.parseLong(hex.substring(w * 8, w * 8 + 8), 16);
                for (int b = 0; b < 4; b++) {
                    bytes[w * 4 + b] = (byte) (word >> (8 * b));
                }
            }
            try {
                String ip = InetAddress.getByAddress(bytes).getHostAddress();
                return new Endpoint(compressV6(ip), port);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    /** Java prints {@code 0:0:0:0:0:0:0:1}; Falco and strace print {@code ::1}. */
    private static String compressV6(String ip) {
        if (!ip.contains(":")) {
            return ip;
        }
        String s = ":" + ip.replaceAll("(^|:)0+(?=[0-9a-f])", "$1") + ":";
        String best = null;
        Matcher m = Pattern.compile("(:0)+:").matcher(s);
        while (m.find()) {
            if (best == null || m.group().length() > best.length()) {
                best = m.group();
            }
        }
        if (best != null) {
            s = s.replaceFirst(Pattern.quote(best), "::");
        }
        s = s.startsWith("::") ? s : s.substring(1);
        s = s.endsWith("::") ? s : s.substring(0, s.length() - 1);
        return s;
    }
}
