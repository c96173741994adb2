package dev.resilience.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the owner (and root) may be able to change a policy that is reloaded while the application runs. */
class PolicyFilePermissionsTest {
    @TempDir
    Path tmp;
    Path dir;
    Path policy;

    @BeforeEach
    void privatePolicy() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        // The JUnit temp dir lives under /tmp (sticky): a fresh private directory keeps the tests independent of it.
        dir = Files.createDirectory(tmp.resolve("conf"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        policy = Files.writeString(dir.resolve("policy.yaml"), "version: 1\n");
        permissions(policy, "rw-r--r--");
    }

    private static void permissions(Path path, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    @Test
    void acceptsAFileOnlyItsOwnerCanWrite() {
        assertThat(PolicyFilePermissions.check(policy)).isEmpty();
    }

    @Test
    void acceptsAGroupWritableFile() throws IOException {
        permissions(policy, "rw-rw-r--");
        assertThat(PolicyFilePermissions.check(policy)).isEmpty();
    }

    @Test
    void refusesAWorldWritableFileAndSaysHowToFixIt() throws IOException {
        permissions(policy, "rw-rw-rw-");
        assertThat(PolicyFilePermissions.check(policy)).hasValue("policy file " + policy.toRealPath() + " is"
                + " world-writable (rw-rw-rw-): with hot reload on, any local user could change what the agent does to"
                + " this application. Remove the write permission for others (chmod o-w " + policy.toRealPath() + "),"
                + " or start the agent with reload=false");
    }

    @Test
    void followsASymbolicLinkToTheWorldWritableFileItNames() throws IOException {
        permissions(policy, "rw-rw-rw-");
        Path link = Files.createSymbolicLink(dir.resolve("current.yaml"), policy);
        String expected = "policy file " + link + " (" + policy.toRealPath() + ") is world-writable (rw-rw-rw-)";
        assertThat(PolicyFilePermissions.check(link)).hasValueSatisfying(problem -> assertThat(problem).startsWith(expected));
    }

    @Test
    void refusesAFileInAWorldWritableDirectoryWithoutStickyBit() throws IOException {
        permissions(dir, "rwxrwxrwx");
        String expected = "policy file " + policy.toRealPath() + " is below the world-writable directory "
                + dir.toRealPath() + " (rwxrwxrwx, no sticky bit): with hot reload on, any local user could replace the policy";
        assertThat(PolicyFilePermissions.check(policy)).hasValueSatisfying(problem -> assertThat(problem).startsWith(expected));
    }

    @Test
    void refusesAFileBelowAWorldWritableDirectoryHigherUp() throws IOException {
        Path nested = Files.createDirectories(dir.resolve("app/conf"));
        Path deep = Files.writeString(nested.resolve("policy.yaml"), "version: 1\n");
        permissions(deep, "rw-r--r--");
        permissions(dir, "rwxrwxrwx");
        String expected = "policy file " + deep.toRealPath() + " is below the world-writable directory " + dir.toRealPath();
        assertThat(PolicyFilePermissions.check(deep)).hasValueSatisfying(problem -> assertThat(problem).startsWith(expected));
    }

    /** Review: only the real file's directories were checked; the link itself could be pointed elsewhere. */
    @Test
    void refusesALinkInAWorldWritableDirectoryWhateverItPointsTo() throws IOException {
        Path open = Files.createDirectory(tmp.resolve("open"));
        permissions(open, "rwxrwxrwx");
        Path link = Files.createSymbolicLink(open.resolve("policy.yaml"), policy);
        String expected = "policy file " + link + " (" + policy.toRealPath() + ") is below the world-writable directory "
                + open;
        assertThat(PolicyFilePermissions.check(link)).hasValueSatisfying(problem -> assertThat(problem).startsWith(expected));
    }

    /** Review: a link on the way, in a directory others can write, could be pointed elsewhere. */
    @Test
    void refusesAChainOfLinksPassingThroughAWorldWritableDirectory() throws IOException {
        Path open = Files.createDirectories(tmp.resolve("open/sub"));
        permissions(open.getParent(), "rwxrwxrwx");
        Path middle = Files.createSymbolicLink(open.resolve("middle.yaml"), policy);
        Path safe = Files.createDirectory(tmp.resolve("safe"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path first = Files.createSymbolicLink(safe.resolve("policy.yaml"), safe.relativize(middle));
        assertThat(PolicyFilePermissions.check(first)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("is below the world-writable directory " + open.getParent()));
    }

    @Test
    void acceptsAFileInAStickyWorldWritableDirectoryLikeTmp() throws IOException {
        assumeTrue(supportsUnixMode(), "unix:mode attribute");
        Files.setAttribute(dir, "unix:mode", 01777);
        assertThat(PolicyFilePermissions.check(policy)).isEmpty();
    }

    @Test
    void leavesAMissingFileToTheLoader() {
        assertThat(PolicyFilePermissions.check(dir.resolve("missing.yaml"))).isEmpty();
    }

    private boolean supportsUnixMode() {
        try {
            return Files.getAttribute(dir, "unix:mode") instanceof Integer;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Audit: a directory (or a device) given as the policy was judged by its permissions, and a sticky,
     * world-writable /tmp was answered with "chmod o-w /tmp"; a loop of links got an unpositioned line.
     * Loading says what is wrong with them, as validate does.
     */
    @Test
    void leavesWhatIsNoRegularFileOrCannotBeResolvedToTheLoader() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("policies"));
        permissions(directory, "rwxrwxrwx");
        Path loop = dir.resolve("loop.yaml");
        Files.createSymbolicLink(loop, loop);

        assertThat(PolicyFilePermissions.check(directory)).isEmpty();
        assertThat(PolicyFilePermissions.check(Path.of("/dev/null"))).isEmpty();
        assertThat(PolicyFilePermissions.check(loop)).isEmpty();
        assertThat(PolicyLoader.load(directory, directory.toString()).errors()).singleElement().asString()
                .contains(":1:1: cannot read: not a regular file");
    }
}
