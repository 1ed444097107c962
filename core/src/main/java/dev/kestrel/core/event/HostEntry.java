package dev.kestrel.core.event;

import dev.kestrel.core.field.IpAddress;

/**
 * A name for an address, as a DNS answer or {@code /etc/hosts} line gives it, so {@code fd.sip.name}
 * and friends can print names without Kestrel resolving anything itself.
 *
 * @param address the address
 * @param name the host name
 */
public record HostEntry(IpAddress address, String name) {
}
