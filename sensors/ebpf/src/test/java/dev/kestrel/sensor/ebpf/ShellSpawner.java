package dev.kestrel.sensor.ebpf;

/** Run inside a test container as {@code java -cp /app ...}: a Java process that spawns a shell, as an RCE would. */
public final class ShellSpawner {

    private ShellSpawner() {
    }

    public static void main(String[] args) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "id").inheritIO().start();
        System.exit(p.waitFor());
    }
}
