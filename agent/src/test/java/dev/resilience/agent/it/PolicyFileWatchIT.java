package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the agent watches the policy file itself: a Kubernetes ConfigMap's symlink swap, {@code reload=false},
 * and the refusal of a file anyone may write, observed from outside as in {@link ReloadIT}.
 */
class PolicyFileWatchIT extends ReloadFixture {
    @Test
    void aKubernetesConfigMapSymlinkSwapIsSeen() throws IOException {
        stub("/a", status(503));
        stub("/b", status(503));
        Path v1 = Files.createDirectory(dir.resolve("..2024_01_01_v1"));
        Files.writeString(v1.resolve("policy.yaml"), LEGACY_RETRY_THREE);
        Path data = Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path link = Files.createSymbolicLink(dir.resolve("policy.yaml"), Path.of("..data", "policy.yaml"));
        policy = link;
        String gate = gate("gate");
        try (ForkedApp.Running app = start(link.toString(), "legacy.get:/a", "waitfile:" + gate, "legacy.get:/b")) {
            app.awaitStdoutLine("WAITING " + gate);

            // what the kubelet does: write the new version aside, point a new link at it, rename it over ..data
            Path v2 = Files.createDirectory(dir.resolve("..2024_01_02_v2"));
            Files.writeString(v2.resolve("policy.yaml"), LEGACY_RETRY_THREE.replace("maxAttempts: 3", "maxAttempts: 2"));
            Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
            Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            app.awaitStderr("policy reloaded from " + link, 1);
            open(gate);
            ForkedApp.Result result = app.finish();

            assertThat(requests("/a")).isEqualTo(3);
            assertThat(requests("/b")).as(result.toString()).isEqualTo(2);
        }
    }

    @Test
    void reloadFalseIgnoresChanges() throws IOException {
        stub("/a", status(503));
        String gate = gate("gate");
        try (ForkedApp.Running app = start("policy=" + writePolicy(LEGACY_RETRY_THREE) + ",reload=false",
                "waitfile:" + gate, "legacy.get:/a")) {
            app.awaitStdoutLine("WAITING " + gate);

            replacePolicy(LEGACY_RETRY_THREE.replace("maxAttempts: 3", "maxAttempts: 1"));
            // the watcher would have seen this within about 0.6 s; give it far more
            sleep(2_000);
            open(gate);
            ForkedApp.Result result = app.finish();

            assertThat(requests("/a")).as(result.toString()).isEqualTo(3);
            assertThat(result.stderr()).doesNotContain("reload");
        }
    }

    @Test
    void aWorldWritablePolicyFileIsRefusedWhenReloadIsOn() throws IOException {
        stub("/a", status(503));
        String path = writePolicy(LEGACY_RETRY_THREE);
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-rw-rw-"));

        ForkedApp.Result refused = ForkedApp.run(path, "testapp.Scenario", base(), "legacy.get:/a");
        ForkedApp.Result withoutReload = ForkedApp.run("policy=" + path + ",reload=false", "testapp.Scenario", base(),
                "legacy.get:/a");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.mainRan()).isFalse();
        assertThat(refused.stderr()).contains("policy file " + path + " is world-writable")
                .contains("chmod o-w " + path).contains("reload=false");
        assertThat(withoutReload.exitCode()).as(withoutReload.toString()).isZero();
        assertThat(requests("/a")).isEqualTo(3);
    }

    /**
     * Regression (audit): SECURITY.md promised this, but only the file itself was checked. Whoever
     * may write the directory may rename the policy away and put their own in its place.
     */
    @Test
    void aPolicyInAWorldWritableDirectoryWithoutTheStickyBitIsRefusedWhenReloadIsOn() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = Files.writeString(open.resolve("policy.yaml"), LEGACY_RETRY_THREE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        ForkedApp.Result refused = ForkedApp.run(file.toString(), "testapp.Scenario", base(), "legacy.get:/a");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.mainRan()).isFalse();
        assertThat(refused.stderr()).contains("policy file " + file + " is below the world-writable directory " + open)
                .contains("reload=false");
    }

    /** The refusal says "chmod o-w": doing so applies the edit, with no second edit needed. */
    @Test
    void anEditRefusedForAWorldWritableFileAppliesOnceTheFileIsSafe() throws IOException {
        stub("/a", status(503));
        stub("/b", status(503));
        String gate = gate("gate");
        try (ForkedApp.Running app = start(writePolicy(LEGACY_RETRY_THREE), "legacy.get:/a", "waitfile:" + gate,
                "legacy.get:/b")) {
            app.awaitStdoutLine("WAITING " + gate);

            Path next = dir.resolve("policy.yaml.tmp");
            Files.writeString(next, LEGACY_RETRY_THREE.replace("maxAttempts: 3", "maxAttempts: 1"));
            Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-rw-rw-"));
            Files.move(next, policy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            app.awaitStderr("policy reload refused", 1);
            Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r--r--"));
            app.awaitStderr("policy reloaded from", 1);
            open(gate);
            ForkedApp.Result result = app.finish();

            assertThat(result.stderr()).contains("once the file is safe, its content is read again");
            assertThat(requests("/a")).isEqualTo(3);
            assertThat(requests("/b")).as(result.toString()).isEqualTo(1);
        }
    }
}
