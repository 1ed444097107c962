package dev.kestrel.sensor.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds sockets by inode in one network namespace's {@code net/tcp}, {@code tcp6}, {@code udp},
 * {@code udp6}, {@code raw}, {@code raw6}, {@code unix} and {@code netlink} tables, as libscap does
 * when it starts. Only the inodes asked for are kept, so memory follows the sockets asked for, not the
 * size of the tables. As libsinsp does after reading them, an IPv4 TCP connection whose local port is
 * a listening port is the server's end, and its tuple is turned to read client to server.
 *
 * <p>The {@code unix} table prints bound paths as they are, so any local user can put a newline and a line
 * of their choosing in it. Its lines can therefore name no socket another table found, and a socket named
 * on two lines (its own and a forged one) gets no name ({@link SocketEnd#ambiguous()}).
 */
final class SocketTables {

    /**
     * A socket as the tables show it, in {@code FdSnapshot}'s terms; {@code tuple} and {@code l4proto} null when
     * none; {@code ambiguous} for a unix socket named on more than one line (its name then "").
     */
    record SocketEnd(String type, String name, String tuple, String l4proto, boolean ambiguous) {

        SocketEnd(String type, String name, String tuple, String l4proto) {
            this(type, name, tuple, l4proto, false);
        }
    }

    /** One table: its file under {@code net/}, and the fd type and protocol of its sockets. */
    private enum Table {
        TCP("tcp", "ipv4", "tcp"), UDP("udp", "ipv4", "udp"), TCP6("tcp6", "ipv6", "tcp"), UDP6("udp6", "ipv6", "udp"),
        RAW("raw", "ipv4", "raw"), RAW6("raw6", "ipv6", "raw"), UNIX("unix", "unix", null), NETLINK("netlink", "netlink", null);

        final String file;
        final String type;
        final String l4proto;

        Table(String file, String type, String l4proto) {
            this.file = file;
            this.type = type;
            this.l4proto = l4proto;
        }
    }

    /** The state column of a listening TCP socket. */
    private static final String LISTEN = "0A";

    private final Path root;

    SocketTables(Path procRoot) {
        this.root = procRoot;
    }

    /**
     * The sockets of {@code wanted} found in the tables of the namespace the processes {@code pids}
     * share; each table is read through the first of them still there.
     */
    Map<Long, SocketEnd> find(List<Long> pids, Set<Long> wanted) {
        Reading r = new Reading(wanted);
        for (Table table : Table.values()) {
            // The whole tcp and unix tables are read (for the listening ports, and a unix socket named twice); the
            // others until all are found.
            if (table != Table.TCP && r.found.size() >= wanted.size()) {
                continue;
            }
            for (long pid : pids) {
                if (read(root.resolve(Long.toString(pid)).resolve("net").resolve(table.file), table, r)) {
                    break;
                }
            }
        }
        r.unix.forEach(r.found::putIfAbsent);
        for (Map.Entry<Long, SocketInodes.Endpoint[]> c : r.tcp4Connections.entrySet()) {
            SocketInodes.Endpoint local = c.getValue()[0];
            SocketInodes.Endpoint remote = c.getValue()[1];
            if (r.listeningPorts.contains(local.port())) {
                String tuple = remote.text() + "->" + local.text();
                r.found.put(c.getKey(), new SocketEnd(Table.TCP.type, tuple, tuple, Table.TCP.l4proto));
            }
        }
        return r.found;
    }

    /** What one namespace's tables gave: the sockets asked for, and what turning server ends needs. */
    private static final class Reading {
        final Set<Long> wanted;
        /** Sockets found in the tables whose lines no one can forge (all but unix). */
        final Map<Long, SocketEnd> found = new HashMap<>();
        /** Sockets the unix table names, to be taken only where no other table found them. */
        final Map<Long, SocketEnd> unix = new HashMap<>();
        final Set<Integer> listeningPorts = new HashSet<>();
        final Map<Long, SocketInodes.Endpoint[]> tcp4Connections = new HashMap<>();

        Reading(Set<Long> wanted) {
            this.wanted = wanted;
        }
    }

    /** Reads one table into {@code r}; false when it could not be opened. */
    private static boolean read(Path file, Table table, Reading r) {
        // Decoded leniently: a unix socket's path is any bytes its owner chose.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine();
                    line != null && (table == Table.TCP || table == Table.UNIX || r.found.size() < r.wanted.size());
                    line = in.readLine()) {
                try {
                    parse(line, table, r);
                } catch (NumberFormatException e) {
                    // not the kernel's format (a fake tree): the line says nothing
                }
            }
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static void parse(String line, Table table, Reading r) {
        String[] f = line.trim().split("\\s+", table == Table.UNIX ? 8 : 0);
        int inodeField = table == Table.UNIX ? 6 : 9;
        if (f.length <= inodeField) {
            return;
        }
        if (table == Table.TCP && f[3].equals(LISTEN)) {
            SocketInodes.Endpoint listening = SocketInodes.endpoint(f[1], false);
            if (listening != null) {
                r.listeningPorts.add(listening.port());
            }
        }
        long inode = ProcScanner.number(f[inodeField]);
        Set<Long> wanted = r.wanted;
        Map<Long, SocketEnd> found = r.found;
        if (inode <= 0 || !wanted.contains(inode)) {
            return;
        }
        switch (table) {
            case UNIX -> r.unix.merge(inode, new SocketEnd(table.type, f.length > 7 ? f[7] : "", null, null),
                    (first, again) -> new SocketEnd(table.type, "", null, null, true));
            case NETLINK -> found.put(inode, new SocketEnd(table.type, "", null, null));
            default -> {
                boolean v6 = table == Table.TCP6 || table == Table.UDP6 || table == Table.RAW6;
                SocketInodes.Endpoint local = SocketInodes.endpoint(f[1], v6);
                SocketInodes.Endpoint remote = SocketInodes.endpoint(f[2], v6);
                if (local != null && remote != null) {
                    // As libscap: no remote address means a server (listening, or a bound datagram socket).
                    String tuple = zeroAddress(f[2]) ? local.text() : local.text() + "->" + remote.text();
                    found.put(inode, new SocketEnd(table.type, tuple, tuple, table.l4proto));
                    if (table == Table.TCP && !zeroAddress(f[2])) {
                        r.tcp4Connections.put(inode, new SocketInodes.Endpoint[] {local, remote});
                    }
                }
            }
        }
    }

    private static boolean zeroAddress(String hexEndpoint) {
        int colon = hexEndpoint.indexOf(':');
        for (int i = 0; i < colon; i++) {
            if (hexEndpoint.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
