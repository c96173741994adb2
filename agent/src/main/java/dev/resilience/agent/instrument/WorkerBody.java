package dev.resilience.agent.instrument;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;

/**
 * A method body to run on a timeout worker, with the caller's view of active rules and deadline.
 * A named class rather than a lambda: the first hand-off often happens during start-up, where
 * spinning a lambda class costs more than loading this one (issue 8).
 */
final class WorkerBody implements Callable<Object> {
    private final ThreadContext.Snapshot snapshot;
    private final Site site;
    private final Method method;
    private final Object self;
    private final Object[] arguments;

    WorkerBody(ThreadContext.Snapshot snapshot, Site site, Method method, Object self, Object[] arguments) {
        this.snapshot = snapshot;
        this.site = site;
        this.method = method;
        this.self = self;
        this.arguments = arguments;
    }

    @Override
    public Object call() throws Exception {
        ThreadContext context = ThreadContext.current();
        ThreadContext.Saved saved = context.adopt(snapshot);
        try {
            return site.invokeBody(method, self, arguments);
        } catch (InvocationTargetException e) {
            throw Sneaky.<Exception>rethrow(e.getCause());
        } finally {
            context.restore(saved);
            Thread.interrupted(); // a cancelled body's interrupt must not reach the worker's next task
        }
    }
}
