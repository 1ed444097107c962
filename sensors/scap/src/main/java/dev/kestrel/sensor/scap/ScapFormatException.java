package dev.kestrel.sensor.scap;

import java.io.IOException;

/**
 * A capture file that is not a libscap capture, or is truncated or corrupt at some point. The message
 * is one sentence for a user and names the block and the byte offset where reading stopped; every
 * event before that point was delivered.
 */
public final class ScapFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String block;
    private final long offset;

    ScapFormatException(String message, String block, long offset) {
        super(message);
        this.block = block;
        this.offset = offset;
    }

    /** The block being read, e.g. {@code "event V2 (0x216)"}, or null before the first block. */
    public String block() {
        return block;
    }

    /** The byte offset of that block from the start of the (uncompressed) capture. */
    public long offset() {
        return offset;
    }
}
