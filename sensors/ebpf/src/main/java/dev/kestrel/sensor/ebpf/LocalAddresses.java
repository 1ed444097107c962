package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.field.IpAddress;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's IPv4 interface addresses, read once, to name the local end of a datagram sent from an
 * unbound socket, where the kernel holds 0.0.0.0: the address equal to the destination, else one on
 * the destination's subnet, else the first that is not loopback (what Falco's libsinsp infers).
 */
final class LocalAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAddresses.class);
    private static final int LOOPBACK = 0x7f000001;

    /** One interface address: both as 32-bit numbers, most significant byte first. */
    record Interface(int address, int netmask) {
    }

    private final List<Interface> interfaces;

    LocalAddresses(List<Interface> interfaces) {
        this.interfaces = List.copyOf(interfaces);
    }

    /** The addresses of this host's interfaces, in the order the JVM lists them; none if it cannot. */
    static LocalAddresses ofHost() {
        List<Interface> found = new ArrayList<>();
        try {
            // In the kernel's order, as getifaddrs lists them for libsinsp (the JDK lists them reversed).
            List<NetworkInterface> all = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
            all.sort(Comparator.comparingInt(NetworkInterface::getIndex));
            for (NetworkInterface n : all) {
                for (InterfaceAddress a : n.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4) {
                        int prefix = a.getNetworkPrefixLength();
                        int mask = prefix <= 0 ? 0 : prefix >= 32 ? -1 : -1 << (32 - prefix);
                        found.add(new Interface(toInt(v4.getAddress()), mask));
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            LOG.debug("could not list the network interfaces: {}", e.toString());
        }
        return new LocalAddresses(found);
    }

    /** The local address a datagram to {@code destination} (dotted IPv4) left from, or null when none fits. */
    String infer(String destination) {
        int d = parse(destination);
        if (d == 0) {
            return null;
        }
        for (Interface i : interfaces) {
            if (i.address() == d) {
                return format(i.address());
            }
        }
        for (Interface i : interfaces) {
            if ((i.address() & i.netmask()) == (d & i.netmask())) {
                return format(i.address());
            }
        }
        for (Interface i : interfaces) {
            if (i.address() != LOOPBACK) {
                return format(i.address());
            }
        }
        return null;
    }

    private static int toInt(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** A dotted IPv4 address as a number, or 0 when it is not one. */
    static int parse(String dotted) {
        if (dotted == null) {
            return 0;
        }
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            return 0;
        }
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return 0;
            }
            v = v << 8 | Integer.parseInt(p);
        }
        return v;
    }

    static String format(int a) {
        return IpAddress.ofV4(a).toString();
    }
}
