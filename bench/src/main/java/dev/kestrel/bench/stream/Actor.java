package dev.kestrel.bench.stream;

/**
 * A long-lived thread of the generated world and what it typically does. {@code logFd} is a file it
 * keeps open for writing; {@code socketFd} a connection or listening socket it keeps open (or -1).
 */
record Actor(ProcessRecord process, Role role, ContainerRecord container, int logFd, int socketFd) {

    /** The kinds of activity a thread of the world performs. */
    enum Role {
        /** nginx worker: accepts connections, serves files. */
        WEB,
        /** Spring Boot thread: talks to the database, writes temp files, loads classes. */
        JAVA,
        /** mysqld thread: reads and writes its data files. */
        DATABASE,
        /** node_exporter, kubelet: read /proc. */
        MONITOR,
        /** journald, rsyslogd, containerd: write logs. */
        LOGGER,
        /** cron, the admin's shell: start short-lived commands. */
        SPAWNER,
        /** coredns: answers and forwards DNS over UDP. */
        DNS,
        /** Present in the tables, silent. */
        IDLE
    }

    long tid() {
        return process.tid();
    }

    long pid() {
        return process.pid();
    }
}
