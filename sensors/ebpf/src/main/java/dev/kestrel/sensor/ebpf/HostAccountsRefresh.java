package dev.kestrel.sensor.ebpf;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.sensor.proc.HostAccounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The host's users and groups as last read, read again when a host process's exec names a user or group
 * they lack (a user added since), at most once per {@link #MIN_INTERVAL}; libsinsp looks such an id up
 * when its exec comes. Only the writing thread uses it.
 */
final class HostAccountsRefresh {

    /** The shortest time between two reads. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

    private final Ticker ticker;
    private final Consumer<String> note;
    private Path root;
    private long[] uids = new long[0];
    private long[] gids = new long[0];
    private long lastReadNanos;

    HostAccountsRefresh(Ticker ticker, Consumer<String> note) {
        this.ticker = ticker;
        this.note = note;
    }

    /** Sends the lists read under {@code root} (null: they cannot be read again) and remembers their ids. */
    void send(List<UserMetadata> users, List<GroupMetadata> groups, Path root, Event event, EventSink sink) {
        this.root = root;
        lastReadNanos = ticker.read();
        uids = users.stream().mapToLong(UserMetadata::uid).sorted().toArray();
        gids = groups.stream().mapToLong(GroupMetadata::gid).sorted().toArray();
        long now = System.currentTimeMillis() * 1_000_000L;
        users.forEach(u -> sink.accept(event.resetUser(now, u)));
        groups.forEach(g -> sink.accept(event.resetGroup(now, g)));
    }

    /**
     * Before a host process's exec as user {@code uid}, group {@code gid} and login user {@code loginUid} (-1:
     * none): reads the lists again and sends them when one of the ids is not in them and the last read is old enough.
     */
    void before(long uid, long gid, long loginUid, Event event, EventSink sink) {
        boolean known = Arrays.binarySearch(uids, uid) >= 0 && Arrays.binarySearch(gids, gid) >= 0
                && (loginUid < 0 || Arrays.binarySearch(uids, loginUid) >= 0);
        if (known || root == null) {
            return;
        }
        if (ticker.read() - lastReadNanos < MIN_INTERVAL.toNanos()) {
            note.accept("host execs with a user or group the host's lists lack, read again at most every "
                    + MIN_INTERVAL.toSeconds() + " s");
            return;
        }
        note.accept("host account lists read again (an exec named a user or group they lacked)");
        HostAccounts accounts = new HostAccounts(root);
        send(accounts.users(), accounts.groups(), root, event, sink);
    }
}
