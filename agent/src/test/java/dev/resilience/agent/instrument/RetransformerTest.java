package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;
import testprologue.MovedClient;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetransformerTest {
    /**
     * An Instrumentation whose retransformations run "the transformer" (which reports each class it
     * changed) on the calling thread, as HotSpot does, and whose batches of more than one class fail
     * after transforming them all, as a batch one class of which the JVM refuses does (it is undone).
     */
    private static Instrumentation failingBatches(List<String> calls) {
        return (Instrumentation) Proxy.newProxyInstance(RetransformerTest.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("retransformClasses")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Class<?>[] classes = (Class<?>[]) args[0];
                    for (Class<?> type : classes) {
                        Retransformer.changed(type);
                    }
                    calls.add(classes.length + " classes");
                    if (classes.length > 1) {
                        throw new UnsupportedOperationException("one class of the batch was refused");
                    }
                    return null;
                });
    }

    /** Review: a failed batch's classes were counted, then counted again when retried one by one. */
    @Test
    void countsOnlyTheRetransformationsTheJvmApplied() {
        List<String> calls = new ArrayList<>();

        int changed = Retransformer.retransform(failingBatches(calls), List.of(String.class, Integer.class, Long.class));

        assertThat(calls).containsExactly("3 classes", "1 classes", "1 classes", "1 classes");
        assertThat(changed).isEqualTo(3);
    }

    /**
     * Reload audit: a rule selecting 3,000 loaded classes logged 3,000 INFO lines on attach, and
     * again on each reload. The first {@value Retransformer#LISTED_CLASSES} are named, then one line
     * counts the rest.
     */
    @Test
    void aPassNamesTheFirstClassesItChangedAndCountsTheRest() {
        Instrumentation logging = (Instrumentation) Proxy.newProxyInstance(RetransformerTest.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    for (Class<?> type : (Class<?>[]) args[0]) {
                        Retransformer.changed(type);
                        Retransformer.onceApplied(() -> Retransformer.logChange("instrumented " + type.getName()));
                    }
                    return null;
                });
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> type : new Class<?>[] {String.class, Integer.class, Long.class, Short.class, Byte.class}) {
            classes.add(type);
        }
        for (int i = 0; classes.size() < Retransformer.LISTED_CLASSES + 25; i++) {
            classes.add(java.lang.reflect.Array.newInstance(int.class, new int[i + 1]).getClass()); // int[], int[][], ...
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(Retransformer.retransform(logging, classes)).isEqualTo(classes.size());
        } finally {
            System.setErr(saved);
        }

        List<String> lines = err.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).filteredOn(line -> line.contains("INFO instrumented ")).hasSize(Retransformer.LISTED_CLASSES);
        assertThat(lines).last().asString().endsWith("INFO ... and 25 more classes changed likewise (log=debug lists each)");
    }

    /** Another agent's retransformation, or one on another thread, runs the transformer outside this thread's call. */
    @Test
    void aClassChangedOutsideTheCallIsNotCounted() throws InterruptedException {
        List<String> calls = new ArrayList<>();
        Thread elsewhere = new Thread(() -> Retransformer.changed(Short.class));
        elsewhere.start();
        elsewhere.join();
        Retransformer.changed(Byte.class);

        assertThat(Retransformer.retransform(failingBatches(calls), List.of(String.class))).isEqualTo(1);
        assertThat(Retransformer.retransform(failingBatches(calls), List.of())).isZero();
    }

    private static InstalledPolicy policyWith(String rule) {
        dev.resilience.agent.policy.LoadResult loaded = dev.resilience.agent.policy.PolicyLoader.parse("""
                version: 1
                rules:
                  - name: %s
                    match: { class: testprologue.MovedClient, methods: [get] }
                """.formatted(rule), "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        return new InstalledPolicy(loaded.policy(), dev.resilience.agent.core.NanoClock.SYSTEM,
                dev.resilience.agent.core.Sleeper.SYSTEM, line -> { }, (l, f, t) -> { });
    }

    /** An Instrumentation whose retransformations run {@code transformer} on the class's original bytes, then {@code then}. */
    private static Instrumentation runningTransformer(ResilienceTransformer transformer, byte[] original, Runnable then,
                                                      boolean refuse) {
        return (Instrumentation) Proxy.newProxyInstance(RetransformerTest.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    for (Class<?> type : (Class<?>[]) args[0]) {
                        transformer.transform(type.getClassLoader(), type.getName().replace('.', '/'), type, null, original);
                    }
                    then.run(); // the new code is not in place yet: this is the JVM still redefining
                    if (refuse) {
                        throw new UnsupportedOperationException("refused");
                    }
                    return null;
                });
    }

    /**
     * Audit: a reload that moved a method to another rule unbound the method's old site as soon as
     * the new code was made, before the JVM put it in place: calls entering the old code meanwhile ran
     * unprotected and uncounted (6,000 in one 100 ms window). The old site stays bound until then,
     * and for good when the JVM refuses the new code.
     */
    @Test
    void aClassesOldSitesStayBoundUntilItsNewCodeIsInPlace() throws Exception {
        byte[] original;
        try (java.io.InputStream in = MovedClient.class.getResourceAsStream("MovedClient.class")) {
            original = in.readAllBytes();
        }
        ResilienceTransformer transformer = new ResilienceTransformer(policyWith("a"));
        assertThat(transformer.transform(MovedClient.class.getClassLoader(), MovedClient.class.getName().replace('.', '/'), null, null,
                original)).isNotNull();
        Site old = transformer.liveSites().get(0);
        List<Boolean> boundWhileRedefining = new ArrayList<>();

        transformer.install(policyWith("b"));
        int changed = Retransformer.retransform(runningTransformer(transformer, original,
                () -> boundWhileRedefining.add(old.binding() != null), false), List.of(MovedClient.class));

        assertThat(boundWhileRedefining).containsExactly(true);
        assertThat(old.binding()).as("unbound once the new code is in place").isNull();
        assertThat(changed).isEqualTo(1);
        Site moved = transformer.liveSites().get(0);
        assertThat(moved.id()).isNotEqualTo(old.id());
        assertThat(moved.binding().rule().name()).isEqualTo("b");

        transformer.install(policyWith("c"));
        Retransformer.retransform(runningTransformer(transformer, original, () -> { }, true), List.of(MovedClient.class));
        assertThat(moved.binding()).as("the JVM kept the code that calls it").isNotNull();
    }
}
