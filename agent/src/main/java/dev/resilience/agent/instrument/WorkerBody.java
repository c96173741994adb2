package dev.resilience.agent.instrument;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Runs a method body on a timeout worker, with the caller's view of active rules and deadline. */
final class WorkerBody {
    private WorkerBody() {
    }

    static Object run(ThreadContext.Snapshot snapshot, Method method, Object self, Object[] arguments) throws Exception {
        ThreadContext context = ThreadContext.current();
        ThreadContext.Saved saved = context.adopt(snapshot);
        try {
            return method.invoke(self, arguments);
        } catch (InvocationTargetException e) {
            throw Sneaky.<Exception>rethrow(e.getCause());
        } finally {
            context.restore(saved);
            Thread.interrupted(); // a cancelled body's interrupt must not reach the worker's next task
        }
    }
}
