package dev.resilience.agent.core;

import dev.resilience.agent.core.CircuitBreaker.State;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stay of a {@link StateMachineBreaker} in one state, and the permit of the calls it admits;
 * its kinds are nested here. Every transition installs a new phase, so counts start fresh with
 * each stay. Thread-safe.
 */
abstract class BreakerPhase implements CircuitBreaker.Permit {
    final State state;
    /** True when every call is permitted: the CLOSED fast path reads only this. */
    final boolean permitsAll;
    /**
     * The HALF_OPEN trials running, this round's and earlier rounds': when one trial fails, the
     * round's others go on, and may outlast {@code openDuration}; the next round counts them, so
     * that at most {@code halfOpenCalls} trials ever run at a time (the contract), not that many
     * per round. Handed from phase to phase by the breaker's own transitions, and a new count
     * after an operator's reset or forcing: a trial from before it that never ends (I/O ignoring
     * the interrupt, a future never completed) must not keep every later round from starting
     * (review), nor, in a rule with a timeout, a lost trial (see {@link StateMachineBreaker}). Held by the
     * phase, so that the compare-and-set of a transition covers it too.
     * Set once, before the phase is installed.
     */
    RunningTrials trials;
    /**
     * When the circuit last opened from CLOSED ({@link NanoClock} time), handed on through its
     * HALF_OPEN rounds: the line that closes it says how long the outage lasted (operator audit:
     * without timestamps, the log could not tell). Set once, before the phase is installed.
     */
    long openedFromClosedAt;

    BreakerPhase(State state, boolean permitsAll) {
        this.state = state;
        this.permitsAll = permitsAll;
    }

    /** CLOSED and watching outcomes; each kind of breaker counts its own way. Thread-safe. */
    abstract static class Counting extends BreakerPhase {
        Counting() {
            super(State.CLOSED, true);
        }

        /** @return null to stay CLOSED, or the reason to open */
        abstract String recordSuccess(long durationNanos);

        /**
         * @param method the method that failed, for a breaker several methods share (null otherwise)
         * @return null to stay CLOSED, or the reason to open
         */
        abstract String recordFailure(long durationNanos, Throwable error, String method);
    }

    static final class Open extends BreakerPhase {
        final long openedAt;

        Open(long openedAt) {
            super(State.OPEN, false);
            this.openedAt = openedAt;
        }
    }

    static final class HalfOpen extends BreakerPhase {
        private static final VarHandle TAKEN;
        private static final VarHandle SUCCEEDED;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                TAKEN = lookup.findVarHandle(HalfOpen.class, "taken", int.class);
                SUCCEEDED = lookup.findVarHandle(HalfOpen.class, "succeeded", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Trial slots in use: in flight or succeeded. */
        private volatile int taken;
        private volatile int succeeded;
        /** When the last slot was taken: a full round that long ago holds only lost trials. */
        final LatestTime lastTaken;

        HalfOpen(int taken, long now) {
            super(State.HALF_OPEN, false);
            this.taken = taken;
            this.lastTaken = new LatestTime(now);
        }

        boolean tryTake(int limit, long now) {
            for (int t = taken; t < limit; t = taken) {
                // Before the slot: a reader that sees the slot taken never sees an older time (review).
                lastTaken.advanceTo(now);
                if (TAKEN.compareAndSet(this, t, t + 1)) {
                    return true;
                }
            }
            return false;
        }

        void release() {
            for (int t = taken; t > 0; t = taken) {
                if (TAKEN.compareAndSet(this, t, t - 1)) {
                    return;
                }
            }
        }

        int succeed() {
            return (int) SUCCEEDED.getAndAdd(this, 1) + 1;
        }
    }

    /** Held by an operator; outcomes are ignored. */
    static final class Forced extends BreakerPhase {
        Forced(State state) {
            super(state, state == State.CLOSED);
        }
    }
}
