package dev.resilience.agent.policy;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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

    /**
     * The file's text, of at most {@code maxBytes} bytes: never more is read, whatever the file.
     *
     * @throws java.nio.charset.CharacterCodingException when the bytes are not UTF-8
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
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }
}
