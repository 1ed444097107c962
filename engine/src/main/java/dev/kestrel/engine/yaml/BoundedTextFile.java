package dev.kestrel.engine.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a text file Kestrel is given (rules, configuration) only when it is safe to: directories,
 * device files ({@code /dev/zero}), named pipes and sockets are refused by their type, and a regular
 * file by its size, before anything is read; a file that grows while it is read stops at the
 * limit. Stateless and thread-safe.
 */
public final class BoundedTextFile {

    private BoundedTextFile() {
    }

    /**
     * The UTF-8 text of {@code path}.
     *
     * @param what what the file is, for messages ("rules file")
     * @param limitName the name of the limit, for messages ("maxRulesFileBytes")
     * @throws java.nio.file.NoSuchFileException when there is no such file
     * @throws java.nio.file.AccessDeniedException when it may not be read
     * @throws IOException with a sentence for the user: not a regular file (and which kind), larger
     *                     than {@code maxBytes}, not UTF-8 text, or the read error
     */
    public static String read(Path path, int maxBytes, String what, String limitName) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
            throw new IOException("it is " + kind(path, attrs) + ", not a " + what);
        }
        if (attrs.size() > maxBytes) {
            throw new IOException("it has " + attrs.size() + " bytes, more than the " + maxBytes
                    + " allowed (the limit " + limitName + ")");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw new IOException("it grew beyond the " + maxBytes + " bytes allowed while it was read (the limit "
                    + limitName + ")");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("it is not valid UTF-8 text");
        }
    }

    /**
     * Why a file could not be read, for a message: "no such file", "permission denied", else the failure's own
     * words ({@link #read}'s are sentences).
     */
    public static String whyUnreadable(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /**
     * What {@code path} is when it is not a regular file, in the words of {@link #read}'s refusals
     * ("a directory", "a character device", "a named pipe (FIFO)", ...), or null when it is one.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     * @throws IOException when its attributes cannot be read
     */
    public static String irregularKind(Path path) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
        return attrs.isRegularFile() ? null : kind(path, attrs);
    }

    private static String kind(Path path, BasicFileAttributes attrs) {
        if (attrs.isDirectory()) {
            return "a directory";
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "not a regular file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }
}
