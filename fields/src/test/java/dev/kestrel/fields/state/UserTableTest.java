package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.UserMetadata;
import org.junit.jupiter.api.Test;

/** The users table stays bounded whatever the containers' files hold, and never fills up for good. */
class UserTableTest {

    private static void fill(UserTable t, String container, int users) {
        for (int i = 1; i <= users; i++) {
            t.put(new UserMetadata(1000 + i, "u" + i, "/home/u" + i, "/bin/sh"), container);
        }
    }

    @Test
    void aNewContainersListTakesTheRoomOfTheOldestOne() {
        UserTable t = new UserTable(10);
        fill(t, "aaaaaaaaaaaa", 8);
        fill(t, "bbbbbbbbbbbb", 8);
        assertThat(t.evicted).isEqualTo(1);
        assertThat(t.dropped).isZero();
        assertThat(t.user("bbbbbbbbbbbb", 1008).name()).isEqualTo("u8");
        assertThat(t.user("aaaaaaaaaaaa", 1001)).as("its list was given up: the host's, which lacks it").isNull();
        fill(t, null, 10);
        assertThat(t.user("aaaaaaaaaaaa", 1001).name()).as("the host's list now has it").isEqualTo("u1");
        fill(t, null, 11);
        assertThat(t.dropped).as("the host's list holds 10 besides root").isEqualTo(1);
    }

    @Test
    void oneContainerHoldsAtMostItsShare() {
        UserTable t = new UserTable(100_000);
        fill(t, "cccccccccccc", UserTable.MAX_PER_CONTAINER + 5);
        assertThat(t.dropped).isEqualTo(5);
        fill(t, "dddddddddddd", 3);
        assertThat(t.user("dddddddddddd", 1003).name()).isEqualTo("u3");
        assertThat(t.evicted).isZero();
    }
}
