package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.matching.DeclaredMethod;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testprologue.MidCallBody;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit: a reload that switched a rule from {@code mode: thread} to {@code mode: interrupt} re-wove
 * the method inline while hand-off calls were running. Their next attempt ran the method by
 * reflection into the new inline code, which took it for a new call of another rule (the rule's
 * runtime, changed, had a new id) and applied the rule again: up to 9 attempts for a 3-attempt
 * rule, each call counted twice. The body a hand-off call runs is its own, whatever code the
 * method has by then.
 */
class KindChangeMidCallTest {
    private static final DeclaredMethod CALL = new DeclaredMethod("call", "()Ljava/lang/String;", List.of(),
            "java.lang.String", List.of(), Modifier.PUBLIC | Modifier.STATIC, false);

    @AfterEach
    void restoreBody() {
        MidCallBody.body = () -> "plain";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timeout: { duration: 5s, mode: thread }", "fallback: { value: fallen }\n    timeout: off"})
    void aHandOffCallsBodyRunsAsItsBodyAfterTheMethodWasReWovenInline(String handoffSettings) throws Exception {
        InstalledPolicy before = policy("    retry: { maxAttempts: 3, delay: 1ms }\n    " + handoffSettings + "\n");
        InstalledPolicy after = policy("    retry: { maxAttempts: 2, delay: 1ms }\n    timeout: { duration: 5s, mode: interrupt }\n");
        Site handoff = Sites.register(id -> new Site(id, MidCallBody.class.getName(), "call", "()Ljava/lang/String;",
                new String[0], Site.Kind.HANDOFF, false, false, false, MidCallBody.class.getClassLoader()));
        handoff.bind(before.bind(handoff, before.runtime(0), SitePlan.of(CALL, before.runtime(0)).fallback()));
        AtomicInteger appliedAgain = new AtomicInteger();
        AtomicInteger bodies = new AtomicInteger();
        MidCallBody.body = () -> {
            // What the retransformed method does now: inline advice first, then its body.
            Site inline = Sites.get(handoff.id()).kind() == Site.Kind.INLINE ? Sites.get(handoff.id())
                    : Sites.replace(handoff.id(), new Site(handoff, Site.Kind.INLINE));
            inline.bind(after.bind(inline, after.runtime(0), null));
            Frame frame = Dispatch.enter(inline.id());
            if (frame != null) {
                appliedAgain.incrementAndGet();
                Dispatch.exit(frame, null);
            }
            bodies.incrementAndGet();
            return "body";
        };

        Frame frame = HandoffDispatch.handoff(handoff.id(), MidCallBody.class, null, new Object[0]);

        assertThat(frame).isNotNull();
        assertThat(appliedAgain).as("calls of the rule applied again inside the hand-off call's body").hasValue(0);
        assertThat(bodies).hasValue(1);
        assertThat(handoff.stats().successes.sum()).isEqualTo(1);
        Frame next = Dispatch.enter(handoff.id());
        assertThat(next).as("the next call is a call of its own").isNotNull();
        assertThat(Dispatch.exit(next, null)).isEqualTo(Dispatch.PROCEED); // disarms its interrupt timer
    }

    /**
     * Audit: a reload that moved the method to another rule (a new site, under a new id) had the
     * retries of hand-off calls in flight run into the new rule's advice, which applied that rule
     * too: 5 or 7 attempts for maxAttempts 3, calls counted under both rules.
     */
    @ParameterizedTest(name = "re-woven {0}")
    @ValueSource(strings = {"HANDOFF", "INLINE"})
    void aHandOffCallsBodyRunsAsItsBodyAfterTheMethodMovedToAnotherRule(String newKind) throws Exception {
        InstalledPolicy before = policy("    retry: { maxAttempts: 3, delay: 1ms, retryOn: [java.io.UncheckedIOException] }\n    timeout: 5s\n");
        InstalledPolicy after = policy("other", "    retry: { maxAttempts: 3, delay: 1ms }\n    timeout: { duration: 5s, mode: "
                + (newKind.equals("HANDOFF") ? "thread" : "interrupt") + " }\n");
        Site handoff = Sites.register(id -> new Site(id, MidCallBody.class.getName(), "call", "()Ljava/lang/String;",
                new String[0], Site.Kind.HANDOFF, false, false, false, MidCallBody.class.getClassLoader()));
        handoff.bind(before.bind(handoff, before.runtime(0), null));
        Site moved = Sites.register(id -> new Site(id, MidCallBody.class.getName(), "call", "()Ljava/lang/String;",
                new String[0], Site.Kind.valueOf(newKind), false, false, false, MidCallBody.class.getClassLoader()));
        moved.bind(after.bind(moved, after.runtime(0), null));
        AtomicInteger appliedAgain = new AtomicInteger();
        AtomicInteger bodies = new AtomicInteger();
        MidCallBody.body = () -> {
            // What the retransformed method does now: the other rule's advice first, then its body.
            if (moved.kind() == Site.Kind.HANDOFF) {
                Frame frame = HandoffDispatch.handoff(moved.id(), MidCallBody.class, null, new Object[0]);
                if (frame != null) {
                    appliedAgain.incrementAndGet();
                    return (String) frame.takeValue();
                }
            } else {
                Frame frame = Dispatch.enter(moved.id());
                if (frame != null) {
                    appliedAgain.incrementAndGet();
                    Dispatch.exit(frame, null);
                }
            }
            return bodies.incrementAndGet() < 3 ? fail() : "body";
        };

        Frame frame = HandoffDispatch.handoff(handoff.id(), MidCallBody.class, null, new Object[0]);

        assertThat(frame).isNotNull();
        assertThat(appliedAgain).as("calls of the other rule applied inside the hand-off call's body").hasValue(0);
        assertThat(bodies).as("maxAttempts 3").hasValue(3);
        assertThat(handoff.stats().successes.sum()).isEqualTo(1);
        assertThat(handoff.stats().retries.sum()).isEqualTo(2);
        assertThat(moved.stats().successes.sum() + moved.stats().failures.sum()).isZero();
    }

    /**
     * Review: a hand-off body whose method lost its advice (restored) leaves the pass-through mark set
     * while it runs; if a second reload instruments the method again meanwhile, a recursive call in the
     * body enters code made after the body started: a call of its own, protected, not let through.
     */
    @org.junit.jupiter.api.Test
    void aSiteMadeAfterTheBodyStartedIsACallOfItsOwn() throws Exception {
        InstalledPolicy before = policy("    retry: { maxAttempts: 2, delay: 1ms }\n    timeout: 5s\n");
        InstalledPolicy later = policy("later", "    retry: { maxAttempts: 3, delay: 1ms }\n");
        Site handoff = Sites.register(id -> new Site(id, MidCallBody.class.getName(), "call", "()Ljava/lang/String;",
                new String[0], Site.Kind.HANDOFF, false, false, false, MidCallBody.class.getClassLoader()));
        handoff.bind(before.bind(handoff, before.runtime(0), null));
        AtomicInteger protectedCalls = new AtomicInteger();
        MidCallBody.body = () -> {
            // the restored body (no advice) runs; a reload instruments the method again; the body recurses
            Site again = Sites.register(id -> new Site(id, MidCallBody.class.getName(), "call", "()Ljava/lang/String;",
                    new String[0], Site.Kind.INLINE, false, false, false, MidCallBody.class.getClassLoader()));
            again.bind(later.bind(again, later.runtime(0), null));
            Frame frame = Dispatch.enter(again.id());
            if (frame != null) {
                protectedCalls.incrementAndGet();
                Dispatch.exit(frame, null);
            }
            return "body";
        };

        HandoffDispatch.handoff(handoff.id(), MidCallBody.class, null, new Object[0]);

        assertThat(protectedCalls).hasValue(1);
    }

    private static String fail() {
        throw new java.io.UncheckedIOException(new java.io.IOException("down"));
    }

    private static InstalledPolicy policy(String settings) {
        return policy("mid", settings);
    }

    private static InstalledPolicy policy(String rule, String settings) {
        LoadResult loaded = PolicyLoader.parse("""
                version: 1
                rules:
                  - name: %s
                    match: { class: testprologue.MidCallBody, methods: [call] }
                """.formatted(rule) + settings, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        return new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM, Sleeper.SYSTEM, line -> { }, (l, f, t) -> { });
    }
}
