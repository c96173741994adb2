package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;

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
}
