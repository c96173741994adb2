package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;
import testprologue.Catalog;
import testprologue.CatalogImpl;
import testprologue.MovedClient;
import testprologue.SharedCatalog;
import testprologue.OtherClient;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit: a class first loaded on a stack too deep for the JVM to call the transformer loaded
 * untouched and stayed unprotected for the JVM's life. The sweep finds such a class (one a rule may
 * select that the agent never decided about) and retransforms it, and only it.
 */
class MissedClassesTest {
    private static InstalledPolicy policy(String methods) {
        return policyMatching("class: testprologue.*Client, methods: [" + methods + "]");
    }

    private static InstalledPolicy policyMatching(String match) {
        return policyMatching(match, "");
    }

    /** @param settings the rule's other keys, on one line in flow style ({@code timeout: 1s}), or empty */
    private static InstalledPolicy policyMatching(String match, String settings) {
        dev.resilience.agent.policy.LoadResult loaded = dev.resilience.agent.policy.PolicyLoader.parse("""
                version: 1
                rules:
                  - name: moved
                    match: { %s }
                    %s
                """.formatted(match, settings), "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        return new InstalledPolicy(loaded.policy(), dev.resilience.agent.core.NanoClock.SYSTEM,
                dev.resilience.agent.core.Sleeper.SYSTEM, line -> { }, (l, f, t) -> { });
    }

    private static byte[] bytes(Class<?> type) throws java.io.IOException {
        try (java.io.InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** A JVM with these classes loaded, whose retransformations run the transformer on their original bytes. */
    private static Instrumentation jvm(ResilienceTransformer transformer, List<String> retransformed, Class<?>... loaded) {
        return (Instrumentation) Proxy.newProxyInstance(MissedClassesTest.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAllLoadedClasses" -> loaded.clone();
                    case "isModifiableClass" -> true;
                    case "retransformClasses" -> {
                        for (Class<?> type : (Class<?>[]) args[0]) {
                            retransformed.add(type.getSimpleName());
                            transformer.transform(type.getClassLoader(), type.getName().replace('.', '/'), type, null, bytes(type));
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static byte[] load(ResilienceTransformer transformer, Class<?> type) throws java.io.IOException {
        return transformer.transform(type.getClassLoader(), type.getName().replace('.', '/'), null, null, bytes(type));
    }

    @Test
    void aSelectedClassTheTransformerNeverSawIsInstrumentedOnce() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(policy("get"));
        List<String> retransformed = new ArrayList<>();
        assertThat(load(transformer, OtherClient.class)).as("the transformer saw this one load").isNotNull();
        Instrumentation jvm = jvm(transformer, retransformed, MovedClient.class, OtherClient.class, String.class);

        assertThat(MissedClasses.sweep(jvm, transformer)).containsExactly("testprologue.MovedClient");

        assertThat(retransformed).containsExactly("MovedClient");
        assertThat(transformer.liveSites()).extracting(Site::qualifiedName)
                .containsExactlyInAnyOrder("testprologue.MovedClient#get()", "testprologue.OtherClient#get()");
        assertThat(transformer.liveSites()).allSatisfy(site -> assertThat(site.binding()).isNotNull());
        assertThat(MissedClasses.sweep(jvm, transformer)).as("a second sweep").isEmpty();
        assertThat(retransformed).containsExactly("MovedClient");
    }

    /** A class the transformer read and left alone (no method matches) is never retransformed by a sweep. */
    @Test
    void aSelectedClassTheTransformerLeftAsItWasIsNotRetransformed() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(policy("noSuchMethod"));
        List<String> retransformed = new ArrayList<>();
        assertThat(load(transformer, MovedClient.class)).isNull();

        assertThat(MissedClasses.sweep(jvm(transformer, retransformed, MovedClient.class), transformer)).isEmpty();

        assertThat(retransformed).isEmpty();
    }

    /**
     * A class the sweep retransformed that still has no method to instrument (here: none matches) is
     * taken as decided: the next sweep leaves it alone.
     */
    @Test
    void aMissedClassWithNothingToInstrumentIsRetransformedOnlyOnce() {
        ResilienceTransformer transformer = new ResilienceTransformer(policy("noSuchMethod"));
        List<String> retransformed = new ArrayList<>();
        Instrumentation jvm = jvm(transformer, retransformed, MovedClient.class);

        assertThat(MissedClasses.sweep(jvm, transformer)).isEmpty();
        assertThat(MissedClasses.sweep(jvm, transformer)).isEmpty();

        assertThat(retransformed).containsExactly("MovedClient");
    }

    /** Runs {@code action} with the agent logging at debug, a stack overflow thrown where it writes a line containing {@code line}. */
    private static <T> T overflowingAt(String line, java.util.concurrent.Callable<T> action) throws Exception {
        java.io.PrintStream saved = System.err;
        dev.resilience.agent.log.AgentLog.Level level = dev.resilience.agent.log.AgentLog.level();
        dev.resilience.agent.log.AgentLog.setLevel(dev.resilience.agent.log.AgentLog.Level.DEBUG);
        System.setErr(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true) {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                if (new String(bytes, offset, length, java.nio.charset.StandardCharsets.US_ASCII).contains(line)) {
                    throw new StackOverflowError();
                }
                super.write(bytes, offset, length);
            }
        });
        try {
            return action.call();
        } finally {
            System.setErr(saved);
            dev.resilience.agent.log.AgentLog.setLevel(level);
        }
    }

    /**
     * Review: a class whose instrumentation failed after the transformer had recorded it (here, a stack
     * overflow while its line is logged) loads as it is; its record, had it stayed, would have kept the
     * sweep from ever instrumenting it.
     */
    @Test
    void aClassWhoseInstrumentationFailedMidWayIsFoundByTheSweep() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(policy("get"));
        List<String> retransformed = new ArrayList<>();

        assertThat(overflowingAt("DEBUG instrumented testprologue.MovedClient:", () -> load(transformer, MovedClient.class)))
                .as("left as it was").isNull();
        assertThat(transformer.liveSites()).isEmpty();

        assertThat(MissedClasses.sweep(jvm(transformer, retransformed, MovedClient.class), transformer))
                .containsExactly("testprologue.MovedClient");
        assertThat(transformer.liveSites()).extracting(Site::qualifiedName).containsExactly("testprologue.MovedClient#get()");
    }

    /**
     * Review: two threads defining the same class in one loader (a proxy generator that catches the
     * duplicate definition's error) both run the transformer; the loser's failure removed the record of
     * the winner's instrumented class, and a sweep instrumented it a second time.
     */
    @Test
    void aFailedDefinitionLeavesTheRecordOfTheClassAnotherThreadDefined() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(policy("get"));
        assertThat(load(transformer, MovedClient.class)).isNotNull();
        Site winner = transformer.liveSites().get(0);

        assertThat(overflowingAt("DEBUG rule moved: instrumented testprologue.MovedClient#get()", () -> load(transformer,
                MovedClient.class))).isNull();

        assertThat(transformer.liveSites()).containsExactly(winner);
        assertThat(winner.binding()).isNotNull();
    }

    /**
     * Review: the loser of two threads defining the same class replaced the winner's record with sites
     * of its own, which the code the JVM kept never calls: a reload then rebound those. A second
     * definition now keeps the first's sites, so whichever code the JVM keeps calls the recorded ones.
     */
    @Test
    void aSecondDefinitionOfAClassKeepsTheSitesOfTheFirst() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(policy("get"));
        assertThat(load(transformer, MovedClient.class)).isNotNull();
        Site first = transformer.liveSites().get(0);

        assertThat(load(transformer, MovedClient.class)).isNotNull();

        assertThat(transformer.liveSites()).containsExactly(first);
        assertThat(Sites.get(first.id())).isSameAs(first);
    }

    /**
     * Review: a retransformation that failed (here, of an instrumented class, overflowing while its line
     * is logged) gives the class its original bytes back, but left its record and sites in place: the
     * class ran unprotected, counted as instrumented, and no sweep looked at it again.
     */
    @Test
    void aClassWhoseRetransformationFailedIsFoundByTheSweep() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(policy("get"));
        List<String> retransformed = new ArrayList<>();
        assertThat(load(transformer, MovedClient.class)).isNotNull();
        Site first = transformer.liveSites().get(0);

        assertThat(overflowingAt("DEBUG re-instrumented testprologue.MovedClient:", () -> transformer.transform(
                MovedClient.class.getClassLoader(), "testprologue/MovedClient", MovedClient.class, null, bytes(MovedClient.class))))
                .as("original bytes back").isNull();
        assertThat(transformer.liveSites()).isEmpty();

        assertThat(MissedClasses.sweep(jvm(transformer, retransformed, MovedClient.class), transformer))
                .containsExactly("testprologue.MovedClient");
        assertThat(transformer.liveSites()).hasSize(1);
        assertThat(transformer.liveSites().get(0).binding()).isNotNull();
        assertThat(first.binding()).as("the first site, of code no longer in place").isNull();
    }

    /**
     * Review: a class decided under the old policy (no rule selected it) and defined after a switch's
     * scan of loaded classes kept its record, and no sweep looked at it under the new policy.
     */
    @Test
    void aClassDefinedAfterASwitchsScanIsLookedAtUnderTheNewPolicy() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(policyMatching("class: testprologue.OtherClient"));
        List<String> retransformed = new ArrayList<>();
        assertThat(load(transformer, MovedClient.class)).isNull();

        PolicySwitch.apply(jvm(transformer, retransformed), transformer, policy("get")); // MovedClient not defined yet

        assertThat(MissedClasses.sweep(jvm(transformer, retransformed, MovedClient.class), transformer))
                .containsExactly("testprologue.MovedClient");
    }

    /** A switch records what it decided for loaded classes under the new policy: the next sweep leaves them alone. */
    @Test
    void aSwitchsDecisionsHoldForTheNextSweep() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(policyMatching("class: testprologue.OtherClient"));
        List<String> retransformed = new ArrayList<>();
        assertThat(load(transformer, MovedClient.class)).isNull();
        Instrumentation jvm = jvm(transformer, retransformed, MovedClient.class);

        PolicySwitch.apply(jvm, transformer, policyMatching("class: testprologue.Other*"));

        assertThat(transformer.seen().decidedUnder(MovedClient.class.getClassLoader(), MovedClient.class.getName(),
                transformer.installed().generation())).isTrue();
        assertThat(MissedClasses.sweep(jvm, transformer)).isEmpty();
        assertThat(retransformed).isEmpty();
    }

    /**
     * Review: when the JVM refused a retransformation that had failed in the transformer after giving a
     * method a site of another advice kind (inline to hand-off, here), the class kept its old code but
     * its site id led to the new object, and its record was gone. Both come back.
     */
    @Test
    void aRefusedRetransformationThatFailedGivesTheOldCodeItsSiteAndRecordBack() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(
                policyMatching("class: testprologue.MovedClient, methods: [get]", "timeout: off"));
        assertThat(load(transformer, MovedClient.class)).isNotNull();
        Site inline = transformer.liveSites().get(0);
        assertThat(inline.kind()).isEqualTo(Site.Kind.INLINE);
        transformer.install(policyMatching("class: testprologue.MovedClient, methods: [get]", "timeout: 1s"));
        Instrumentation refusing = (Instrumentation) Proxy.newProxyInstance(MissedClassesTest.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    for (Class<?> type : (Class<?>[]) args[0]) {
                        overflowingAt("DEBUG rule moved: instrumented testprologue.MovedClient#get()", () -> transformer.transform(
                                type.getClassLoader(), "testprologue/MovedClient", type, null, bytes(type)));
                    }
                    throw new UnsupportedOperationException("refused");
                });

        assertThat(Retransformer.retransform(refusing, List.of(MovedClient.class))).isZero();

        assertThat(Sites.get(inline.id())).as("the object the old code's advice expects").isSameAs(inline);
        assertThat(transformer.liveSites()).containsExactly(inline);
        assertThat(inline.binding()).isNotNull();
    }

    /**
     * Review: classes the transformer saw load and did not select, though a rule may select them by
     * their loaded form (interfaces below a subtypeOf rule's type), were retransformed by the first
     * sweep, each a pause of the application, and their annotations read by reflection.
     */
    @Test
    void aClassTheTransformerSawAndDidNotSelectIsNotRetransformed() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(policyMatching("subtypeOf: testprologue.Catalog, methods: [get]"));
        List<String> retransformed = new ArrayList<>();
        assertThat(load(transformer, Catalog.class)).isNull();
        assertThat(load(transformer, SharedCatalog.class)).isNull();
        assertThat(load(transformer, CatalogImpl.class)).isNotNull();

        assertThat(MissedClasses.sweep(jvm(transformer, retransformed, Catalog.class, SharedCatalog.class, CatalogImpl.class),
                transformer)).isEmpty();

        assertThat(retransformed).isEmpty();
    }

    /**
     * Review: a class the transformer left alone under a policy that a switch replaced while it was
     * being transformed (the switch's scan of loaded classes ran before the class was defined) was
     * recorded as decided, and no sweep ever instrumented it under the new policy.
     */
    @Test
    void aClassDecidedUnderAPolicyBeingReplacedIsLeftToTheSweep() throws Exception {
        ResilienceTransformer transformer = new ResilienceTransformer(policy("noSuchMethod"));
        InstalledPolicy next = policy("get");
        byte[] original = bytes(MovedClient.class);
        ClassLoader switching = new ClassLoader("switching", MissedClassesTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(Dispatch.class.getName())) {
                    transformer.install(next); // asked while the class is transformed: the switch begins now
                }
                if (!name.equals(MovedClient.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> defined = findLoadedClass(name);
                    return defined != null ? defined : defineClass(name, original, 0, original.length);
                }
            }
        };
        Class<?> moved = switching.loadClass(MovedClient.class.getName());
        List<String> retransformed = new ArrayList<>();

        assertThat(transformer.transform(switching, "testprologue/MovedClient", null, null, original)).isNull();
        assertThat(transformer.installed()).isSameAs(next);

        assertThat(MissedClasses.sweep(jvm(transformer, retransformed, moved), transformer))
                .containsExactly("testprologue.MovedClient");
    }
}
