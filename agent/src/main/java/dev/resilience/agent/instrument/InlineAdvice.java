package dev.resilience.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for methods whose body stays on the caller's thread: the breaker is asked on enter, the
 * outcome is recorded on exit, and a retry re-runs the body in place ({@code repeatOn}), so the
 * success path has no extra frames and allocates nothing. Deliberate failures are assigned to the
 * thrown value, never thrown from advice code, so {@code suppress} only ever swallows the agent's
 * own bugs.
 */
public final class InlineAdvice {
    private InlineAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@SiteId int site, @Advice.Local("frame") Frame frame) {
        frame = Dispatch.enter(site);
        return frame != null && frame.skip();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class,
            suppress = Throwable.class)
    public static boolean exit(@Advice.Local("frame") Frame frame,
                               @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                               @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (frame == null) {
            return false;
        }
        int action;
        try {
            action = Dispatch.exit(frame, thrown);
        } catch (Throwable agentError) { // a stack overflow in the exit code: no room for a call (Frame#stale)
            frame.stale = true;
            return false;
        }
        if (action == Dispatch.REPEAT) {
            return true;
        }
        if (action == Dispatch.THROW) {
            thrown = frame.takeError();
        } else if (action == Dispatch.REPLACE) {
            returned = frame.takeValue();
            thrown = null;
        }
        return false;
    }
}
