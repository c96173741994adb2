package dev.resilience.agent.instrument;

import dev.resilience.agent.core.CallStats;
import dev.resilience.agent.core.HandoffWait;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One instrumented method. Its id is baked into the method's advice as a constant, so the hot path
 * finds it with one array read. The binding is swapped on reload; the counters stay with the
 * method for the life of the JVM. Thread-safe.
 */
public final class Site {
    /** How the advice runs this method; fixed when the class is transformed. */
    public enum Kind {
        /** body runs inline on the caller's thread; retries re-run it in place */
        INLINE,
        /** body runs via reflection: on a timeout worker, or on the caller's thread when it needs arguments */
        HANDOFF,
        /** the method returns a CompletionStage/CompletableFuture: outcomes are taken from the future */
        ASYNC
    }

    private final int id;
    private final String className;
    private final String methodName;
    private final String descriptor;
    private final String qualifiedName;
    private final String label;
    private final Kind kind;
    private final boolean declaresIOException;
    private final boolean declaresInterruptedException;
    private final boolean returnsVoid;
    private final WeakReference<ClassLoader> loader;
    private final CallStats stats;
    private final HandoffWait handoffWait;
    private volatile Binding binding;
    /*
     * The method and its non-virtual handle, held weakly: the site lives as long as the JVM (its id
     * is in the woven code), and a strong reference would keep the class, and its loader, from
     * being unloaded (a plugin host, an application server). Resolved again if collected.
     */
    private volatile WeakReference<Method> method;
    /** {@link #invokeBody}'s non-virtual call of the method, made on first need. */
    private volatile WeakReference<MethodHandle> special;
    private volatile boolean classInitialised;

    public Site(int id, String className, String methodName, String descriptor, String[] parameterTypes,
                Kind kind, boolean declaresIOException, boolean declaresInterruptedException, boolean returnsVoid,
                ClassLoader loader) {
        this.id = id;
        this.className = className;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.qualifiedName = className + "#" + methodName + "(" + String.join(",", parameterTypes) + ")";
        this.label = simpleName(className) + "#" + methodName + "(" + simpleNames(parameterTypes) + ")";
        this.kind = kind;
        this.declaresIOException = declaresIOException;
        this.declaresInterruptedException = declaresInterruptedException;
        this.returnsVoid = returnsVoid;
        this.loader = new WeakReference<>(loader);
        this.stats = new CallStats(qualifiedName);
        this.handoffWait = new HandoffWait(Services.SPIN_NANOS);
    }

    /**
     * The same method under the same id, with the counters of {@code previous}, for a class
     * retransformed with another kind of advice (say a timeout was added to an inline method).
     */
    Site(Site previous, Kind kind) {
        this.id = previous.id;
        this.className = previous.className;
        this.methodName = previous.methodName;
        this.descriptor = previous.descriptor;
        this.qualifiedName = previous.qualifiedName;
        this.label = previous.label;
        this.kind = kind;
        this.declaresIOException = previous.declaresIOException;
        this.declaresInterruptedException = previous.declaresInterruptedException;
        this.returnsVoid = previous.returnsVoid;
        this.loader = previous.loader;
        this.stats = previous.stats;
        this.handoffWait = previous.handoffWait;
        this.binding = previous.binding;
    }

    /** {@code a.B,c.D} as {@code B,D}. A loop, not a stream: runs as the first class is instrumented (issue 8). */
    private static String simpleNames(String[] names) {
        StringBuilder joined = new StringBuilder();
        for (String name : names) {
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(simpleName(name));
        }
        return joined.toString();
    }

    private static String simpleName(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    public int id() {
        return id;
    }

    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    public String descriptor() {
        return descriptor;
    }

    /** {@code com.example.Client#get(java.lang.String)}: unambiguous, used in metrics and explain. */
    public String qualifiedName() {
        return qualifiedName;
    }

    /** {@code Client#get(String)}: short, used in messages. */
    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    public boolean declaresIOException() {
        return declaresIOException;
    }

    /** {@code throws InterruptedException} itself (a supertype gets the IOException flavour, which its handler catches). */
    public boolean declaresInterruptedException() {
        return declaresInterruptedException;
    }

    public boolean returnsVoid() {
        return returnsVoid;
    }

    /** The loader that defined the class, or null once it has been collected (or for the bootstrap loader). */
    public ClassLoader loader() {
        return loader.get();
    }

    /** How callers wait for this method's bodies on timeout workers. */
    HandoffWait handoffWait() {
        return handoffWait;
    }

    public CallStats stats() {
        return stats;
    }

    public Binding binding() {
        return binding;
    }

    public void bind(Binding newBinding) {
        this.binding = newBinding;
    }

    /**
     * Runs this method's own body on {@code self}, as the woven code passed through would: for an
     * instance of a subclass that overrides the method (and calls {@code super}), the body declared
     * here, not the override. Reflection dispatches virtually, which would run the override again;
     * a handle made with {@code unreflectSpecial} calls the method as {@code invokespecial} does.
     *
     * @throws InvocationTargetException wrapping what the body threw
     * @throws IllegalAccessException    when the method cannot be reached (the agent's problem)
     */
    Object invokeBody(Method method, Object self, Object[] arguments) throws InvocationTargetException, IllegalAccessException {
        if (self == null || self.getClass() == method.getDeclaringClass()) {
            return method.invoke(self, arguments);
        }
        MethodHandle body = special(method);
        try {
            return body.invokeExact(self, arguments);
        } catch (Throwable thrown) {
            throw new InvocationTargetException(thrown);
        }
    }

    private MethodHandle special(Method method) throws IllegalAccessException {
        WeakReference<MethodHandle> made = special;
        MethodHandle body = made == null ? null : made.get();
        if (body == null) {
            Class<?> owner = method.getDeclaringClass();
            ModuleAccess.openToAgent(owner);
            body = MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).unreflectSpecial(method, owner)
                    .asSpreader(Object[].class, method.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
            special = new WeakReference<>(body);
        }
        return body;
    }

    /**
     * True while the method's class is being initialised by the calling thread (the method is called
     * from its class's static initialiser): a worker running the body would wait for that
     * initialisation, which waits for the worker. Answered by a stack walk only until a worker has
     * once run the body, which proves the class initialised for good.
     *
     * <p>The walk is the thread's stack trace, not a {@code StackWalker}: its stream pipeline and
     * lambdas are 16 classes loaded on the first hand-off of every application (issue 8, start-up).
     * A trace names classes, not their loaders: another class of the same name initialising on this
     * thread would keep the call on the caller, the safe side.
     */
    boolean initialisingOnThisThread(Method method) {
        if (classInitialised) {
            return false;
        }
        String owner = method.getDeclaringClass().getName();
        for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
            if (frame.getMethodName().equals("<clinit>") && frame.getClassName().equals(owner)) {
                return true;
            }
        }
        return false;
    }

    /** The same method as {@code other}, whichever site each is (a reload may give a method a new one). */
    boolean sameMethodAs(Site other) {
        return other == this || other != null && methodName.equals(other.methodName) && descriptor.equals(other.descriptor)
                && className.equals(other.className) && loader.get() == other.loader.get();
    }

    /** A worker ran the body: the class is initialised (running it needs that), and stays so. */
    void classInitialised() {
        classInitialised = true;
    }

    /** The original method, resolved once, for running the body from another frame or thread. */
    Method method(Class<?> owner) throws NoSuchMethodException {
        WeakReference<Method> found = method;
        Method resolved = found == null ? null : found.get();
        if (resolved == null) {
            resolved = Descriptors.findDeclared(owner, methodName, descriptor);
            ModuleAccess.openToAgent(owner);
            resolved.setAccessible(true);
            method = new WeakReference<>(resolved);
        }
        return resolved;
    }
}
