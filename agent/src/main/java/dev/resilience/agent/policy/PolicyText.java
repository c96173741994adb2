package dev.resilience.agent.policy;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a policy file as strict UTF-8 text, like {@link Files#readString}, without NIO's file
 * channels: {@code Files} would load them and the JDK's {@code net} and {@code nio} libraries in
 * premain, where a plain JVM loads none of them (issue 8). {@code FileInputStream} is already
 * loaded by every JVM. Stateless and thread-safe.
 */
final class PolicyText {
    private PolicyText() { }

    /** The file holds more than the limit (it grew after its size was checked). */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("over the size limit", null);
        }
    }

    /** The file holds bytes that are not UTF-8; where the first of them is, as a line and a column. */
    static final class NotUtf8 extends IOException {
        private final Position position;
        private final int value;

        NotUtf8(Position position, int value) {
            super("not UTF-8", null);
            this.position = position;
            this.value = value;
        }

        Position position() {
            return position;
        }

        /** The first byte that does not fit, 0 to 255. */
        int value() {
            return value;
        }
    }

    /**
     * The file's text, of at most {@code maxBytes} bytes: never more is read, whatever the file.
     *
     * @throws NotUtf8 when the bytes are not UTF-8
     * @throws TooLarge when the file has more than {@code maxBytes}
     * @throws IOException exactly as {@link Files#readString} throws it when the file cannot be opened
     */
    static String read(Path file, int maxBytes) throws IOException {
        byte[] bytes;
        try (InputStream in = new FileInputStream(file.toFile())) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (FileNotFoundException cannotOpen) {
            // FileInputStream says only "(Permission denied)" and the like; the problems report NIO's
            // exception (AccessDeniedException, NoSuchFileException, ...): let Files say why.
            return Files.readString(file);
        }
        if (bytes.length > maxBytes) {
            throw new TooLarge();
        }
        return decode(bytes);
    }

    static String decode(byte[] bytes) throws NotUtf8 {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input: never guesses
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new NotUtf8(positionOf(bytes, in.position()), bytes[in.position()] & 0xFF);
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /**
     * Line and column of the byte at {@code offset}, counted as the YAML reader counts: a line break is
     * LF, CR LF or a lone CR, and a column is one character, however many bytes it takes.
     */
    private static Position positionOf(byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        // a byte order mark is not a column: the YAML reader skips it (review)
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        for (int i = Math.min(start, offset); i < offset; i++) {
            byte b = bytes[i];
            if (b == '\n' || b == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) {
                line++;
                column = 1;
            } else if ((b & 0xC0) != 0x80 && b != '\r') { // a continuation byte is part of the character before it
                column++;
            }
        }
        return new Position(line, column);
    }
}
