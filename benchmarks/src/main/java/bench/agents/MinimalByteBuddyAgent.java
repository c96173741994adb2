package bench.agents;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;

import java.lang.instrument.Instrumentation;

/**
 * The reference agent: Byte Buddy's default {@link AgentBuilder}, one {@code type(named(..))}, one
 * {@link Advice} that increments a counter on entry of every method the named class declares.
 * The agent argument is the class name. Two roles: the startup comparison's "minimal Byte Buddy
 * agent transforming one class", and the success-path benchmark's floor (the cheapest possible
 * advice, on {@code bench.services.FloorService}). Packaged alone in benchmarks-bytebuddy-agent.jar,
 * whose manifest puts lib/byte-buddy-*.jar on the class path.
 */
public final class MinimalByteBuddyAgent {
    /** Entries counted by the advice; racy on purpose (the floor is a plain increment). */
    public static long calls;

    private MinimalByteBuddyAgent() {
    }

    public static void premain(String className, Instrumentation instrumentation) {
        new AgentBuilder.Default()
                .type(ElementMatchers.named(className))
                .transform((builder, type, loader, module, domain) -> builder.visit(
                        Advice.to(CountingAdvice.class).on(ElementMatchers.isMethod())))
                .installOn(instrumentation);
    }

    /** Inlined into the target class: every type it touches is public. */
    public static final class CountingAdvice {
        private CountingAdvice() {
        }

        @Advice.OnMethodEnter
        public static void enter() {
            MinimalByteBuddyAgent.calls++;
        }
    }
}
