/** The /proc bootstrap: processes, open files, sockets, users and containers already running when a live sensor starts. */
module dev.kestrel.sensor.proc {
    requires transitive dev.kestrel.core;

    exports dev.kestrel.sensor.proc;
}
