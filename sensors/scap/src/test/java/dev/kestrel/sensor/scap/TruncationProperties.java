package dev.kestrel.sensor.scap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TruncationProperties {

    private static final byte[] FULL = ScapReaderTest.sample().toBytes();
    private static final List<String> ALL = read(FULL).events;
    /** Where each block of the capture ends: its total length is the second 32-bit word, little-endian. */
    private static final List<Integer> BLOCK_ENDS = blockEnds(FULL);

    private static List<Integer> blockEnds(byte[] capture) {
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> ends = new ArrayList<>();
        for (int at = 0; at < capture.length; at = ends.get(ends.size() - 1)) {
            ends.add(at + b.getInt(at + 4));
        }
        assertThat(ends.get(ends.size() - 1)).as("the blocks tile the capture").isEqualTo(capture.length);
        return ends;
    }

    private record Outcome(List<String> events, ScapFormatException error) {
    }

    private static Outcome read(byte[] capture) {
        List<String> events = new ArrayList<>();
        try (ScapReader r = ScapReader.open("cut.scap", new ByteArrayInputStream(capture), ScapLimits.DEFAULTS)) {
            Event e = new Event();
            while (r.next(e)) {
                events.add(e.toString());
            }
            return new Outcome(events, null);
        } catch (ScapFormatException e) {
            return new Outcome(events, e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Property(tries = 300)
    void aCaptureCutAnywhereGivesAPrefixOfItsEventsThenAnErrorAtOrBeforeTheCut(
            @ForAll @IntRange(min = 0, max = 10_000) int where) {
        int cut = where % FULL.length;
        Outcome o = read(Arrays.copyOf(FULL, cut));
        assertThat(ALL.subList(0, o.events().size())).isEqualTo(o.events());
        if (o.error() != null) {
            assertThat(o.error().offset()).isLessThanOrEqualTo(cut);
            assertThat(o.error().getMessage()).startsWith("cut.scap");
        } else {
            assertThat(BLOCK_ENDS).as("a clean end means the cut fell between blocks").contains(cut);
        }
    }

    @Property(tries = 300)
    void aFlippedByteNeverEscapesAsAnythingButAFormatError(@ForAll @IntRange(min = 0, max = 10_000) int where,
                                                          @ForAll byte value) {
        byte[] bent = FULL.clone();
        bent[where % bent.length] = value;
        Outcome o = read(bent);
        assertThat(o.events().size()).isLessThanOrEqualTo(ALL.size() + 64);
    }
}
