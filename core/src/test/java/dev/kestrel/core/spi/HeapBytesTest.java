package dev.kestrel.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapBytesTest {

    @Test
    void aStringCountsTwoBytesACharacterAndItsHeaders() {
        assertThat(HeapBytes.string(null)).isZero();
        assertThat(HeapBytes.string("")).isEqualTo(40);
        assertThat(HeapBytes.string("abcd") - HeapBytes.string("")).isEqualTo(8);
    }

    @Test
    void aCollectionCountsItselfAReferenceAndEachString() {
        assertThat(HeapBytes.strings(List.of())).isEqualTo(24);
        assertThat(HeapBytes.strings(List.of("ab", "c"))).isEqualTo(24 + 8 + HeapBytes.string("ab") + 8 + HeapBytes.string("c"));
    }
}
