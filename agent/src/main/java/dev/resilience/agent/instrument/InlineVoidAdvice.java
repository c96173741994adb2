package dev.resilience.agent.instrument;

import net.bytebuddy.asm.Advice;

/** {@link InlineAdvice} for {@code void} methods, which have no return value to replace. */
public final class InlineVoidAdvice {
    private InlineVoidAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@SiteId int site, @Advice.Local("frame") Frame frame) {
        frame = Dispatch.enter(site);
        return frame != null && frame.skip();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class,
            suppress = Throwable.class)
    public static boolean exit(@Advice.Local("frame") Frame frame, @Advice.Thrown(readOnly = false) Throwable thrown) {
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
            frame.takeValue();
            thrown = null;
        }
        return false;
    }
}
