package dev.resilience.agent.instrument;

import net.bytebuddy.asm.Advice;

/** {@link HandoffAdvice} for {@code void} methods. */
public final class HandoffVoidAdvice {
    private HandoffVoidAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static Frame enter(@SiteId int site, @Advice.Origin Class<?> owner,
                              @Advice.This(optional = true) Object self, @Advice.AllArguments Object[] arguments) {
        return HandoffDispatch.handoff(site, owner, self, arguments);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Frame frame, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (frame != null) {
            Throwable error = frame.takeError();
            if (error != null) {
                thrown = error;
            }
        }
    }
}
