/**
 * The /proc bootstrap: processes, open files, sockets, users and container ids already present
 * when a live sensor starts, so the first alerts have their ancestors and containers.
 */
package dev.kestrel.sensor.proc;
