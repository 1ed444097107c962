/** A host service embedding Kestrel; javac holds it to the packages Kestrel exports. */
module com.example.host {
    requires dev.kestrel.engine;

    exports com.example.host;
}
