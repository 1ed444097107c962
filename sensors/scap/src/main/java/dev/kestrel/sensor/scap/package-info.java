/**
 * Reads Falco/sysdig capture files (libscap's {@code .scap} format): {@link dev.kestrel.sensor.scap.ScapReader}
 * turns one into Kestrel events and state records; {@link dev.kestrel.sensor.scap.ScapSource} is the
 * {@code scap} event source built on it.
 */
package dev.kestrel.sensor.scap;
