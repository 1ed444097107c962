package dev.kestrel.fields.state;

import dev.kestrel.core.field.IpAddress;
import dev.kestrel.core.text.Utf8Cut;

/**
 * One open file description as the state knows it: type, name, open flags and, for sockets, the
 * endpoints. Derived strings (directory, file name) are computed the first time a rule reads them
 * after the name changed, never per event, and not at all when no rule reads them. Shared by fd tables copied on fork, as the kernel shares the description.
 */
public final class FdInfo {

    /** Which end of a connection this process is, as far as the events tell. */
    public enum Role { UNKNOWN, CLIENT, SERVER }

    /** Layer-4 protocol names as Falco prints them in {@code fd.l4proto}. */
    public enum L4 {
        NONE(null), TCP("tcp"), UDP("udp"), ICMP("icmp"), RAW("raw");

        private final String text;

        L4(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private FdType type;
    private String name;
    private String nameRaw;
    private String directory;
    private String filename;
    private boolean split;
    private long openFlags;
    private long dev;
    private long ino;
    private IpAddress clientIp;
    private IpAddress serverIp;
    private int clientPort = -1;
    private int serverPort = -1;
    private L4 l4 = L4.NONE;
    private Role role = Role.UNKNOWN;
    private boolean connected;
    private long nameChangedAtEvent = -1;
    /** What the state's byte estimate charges for this fd, fixed when a table first holds it (see {@link StateBytes#fd}). */
    long chargedBytes;

    public FdInfo(FdType type, String name) {
        this.type = type;
        setName(name, name, -1);
    }

    /** A copy with the same content (dup, fcntl F_DUPFD). */
    public FdInfo copy() {
        FdInfo c = new FdInfo(type, name);
        c.nameRaw = nameRaw;
        c.openFlags = openFlags;
        c.dev = dev;
        c.ino = ino;
        c.clientIp = clientIp;
        c.serverIp = serverIp;
        c.clientPort = clientPort;
        c.serverPort = serverPort;
        c.l4 = l4;
        c.role = role;
        c.connected = connected;
        return c;
    }

    public FdType type() {
        return type;
    }

    void setType(FdType type) {
        this.type = type;
        this.split = false;
    }

    public String name() {
        return name;
    }

    public String nameRaw() {
        return nameRaw;
    }

    /** The directory part of a file's path (no trailing slash, "/" for the root), or null. */
    public String directory() {
        if (!split) {
            splitName();
        }
        return directory;
    }

    /** The last path component of a file's path, or null. */
    public String filename() {
        if (!split) {
            splitName();
        }
        return filename;
    }

    /** True when the name is an absolute path of a file or directory, which has a directory and a file name. */
    boolean isPath() {
        return name != null && (type == FdType.FILE || type == FdType.DIRECTORY) && name.startsWith("/");
    }

    /** Sets the directory and file name of the current name, already split (see {@link PathSplitCache}). */
    void setSplit(String directory, String filename) {
        this.directory = directory;
        this.filename = filename;
        this.split = true;
    }

    private void splitName() {
        if (isPath()) {
            int slash = name.lastIndexOf('/');
            directory = slash == 0 ? "/" : name.substring(0, slash);
            filename = name.substring(slash + 1);
        } else {
            directory = null;
            filename = null;
        }
        split = true;
    }

    public long openFlags() {
        return openFlags;
    }

    void setOpenFlags(long flags) {
        this.openFlags = flags;
    }

    public long dev() {
        return dev;
    }

    public long ino() {
        return ino;
    }

    void setDevIno(long dev, long ino) {
        this.dev = dev;
        this.ino = ino;
    }

    /** Sets the name and recomputes the directory and file name; {@code eventNum} marks the change. */
    void setName(String name, String raw, long eventNum) {
        if (this.name != null && !this.name.equals(name)) {
            nameChangedAtEvent = eventNum;
        } else if (this.name == null && name != null && eventNum >= 0) {
            nameChangedAtEvent = eventNum;
        }
        this.name = name;
        this.nameRaw = raw;
        this.split = false;
    }

    /**
     * Cuts the name (and raw name) to {@code maxBytes} UTF-8 bytes, keeping the event that changed
     * it; true if it was longer.
     */
    boolean cutName(int maxBytes) {
        if (!Utf8Cut.exceeds(name, maxBytes)
                && !Utf8Cut.exceeds(nameRaw, maxBytes)) {
            return false;
        }
        long changed = nameChangedAtEvent;
        String cut = Utf8Cut.cut(name, maxBytes);
        String raw = nameRaw == null ? null : Utf8Cut.cut(nameRaw, maxBytes);
        this.name = null; // setName recomputes the directory and file name of the cut name
        setName(cut, raw, -1);
        nameChangedAtEvent = changed;
        return true;
    }

    /** True if event {@code eventNum} changed this fd's name. */
    public boolean nameChangedBy(long eventNum) {
        return nameChangedAtEvent == eventNum;
    }

    public IpAddress clientIp() {
        return clientIp;
    }

    public IpAddress serverIp() {
        return serverIp;
    }

    /** The client port, or -1. */
    public int clientPort() {
        return clientPort;
    }

    /** The server port, or -1. */
    public int serverPort() {
        return serverPort;
    }

    public L4 l4() {
        return l4;
    }

    void setL4(L4 l4) {
        this.l4 = l4;
    }

    public Role role() {
        return role;
    }

    void setRole(Role role) {
        this.role = role;
    }

    public boolean connected() {
        return connected;
    }

    void setConnected(boolean connected) {
        this.connected = connected;
    }

    void setEndpoints(IpAddress clientIp, int clientPort, IpAddress serverIp, int serverPort) {
        this.clientIp = clientIp;
        this.clientPort = clientPort;
        this.serverIp = serverIp;
        this.serverPort = serverPort;
    }

    void setServer(IpAddress ip, int port) {
        this.serverIp = ip;
        this.serverPort = port;
    }

    /** The local address: the server's for a server socket, else the client's. */
    public IpAddress localIp() {
        return role == Role.SERVER ? serverIp : clientIp;
    }

    public IpAddress remoteIp() {
        return role == Role.SERVER ? clientIp : serverIp;
    }

    public int localPort() {
        return role == Role.SERVER ? serverPort : clientPort;
    }

    public int remotePort() {
        return role == Role.SERVER ? clientPort : serverPort;
    }

    @Override
    public String toString() {
        return type.text() + ":" + name;
    }
}
