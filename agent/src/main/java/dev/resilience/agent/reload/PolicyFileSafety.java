package dev.resilience.agent.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * With hot reload on, whoever can write the policy file can change what the application does
 * (switch protection off, add delays): a policy file every local user may write is refused.
 * Symlinks are followed, so the check applies to the file actually read (a ConfigMap's target).
 * Stateless and thread-safe.
 */
public final class PolicyFileSafety {
    private PolicyFileSafety() {
    }

    /** Why the file must not be watched, or empty when it may be (or permissions cannot be read: not POSIX). */
    public static Optional<String> problem(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException | SecurityException e) {
            return Optional.empty(); // no POSIX permissions, or no file: the loader reports a missing file
        }
        if (permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of("policy file " + file + " is world-writable: with hot reload on, any local user could"
                    + " change what the agent does to this application. Remove the write permission for others"
                    + " (chmod o-w " + file + "), or start the agent with reload=false");
        }
        return Optional.empty();
    }
}
