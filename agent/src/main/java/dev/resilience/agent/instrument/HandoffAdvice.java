package dev.resilience.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for methods the agent runs by reflection: on a timeout worker ({@code mode: thread}), on
 * the caller's thread when the policy needs the arguments (fallback method, HTTP status), or
 * asynchronously. Enter runs the whole protected call and skips the original body; exit delivers
 * the result. The worker's own call of the method passes straight through to the body.
 */
public final class HandoffAdvice {
    private HandoffAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static Frame enter(@SiteId int site, @Advice.Origin Class<?> owner,
                              @Advice.This(optional = true) Object self, @Advice.AllArguments Object[] arguments) {
        return HandoffDispatch.handoff(site, owner, self, arguments);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Frame frame,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                            @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (frame != null) {
            Throwable error = frame.takeError();
            if (error != null) {
                thrown = error;
            } else {
                returned = frame.takeValue();
            }
        }
    }
}
