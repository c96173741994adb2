package dev.resilience.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The class paths explain reads: fat jars, several --classpath options, dir/*, and what a missing supertype hides. */
class ExplainClassPathTest extends ExplainFixture {
    @Test
    void readsASpringBootFatJarsClassesAndNestedLibraries() throws IOException {
        Path lib = storeLibrary();
        Path fat = dir.resolve("app.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(fat))) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/"));
            zip.closeEntry();
            put(zip, "BOOT-INF/classes/", "testapp/LegacyClient.class");
            zip.putNextEntry(new ZipEntry("BOOT-INF/lib/lib.jar"));
            zip.write(Files.readAllBytes(lib));
            zip.closeEntry();
        }

        Run run = explainOn(fat.toString(), legacyAndStorePolicy());

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("  testapp.LegacyClient#get(java.lang.String)  [handoff]",
                "  testapp.fixtures.DiskStore#put(java.lang.String,byte[])  [handoff]",
                fat + "!/BOOT-INF/classes/", fat + "!/BOOT-INF/lib/lib.jar");
    }

    @Test
    void aSecondClasspathOptionAddsItsEntriesAfterTheFirstsInsteadOfReplacingThem() throws IOException {
        Path lib = storeLibrary();
        Path app = dir.resolve("app.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(app))) {
            put(zip, "testapp/LegacyClient.class");
        }

        Run run = explainOn(app.toString(), legacyAndStorePolicy(), "--classpath=" + lib);

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("  testapp.LegacyClient#get(java.lang.String)  [handoff]",
                "  testapp.fixtures.DiskStore#put(java.lang.String,byte[])  [handoff]",
                " classes in " + app + ":" + lib);
    }

    @Test
    void aSupertypeMissingFromTheClassPathIsNamedForSubtypeOfRules() throws IOException {
        Path app = dir.resolve("app.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(app))) {
            put(zip, "testapp/fixtures/Store.class");
            put(zip, "testapp/fixtures/DiskStore.class"); // implements Store through BaseStore, left out
            put(zip, "testapp/LegacyClient.class");
        }

        Run run = explainOn(app.toString(), legacyAndStorePolicy());

        assertThat(run.out()).doesNotContain("DiskStore#put").contains(
                "note: 1 class on this class path has supertypes on neither it nor the JDK: 1 missing, such as"
                        + " testapp.fixtures.BaseStore (above testapp.fixtures.DiskStore). subtypeOf (rule store)"
                        + " cannot see through them", "1 method matched; 1 warning, 0 errors, 1 note");
        assertThat(explainOn(app + ":" + storeLibrary(), legacyAndStorePolicy()).out())
                .contains("testapp.fixtures.DiskStore#put").doesNotContain("supertypes on neither");
    }

    @Test
    void jsonCountsNotesApart() throws IOException {
        Path app = dir.resolve("app.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(app))) {
            put(zip, "testapp/inherited/RetryingGateway.class");
        }

        JsonNode json = new ObjectMapper().readTree(explainOn(storeLibrary() + ":" + app, legacyAndStorePolicy(),
                "--json", "--strict").out());

        assertThat(json.get("notes").asInt()).isEqualTo(1);
        assertThat(json.get("findings").get(0).get("severity").asText()).isEqualTo("note");
        assertThat(json.get("findings").get(0).get("text").asText()).contains(": note: 1 class on this class path");
    }

    @Test
    void aNoteDoesNotFailStrict() throws IOException {
        Path other = dir.resolve("other.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(other))) {
            put(zip, "testapp/inherited/RetryingGateway.class"); // its super class left out: no rule needs it
            put(zip, "testapp/LegacyClient.class");
        }

        Run run = explainOn(storeLibrary() + ":" + other, legacyAndStorePolicy(), "--strict");

        assertThat(run.out()).contains("testapp.fixtures.DiskStore#put", "testapp.inherited.Gateway (above"
                + " testapp.inherited.RetryingGateway)", "2 methods matched; 0 warnings, 0 errors, 1 note");
        assertThat(run.exit()).as("optional dependencies are missing from most class paths").isZero();
    }

    @Test
    void theRulesOwnTypeMissingHidesNothing() throws IOException {
        Path app = dir.resolve("app.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(app))) {
            put(zip, "testapp/fixtures/BaseStore.class"); // implements Store, left out
            put(zip, "testapp/fixtures/DiskStore.class");
            put(zip, "testapp/LegacyClient.class");
        }

        Run run = explainOn(app.toString(), legacyAndStorePolicy(), "--strict");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("testapp.fixtures.DiskStore#put").doesNotContain("supertypes on neither");
    }

    @Test
    void withoutASubtypeOfRuleAMissingSupertypeIsNoConcern() throws IOException {
        Path app = dir.resolve("app.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(app))) {
            put(zip, "testapp/fixtures/DiskStore.class");
            put(zip, "testapp/LegacyClient.class");
        }

        Run run = explainOn(app.toString(), policy("""
                  - name: legacy
                    match: { class: testapp.LegacyClient, methods: [get] }
                """), "--strict");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).doesNotContain("supertypes on neither");
    }

    @Test
    void aDirectoryStarTakesEveryJarInIt() throws IOException {
        Path libs = Files.createDirectory(dir.resolve("libs"));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(libs.resolve("a.jar")))) {
            put(zip, "testapp/UncheckedClient.class");
        }

        Run run = explainOn(libs + "/*", policy("""
                  - name: unchecked
                    match: { class: testapp.UncheckedClient }
                """));

        assertThat(run.out()).contains("  testapp.UncheckedClient#fetch(java.lang.String)  [handoff]");
    }

    /**
     * Audit: a {@code -jar} application's libraries come through its manifest's Class-Path, which
     * java follows: explain listed their methods as matching nothing. Followed here too (relative to
     * the jar, spaces as %20, on from the jars it names, a jar naming the first back read once).
     */
    @Test
    void aJarsManifestClassPathIsFollowedAsJavaFollowsIt() throws IOException {
        Path lib = storeLibrary();
        Path deps = Files.createDirectory(dir.resolve("my deps"));
        Files.move(lib, deps.resolve("lib.jar"));
        Path app = dir.resolve("app.jar");
        Path legacy = deps.resolve("legacy.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, "my%20deps/legacy.jar missing.jar");
        try (ZipOutputStream zip = new java.util.jar.JarOutputStream(Files.newOutputStream(app), manifest)) {
            put(zip, "testapp/UncheckedClient.class");
        }
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, "lib.jar ../app.jar");
        try (ZipOutputStream zip = new java.util.jar.JarOutputStream(Files.newOutputStream(legacy), manifest)) {
            put(zip, "testapp/LegacyClient.class");
        }

        Run run = explainOn(app.toString(), legacyAndStorePolicy(), "--strict");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("  testapp.LegacyClient#get(java.lang.String)  [handoff]",
                "  testapp.fixtures.DiskStore#put(java.lang.String,byte[])  [handoff]",
                " classes in " + app + ":" + legacy + ":" + deps.resolve("lib.jar"));
    }

    /** lib.jar: the Store hierarchy (DiskStore implements it through BaseStore). */
    private Path storeLibrary() throws IOException {
        Path lib = dir.resolve("lib.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(lib))) {
            put(zip, "testapp/fixtures/Store.class");
            put(zip, "testapp/fixtures/BaseStore.class");
            put(zip, "testapp/fixtures/DiskStore.class");
        }
        return lib;
    }

    private Path legacyAndStorePolicy() throws IOException {
        return policy("""
                  - name: legacy
                    match: { class: testapp.LegacyClient, methods: [get] }
                  - name: store
                    match: { subtypeOf: testapp.fixtures.Store }
                """);
    }

    private void put(ZipOutputStream zip, String resource) throws IOException {
        put(zip, "", resource);
    }

    private void put(ZipOutputStream zip, String prefix, String resource) throws IOException {
        zip.putNextEntry(new ZipEntry(prefix + resource));
        zip.write(Files.readAllBytes(testClasses().resolve(resource)));
        zip.closeEntry();
    }
}
