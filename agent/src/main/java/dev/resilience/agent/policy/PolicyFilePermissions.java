package dev.resilience.agent.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a policy file may be reloaded: whoever can change it changes what the agent does inside the
 * application, so a policy that every local user can rewrite is not followed while running. Stateless
 * and thread-safe.
 *
 * <p>Checked on POSIX file systems: the file itself (through symbolic links) must not be writable by
 * others, and no directory above it may let others replace it: writable by others without the sticky
 * bit, it lets them rename the file, or a directory holding it, away and put their own in its place.
 * Like OpenSSH's {@code StrictModes}, every directory up to the root counts. Elsewhere (Windows
 * ACLs) nothing is checked and the file passes.
 */
public final class PolicyFilePermissions {
    /** {@code S_ISVTX}: in a sticky directory only a file's owner may rename or delete it ({@code /tmp}). */
    private static final int STICKY = 01000;
    /** Links followed one by one, as the kernel's own limit on a path's links (ELOOP). */
    private static final int MAX_LINKS = 40;

    private PolicyFilePermissions() { }

    /**
     * @return why the file must not be reloaded, or empty when it may be (or the file system cannot say);
     *         a file that does not exist, cannot be resolved (a loop of links) or is no regular file (a
     *         directory, a device) passes here: loading it reports that, positioned as {@code validate} does
     *         (audit: {@code /tmp} as the policy was told to run {@code chmod o-w /tmp})
     */
    public static Optional<String> check(Path file) {
        Path real;
        Set<PosixFilePermission> filePermissions;
        try {
            real = file.toRealPath();
            filePermissions = Files.getPosixFilePermissions(real);
        } catch (java.nio.file.FileSystemException e) { // no such file, a loop of links, access denied: loading says
            return Optional.empty();
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("cannot check who may change the policy " + file + " (" + e.getMessage()
                    + "); reload needs a policy file whose permissions can be read");
        }
        if (!Files.isRegularFile(real)) {
            return Optional.empty();
        }
        if (filePermissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of("policy file " + describe(file, real) + " is world-writable ("
                    + PosixFilePermissions.toString(filePermissions) + "): with hot reload on, any local user could"
                    + " change what the agent does to this application. Remove the write permission for others"
                    + " (chmod o-w " + real + "), or start the agent with reload=false");
        }
        // The directories above every link on the way too: a symbolic link in a directory others can
        // write can be pointed elsewhere, whatever protects the file it names now.
        Path step = file.toAbsolutePath().normalize();
        for (int hops = 0; hops < MAX_LINKS; hops++) {
            Optional<String> open = openDirectoryAbove(step, file, real);
            if (open.isPresent()) {
                return open;
            }
            if (!Files.isSymbolicLink(step)) {
                break;
            }
            try {
                step = step.resolveSibling(Files.readSymbolicLink(step)).normalize();
            } catch (IOException | SecurityException | UnsupportedOperationException e) {
                break; // the real path's directories are still checked below
            }
        }
        return openDirectoryAbove(real, file, real);
    }

    /** The first directory above {@code path} that others may write without the sticky bit, as the problem. */
    private static Optional<String> openDirectoryAbove(Path path, Path file, Path real) {
        for (Path directory = path.getParent(); directory != null; directory = directory.getParent()) {
            Set<PosixFilePermission> dirPermissions;
            try {
                dirPermissions = Files.getPosixFilePermissions(directory);
            } catch (IOException | SecurityException | UnsupportedOperationException e) {
                continue; // a directory we cannot inspect is not a reason to refuse
            }
            if (dirPermissions.contains(PosixFilePermission.OTHERS_WRITE) && !isSticky(directory)) {
                return Optional.of("policy file " + describe(file, real) + " is below the world-writable directory "
                        + directory + " (" + PosixFilePermissions.toString(dirPermissions) + ", no sticky bit): with hot"
                        + " reload on, any local user could replace the policy. Keep it where only its owner can write"
                        + " (chmod o-w " + directory + "), or start the agent with reload=false");
            }
        }
        return Optional.empty();
    }

    private static String describe(Path file, Path real) {
        return real.equals(file.toAbsolutePath().normalize()) ? real.toString() : file + " (" + real + ")";
    }

    /**
     * True when the directory has the sticky bit. {@code java.nio} has no portable view of it; the
     * {@code unix:mode} attribute exists on Linux and macOS. Unknown counts as not sticky.
     */
    private static boolean isSticky(Path directory) {
        try {
            Object mode = Files.getAttribute(directory, "unix:mode");
            return mode instanceof Integer m && (m & STICKY) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }
}
