package dev.resilience.agent.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads and validates a policy file (version 1). Returns every problem at once, sorted by position,
 * each as {@code FILE:LINE:COLUMN: message}; never throws for bad input. Stateless and thread-safe.
 *
 * <p>YAML is composed into a node tree only: no object is constructed from a tag, custom tags are
 * errors, and oversized, deeply nested or alias-bomb input is refused before it can cost much.
 */
public final class PolicyLoader {
    /** Larger files are refused unread. */
    public static final long MAX_FILE_BYTES = SafeYaml.MAX_CHARS;

    private PolicyLoader() { }

    /**
     * Reads {@code file} (UTF-8) and validates it.
     *
     * @param displayName how messages name the file, usually as the operator gave it
     */
    public static LoadResult load(Path file, String displayName) {
        Problems problems = new Problems(displayName);
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                problems.addForFile("the file has " + size + " bytes; a policy may have at most " + MAX_FILE_BYTES
                        + " (1 MB); is this the right file?");
                return new LoadResult(null, problems.sorted());
            }
            if (!Files.isRegularFile(file)) {
                // A pipe would block the reader (and the JVM's start) for ever, a device never end: a
                // symlink committed to /dev/zero must not get past the size check, which reads 0 for them.
                problems.addForFile("cannot read: not a regular file (a directory, a device or a pipe); a policy is a text file");
                return new LoadResult(null, problems.sorted());
            }
            return parse(PolicyText.read(file, (int) MAX_FILE_BYTES), displayName);
        } catch (NoSuchFileException e) {
            problems.addForFile("cannot read: no such file");
        } catch (PolicyText.NotUtf8 e) {
            problems.add(e.position(), String.format("cannot read: the file is not UTF-8 text (the byte 0x%02X here);"
                    + " save it as UTF-8", e.value()));
        } catch (PolicyText.TooLarge e) {
            problems.addForFile("the file grew past " + MAX_FILE_BYTES + " bytes while it was read; a policy may have at most"
                    + " 1 MB; is this the right file?");
        } catch (IOException | SecurityException e) {
            problems.addForFile("cannot read: " + reason(e));
        }
        return new LoadResult(null, problems.sorted());
    }

    /** Validates policy text. */
    public static LoadResult parse(String yamlText, String displayName) {
        Problems problems = new Problems(displayName);
        Optional<Node> root = SafeYaml.compose(yamlText, problems);
        if (root.isEmpty()) {
            return new LoadResult(null, problems.sorted());
        }
        PolicyReader reader = new PolicyReader(problems, ClassLoader.getPlatformClassLoader());
        Policy policy = reader.read(root.get()).orElse(null);
        return new LoadResult(problems.isEmpty() ? policy : null, problems.sorted(), reader.matches());
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
