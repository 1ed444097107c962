/**
 * The system state Kestrel rebuilds from events (threads, fds, users, containers, pods) and the
 * built-in field classes that read it (evt, proc, thread, fd, fs, user, group, container, k8s).
 */
module dev.kestrel.fields {
    requires transitive dev.kestrel.core;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;

    exports dev.kestrel.fields.state;
    // The field classes themselves are found through ServiceLoader; the engine binds them directly.
    exports dev.kestrel.fields to dev.kestrel.engine;

    uses dev.kestrel.core.spi.MetadataProvider;

    provides dev.kestrel.core.field.FieldClass with
            dev.kestrel.fields.EvtFields,
            dev.kestrel.fields.ProcFields,
            dev.kestrel.fields.UserFields,
            dev.kestrel.fields.GroupFields,
            dev.kestrel.fields.FdFields,
            dev.kestrel.fields.FsPathFields,
            dev.kestrel.fields.FdlistFields,
            dev.kestrel.fields.ContainerFields,
            dev.kestrel.fields.K8sFields;
}
