package dev.resilience.agent.instrument;

import dev.resilience.agent.core.CallExecution;
import dev.resilience.agent.core.RuleRuntime;

import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One protected call of a method returning {@code CompletionStage}/{@code CompletableFuture}. The
 * caller gets a future at once and is never blocked by the agent: outcomes are recorded when the
 * method's future completes, a timeout completes the caller's future with the agent's
 * {@code TimeoutException} subclass, and retries call the method again on the agent's retry
 * threads after the backoff, unless the caller cancelled or completed its future by then. Failures wrapped in
 * CompletionException/ExecutionException are judged by their cause. Each attempt is settled
 * exactly once (completion and timeout race through a CAS), so the execution is only ever touched
 * by one thread at a time.
 */
final class AsyncCall {
    private final Site site;
    private final Binding binding;
    /** The method, its receiver and arguments, and how the caller's thread looked: each attempt's body. */
    private final AsyncBody body;
    private final CallExecution execution = new CallExecution();
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    private final AtomicInteger settled = new AtomicInteger();
    /** {@link #settled} once the agent let go of the call after its own failure: nothing settles it any more. */
    private static final int ABANDONED = Integer.MAX_VALUE;
    /**
     * {@link #settled} once a retry that failed to start inside the agent ended the call: nothing
     * settles it any more, and a late value of an earlier attempt is nobody's (closed, if a response).
     */
    private static final int GAVE_UP = Integer.MAX_VALUE - 1;
    /** The failing response last closed for a retry: the caller's still, should that retry fail to start inside the agent. */
    private Object droppedResponse;
    /** The future of the latest attempt whose body has returned one, with that attempt's number. */
    private final AtomicReference<Running> current = new AtomicReference<>();
    /**
     * {@code mode: observe}: the attempt was settled as a would-be timeout at its deadline, so its
     * real outcome, whenever it comes, only passes through to the caller. Set before the settling CAS.
     */
    private volatile boolean observedLate;
    private final PendingRetry pendingRetry = new PendingRetry();
    /**
     * The failure that led to the pending retry, unwrapped and as the method's future held it: when
     * the retry is refused (an open circuit), the caller's future fails with it as it was.
     * Written before the retry is scheduled, read when it runs.
     */
    private Throwable retriedCause;
    private Throwable retriedRaw;
    /** The response whose failing status ({@code onStatus}) is being retried: the caller's if no retry runs. */
    private Object retriedResponse;
    /** The first attempt, run on the caller's thread, returned null instead of a future. */
    private boolean firstReturnedNull;
    /** What the first attempt returned or threw, on the caller's thread: observing, the caller gets it as it was. */
    private Object firstStage;
    private Throwable firstThrown;

    private AsyncCall(Site site, Binding binding, AsyncBody body) {
        this.site = site;
        this.binding = binding;
        this.body = body;
    }

    /** Starts the call from the caller's thread; the frame's value is the future the caller receives. */
    static Frame start(Site site, Binding binding, Method method, Object self, Object[] arguments, ThreadContext context) {
        AsyncCall call = new AsyncCall(site, binding,
                new AsyncBody(site, method, self, arguments, context.snapshot(context.deadline, site.id())));
        RuleRuntime rule = binding.rule();
        call.execution.begin(rule, binding.circuitBreaker(), site.stats(), context.deadline);
        call.result.whenComplete(call::passOnCancellation);
        Frame frame = new Frame(context, null); // carries only the future back to the advice
        try {
            call.attempt();
            if (call.body.oweEnclosing()) {
                Dispatch.owe(context);
            }
        } catch (AsyncBody.PreBody agentError) {
            if (rule.observe() || call.settled.compareAndSet(0, ABANDONED)) {
                call.execution.abandon();
                throw Sneaky.<RuntimeException>rethrow(agentError.getCause()); // the method has not run: the advice's error path runs it, unprotected
            }
            // its timer fired first: the attempt timed out, and the call goes on, protected
            AgentErrors.report(site, agentError.getCause());
            frame.value = call.result;
            return frame;
        } catch (Throwable bug) {
            return call.afterOwnFailure(frame, context, bug);
        }
        if (rule.observe() && call.firstThrown != null) {
            frame.error = call.firstThrown; // observing changes nothing: thrown as without the agent
            return frame;
        }
        // A first attempt that returned no future at all: the caller gets null, as without the agent
        // (counted a success: it returned normally). Observing, the caller gets the method's own future.
        frame.value = call.firstReturnedNull ? null : rule.observe() && call.firstStage != null ? call.firstStage : call.result;
        return frame;
    }

    /**
     * The agent failed on the caller's thread after the method had returned its future: calling it
     * again, as the advice's error path would, repeats its side effects (a second request). If the
     * attempt is still unsettled, the agent lets go of it (its timer and a late completion then do
     * nothing) and the caller gets the method's own future, unprotected, as for any other internal
     * error; if its timer fired meanwhile, the call goes on as protected (observing, the caller gets
     * the method's own future in any case, as always).
     */
    private Frame afterOwnFailure(Frame frame, ThreadContext context, Throwable bug) {
        frame.value = firstStage;
        try {
            if (settled.compareAndSet(0, ABANDONED)) {
                execution.abandon();
            } else if (!binding.rule().observe()) {
                frame.value = result;
            }
            if (body.oweEnclosing()) {
                Dispatch.owe(context);
            }
            AgentErrors.report(site, bug);
        } catch (Throwable reporting) {
            // the method has run: whatever else fails, the caller gets its future
        }
        return frame;
    }

    private void attempt() {
        // Never waits for a bulkhead place: the caller must not be blocked, and a retry runs on the
        // agent's scheduler thread, which every asynchronous call shares.
        boolean admitted;
        try {
            admitted = execution.startAttempt(false);
        } catch (Throwable agentError) {
            throw new AsyncBody.PreBody(agentError);
        }
        if (!admitted) {
            Object response = retriedResponse;
            retriedResponse = null;
            decide(execution.refused(), response, retriedCause, retriedRaw); // after a failing status: that response
            return;
        }
        if (retriedResponse != null) {
            HttpResponses.discard(retriedResponse); // a retry runs: nobody reads the failed response, which holds a connection
            droppedResponse = retriedResponse;
            retriedResponse = null;
        }
        int attempt = execution.attempts();
        // The attempt's time runs from its start, the part of the body that runs before it returns the
        // future included: a body that blocks for longer times out like one whose future is late.
        ScheduledFuture<?> timer;
        long timeout;
        try {
            timeout = execution.timing().attemptTimeoutNanos();
            timer = timeout <= 0 ? null
                    : binding.rule().observe() ? Services.scheduler().schedule(() -> observeTimeout(attempt), timeout, TimeUnit.NANOSECONDS)
                    : Services.scheduler().schedule(() -> timeOut(attempt), timeout, TimeUnit.NANOSECONDS);
        } catch (Throwable agentError) {
            throw new AsyncBody.PreBody(agentError);
        }
        if (timeout < 0 && !binding.rule().observe()) {
            // The enclosing call's deadline has passed: the attempt has timed out before it began, and
            // its body is not run (nobody would wait for it), as on the synchronous path.
            timeOut(attempt);
            return;
        }
        CompletionStage<?> stage;
        try {
            RuleRuntime rule = binding.rule();
            long deadline;
            try {
                deadline = rule.observe() ? body.callerDeadline() : execution.timing().attemptDeadline();
            } catch (Throwable agentError) {
                throw new AsyncBody.PreBody(agentError);
            }
            stage = body.invoke(rule, deadline);
        } catch (AsyncBody.PreBody agentError) {
            cancel(timer);
            throw agentError;
        } catch (Throwable error) {
            cancel(timer);
            firstThrown = attempt == 1 ? error : null;
            settle(attempt, null, error);
            return;
        }
        if (attempt == 1) {
            firstStage = stage;
        }
        if (stage == null) {
            cancel(timer);
            int decision = settle(attempt, null, null);
            // the caller gets null as the method returned it, unless this counted as a timeout (observing: always)
            firstReturnedNull = attempt == 1 && (decision == CallExecution.RETURN || binding.rule().observe());
            return;
        }
        CompletableFuture<?> future;
        try {
            future = WatchedStages.future(stage);
        } catch (Throwable error) { // the application's stage refused to be watched at all: the attempt failed
            cancel(timer);
            settle(attempt, null, error);
            return;
        }
        if (!publish(attempt, future) && !binding.rule().observe()) {
            WatchedStages.cancel(future); // timed out while the body ran: its future is nobody's any more
        }
        TestFaults.afterAsyncBody(binding.rule()); // test-only switch, see TestFaults
        future.whenComplete((value, error) -> {
            if (timer != null) {
                timer.cancel(false);
            }
            settle(attempt, value, error);
        });
    }

    /** An attempt's future, and the attempt's number. */
    private record Running(int attempt, CompletableFuture<?> future) { }

    /**
     * Makes {@code future} the running one; false when its attempt was settled meanwhile (it timed
     * out while its body ran: a later attempt may already run) and the future is nobody's. A future
     * published after the caller cancelled its own is cancelled too.
     */
    private boolean publish(int attempt, CompletableFuture<?> future) {
        Running next = new Running(attempt, future);
        while (true) {
            Running now = current.get();
            if (now != null && now.attempt() > attempt || settled.get() >= attempt) {
                return false;
            }
            if (current.compareAndSet(now, next)) {
                if (result.isCancelled()) {
                    WatchedStages.cancel(future);
                }
                return settled.get() < attempt; // settled between the test and the set: the timer missed it
            }
        }
    }

    /**
     * The caller's future completed. Cancelled by the caller: the running attempt's own future is
     * cancelled too, as without the agent. Completed or cancelled by the caller while a retry waits
     * out its backoff (the agent completes it only once a retry has claimed its turn, see
     * {@link PendingRetry}): that retry is dropped, since nobody waits for it (audit: a caller's own
     * complete() or orTimeout() left every retry to run).
     */
    private void passOnCancellation(Object value, Throwable error) {
        if (error instanceof CancellationException) {
            Running running = current.get();
            if (running != null) {
                WatchedStages.cancel(running.future());
            }
        }
        if (pendingRetry.drop()) {
            endedByCallerWhileWaiting(); // what retry() counts when it finds the caller gone; it never runs now
        }
    }

    /** The caller gave the call up while a retry waited: counted as ended by the caller; a failed response held for it is dropped. */
    private void endedByCallerWhileWaiting() {
        execution.endedByCaller();
        Object response = retriedResponse;
        retriedResponse = null;
        HttpResponses.dropLate(response);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void timeOut(int attempt) {
        if (!settled.compareAndSet(attempt - 1, attempt)) {
            return;
        }
        // The attempt's own future is cancelled, as Resilience4j's TimeLimiter does by default: that
        // aborts an HTTP exchange in flight (java.net.http) and frees what it holds. A future the method
        // shares with every caller is cancelled for all of them too (README).
        Running running = current.get();
        if (running != null && running.attempt() == attempt) {
            WatchedStages.cancel(running.future());
        }
        Throwable timeout = binding.failures().asyncTimeout(binding.rule(), execution.timing().cutLimitNanos());
        int decision = execution.timedOut(timeout, binding.failures().timeoutJudgedAs(true));
        // Completing the caller's future runs the fallback and the caller's own stages: not on the
        // scheduler's one thread, which every asynchronous timeout and backoff of the JVM needs.
        try {
            Services.asyncRetries().execute(() -> decide(decision, null, timeout, timeout));
        } catch (Throwable noThread) { // (no thread could be made) the caller's future must still complete
            decide(decision, null, timeout, timeout);
        }
    }

    /**
     * {@code mode: observe}, at the deadline of a future still pending: counts the would-be timeout
     * now (a future that never completes would otherwise never be counted) and leaves the caller's
     * future to complete as the method's does.
     */
    private void observeTimeout(int attempt) {
        observedLate = true;
        if (!settled.compareAndSet(attempt - 1, attempt)) {
            return; // completed in time: settle() counted it
        }
        try {
            if (execution.wouldBeRejected()) {
                // Enforcement would have refused the call: a rejection only, never a timeout (as inline), counted
                // now all the same, since a future that never completes would otherwise never be counted.
                execution.succeeded();
            } else {
                execution.timedOut(binding.failures().asyncTimeout(binding.rule(), execution.timing().cutLimitNanos()), binding.failures().timeoutJudgedAs(true));
            }
        } catch (Throwable bug) {
            execution.abandon();
            AgentErrors.report(site, bug);
        }
    }

    /** @return the decision, or -1 when the attempt was settled already (its deadline came first) */
    private int settle(int attempt, Object value, Throwable error) {
        if (!settled.compareAndSet(attempt - 1, attempt)) {
            if (settled.get() == ABANDONED) {
                return -1; // the caller holds the method's own future: the agent touches nothing
            }
            if (observedLate) {
                complete(value, error); // counted at the deadline; the caller gets what the method gave
            } else if (!binding.rule().observe()) {
                HttpResponses.dropLate(value); // timed out: nobody gets it, and a response holds a connection
            }
            return -1;
        }
        try {
            Throwable cause = FutureFailures.unwrap(error);
            if (error instanceof CancellationException && (result.isCancelled()
                    || binding.rule().observe() && firstStage instanceof java.util.concurrent.Future<?> own && own.isCancelled())) {
                // The caller cancelled the call, and with it this attempt's future (observing, the caller holds
                // that future itself, so a cancel by the method's own library looks the same): the caller's
                // choice, not the service failing, so the breaker records nothing (audit: type-ahead searches
                // that cancel each other opened it against a healthy service). A cancellation that reaches
                // the future wrapped, from a stage upstream, is a failure like any other. The call counts as
                // failed, or observing as the rejection enforcement would have made of it.
                execution.abandon();
                if (execution.wouldBeRejected()) {
                    execution.succeeded(); // observing: counted as enforcement would have (a rejection, or its fallback)
                } else {
                    execution.endedByCaller();
                }
                return -1;
            }
            int decision;
            if (execution.wouldHaveTimedOut() || !binding.rule().observe() && execution.timing().timeLimited()
                    && execution.timing().endedPastDeadline()) {
                // Past its deadline, whatever it returned: the timer was late (the scheduler's one
                // thread was busy), or the body blocked past it before returning its future.
                if (!binding.rule().observe()) {
                    HttpResponses.dropLate(value); // nobody gets it (observing, the caller does)
                }
                Throwable timeout = binding.failures().asyncTimeout(binding.rule(), execution.timing().cutLimitNanos());
                decision = execution.timedOut(timeout, binding.failures().timeoutJudgedAs(true));
                decide(decision, null, timeout, timeout);
                return decision;
            }
            int status = cause == null && value != null && binding.rule().hasFailureStatuses() ? HttpResponses.status(value) : -1;
            if (status >= 0 && binding.rule().isFailureStatus(status)) {
                // onStatus: a failure for retry and breaker; the caller gets the last response itself
                decision = execution.failedResponse(status, HttpResponses.retryAfterNanos(value));
            } else {
                decision = cause == null ? execution.succeeded() : execution.failed(cause);
            }
            decide(decision, value, cause, error);
            return decision;
        } catch (Throwable bug) {
            execution.abandon();
            AgentErrors.report(site, bug);
            complete(value, error);
            return -1;
        }
    }

    /**
     * @param cause what the attempt's failure is judged by (unwrapped)
     * @param raw   the attempt's failure as its future held it: the caller's future fails with exactly
     *              that when the agent does not replace it, so the application's own handling (a
     *              {@code CompletionException} it unwraps, say) sees what it would without the agent
     */
    private void decide(int decision, Object value, Throwable cause, Throwable raw) {
        switch (decision) {
            case CallExecution.RETRY -> {
                if (result.isDone()) {
                    execution.endedByCaller(); // the caller completed or cancelled its future: nobody waits
                    HttpResponses.dropLate(cause == null ? value : null);
                    return;
                }
                retriedCause = cause;
                retriedRaw = raw;
                retriedResponse = cause == null ? value : null;
                droppedResponse = null;
                pendingRetry.schedule(this::retryOffTheScheduler, execution.nextDelayNanos());
                if (result.isDone() && pendingRetry.drop()) {
                    endedByCallerWhileWaiting(); // the caller was done in between: its drop came too early
                }
            }
            case CallExecution.FAIL -> {
                Throwable failure = execution.failure();
                result.completeExceptionally(failure == cause && raw != null ? raw : failure);
            }
            case CallExecution.REJECT -> result.completeExceptionally(
                    binding.failures().rejected(execution.rejection(), binding.rule(), binding.circuitBreaker()));
            case CallExecution.FALLBACK -> AsyncFallback.serve(site, binding, body.arguments(), body.callerLoader(), execution, result);
            default -> complete(value, raw);
        }
    }

    /** The backoff is over: the retry runs on its own thread (see {@link Services#asyncRetries}). */
    private void retryOffTheScheduler() {
        try {
            Services.asyncRetries().execute(this::retry);
        } catch (RuntimeException | Error refused) {
            retry(); // the pool cannot take it (the JVM shuts down, say): run it here, as before
        }
    }

    private void retry() {
        if (!pendingRetry.claim()) {
            return; // the caller completed its future first, and the call was counted then
        }
        int attempt = execution.attempts() + 1; // this retry's number: read before anything can settle it
        try {
            if (result.isDone()) {
                // the caller gave up (or completed its future itself) while the call waited: calling the
                // method again would be a request nobody reads
                endedByCallerWhileWaiting();
                return;
            }
            attempt();
        } catch (AsyncBody.PreBody agentError) {
            if (!settled.compareAndSet(attempt - 1, GAVE_UP)) {
                AgentErrors.report(site, agentError.getCause());
                return; // its timer fired first: the attempt timed out, and the timer goes on with the call
            }
            AgentErrors.report(site, agentError.getCause());
            // The agent failed before the retry's body ran: the call ends as with a refused retry, with
            // what the last attempt gave: its failure, or its failing response (closed already if the
            // retry got that far: for a String body, as readable as ever).
            Object response = retriedResponse != null ? retriedResponse : droppedResponse;
            retriedResponse = null;
            Throwable last = retriedRaw;
            execution.abandon();
            if (response != null) {
                complete(response, null);
            } else {
                result.completeExceptionally(last != null ? last : agentError.getCause());
            }
        } catch (Throwable bug) {
            AgentErrors.report(site, bug);
            result.completeExceptionally(execution.failure() != null ? execution.failure() : bug);
        }
    }

    private void complete(Object value, Throwable error) {
        if (error != null) {
            result.completeExceptionally(error);
        } else if (!result.complete(value) && !binding.rule().observe()) {
            HttpResponses.dropLate(value); // the caller finished its future itself: nobody reads this response (review)
        }
    }
}
