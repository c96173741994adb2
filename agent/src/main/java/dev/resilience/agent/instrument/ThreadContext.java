package dev.resilience.agent.instrument;

import dev.resilience.agent.core.ThreadCells;

import java.util.Arrays;

/**
 * What the agent knows about the current thread: which rules are already applied further up the
 * stack (a nested call of the same rule is not protected twice), the deadline of the enclosing
 * attempt (inner calls never wait past it), the site a worker is about to run unprotected, and
 * reusable frames so inline calls allocate nothing. It holds only agent objects and primitives,
 * never application objects, so it pins no application class loader. Confined to its thread.
 */
public final class ThreadContext {
    private static final ThreadLocal<ThreadContext> CURRENT = new PerThread();

    /** A named class, not {@code withInitial(ThreadContext::new)}: no lambda spun on the first call (issue 8). */
    private static final class PerThread extends ThreadLocal<ThreadContext> {
        @Override
        protected ThreadContext initialValue() {
            return new ThreadContext();
        }
    }

    /** The site of a hand-off call whose body this thread is about to run (see {@link #passesThrough}), or -1. */
    int passThroughSite = -1;
    /**
     * How many sites existed when the mark was set, just before the body is entered: a site made
     * later is taken for a call of its own, as a recursive call into code a second reload made while
     * a body with no advice left ran must be. The price: a reload whose new code is made and
     * installed in the instant between the mark and the body's first entry has that body run as a
     * call of the new rule too (once; an attempt takes microseconds to enter, a reload milliseconds).
     */
    int passThroughBelow;
    long deadline = Long.MAX_VALUE;
    private int[] activeRules = new int[8];
    private int depth;
    /**
     * Where this thread's own calls begin: 0, or the depth of the caller's view a worker took on
     * ({@link #adopt}), whose places hold no frame of this thread's.
     */
    private int ownFrom;
    private Frame[] frames = new Frame[8];
    /** Created with the first frame: threads that only pass through unmatched code register nothing. */
    private ThreadCells cells;

    static ThreadContext current() {
        return CURRENT.get();
    }

    /**
     * Whether a call of this rule is in progress on this thread (a nested call does not apply it
     * again). First ends the calls on top of the thread's stack of calls that the agent could not end
     * because its own code failed around them, as a stack overflow makes it ({@link Frame#stale}):
     * otherwise the thread would take every later call of their rules for a nested one and run it
     * unprotected, and keep their deadlines, bulkhead places and armed interrupts (audit). A stale
     * frame under calls made after it failed waits for them to end.
     */
    boolean isActive(int ruleIndex) {
        if (depth == 0) {
            return false;
        }
        if (depth > ownFrom && frames[depth - 1].stale) {
            dropStale();
        }
        int[] rules = activeRules;
        for (int i = depth - 1; i >= 0; i--) {
            if (rules[i] == ruleIndex) {
                return true;
            }
        }
        return false;
    }

    private void dropStale() {
        while (depth > ownFrom && frames[depth - 1].stale) {
            Frame lost = frames[depth - 1];
            try {
                Dispatch.releaseHeld(lost); // gives back what it held, disarms its interrupt
            } catch (StackOverflowError overflow) {
                return; // still on top and stale: a later call, with more stack, tries again
            } catch (Throwable other) {
                // what it held stays held: the thread's own calls are protected again all the same
            }
            lost.stale = false;
            depth--;
            deadline = lost.savedDeadline;
        }
    }

    /** Marks a rule active and returns this depth's reusable frame. */
    Frame push(int ruleIndex) {
        Frame frame = depth < frames.length ? frames[depth] : null;
        if (frame == null) {
            frame = newFrame();
        }
        activeRules[depth] = ruleIndex;
        depth++;
        frame.savedDeadline = deadline;
        frame.stale = false; // a mark left on it after its last call had ended
        return frame;
    }

    /**
     * The frame for a depth this thread reaches for the first time. Kept out of {@link #push} so
     * the compiled enter advice stays small enough for the JIT to inline into every caller.
     */
    private Frame newFrame() {
        if (depth == frames.length) {
            activeRules = Arrays.copyOf(activeRules, depth * 2);
            frames = Arrays.copyOf(frames, depth * 2);
        }
        if (cells == null) {
            cells = ThreadCells.forCurrentThread();
        }
        Frame frame = new Frame(this, cells, depth);
        frames[depth] = frame;
        return frame;
    }

    /**
     * Ends the innermost protected call: its rule is no longer active and the outer deadline is back.
     * A frame popped already (an error after the call ended, whose clean-up pops again) leaves the
     * enclosing call's rule active.
     */
    void pop(Frame frame) {
        if (depth > 0 && frames[depth - 1] != frame) {
            popBelowTop(frame);
        } else if (depth > 0) {
            depth--;
        }
        deadline = frame.savedDeadline;
    }

    /** Ends the innermost protected call of a light frame, which never changed the deadline. */
    void popLight(Frame frame) {
        if (depth == frame.slot + 1) { // on top: one load more than before, where a check of frames[] was two
            depth--;
        } else {
            popBelowTop(frame);
        }
    }

    /**
     * {@code frame} is not on top: popped already (an error after its call ended, whose clean-up pops
     * again: nothing to do), or under frames of nested calls the agent could not end (review). Those
     * are dropped first; where one cannot be yet (no stack to release what it held), {@code frame} is marked
     * stale in turn, to be dropped with them by a later call.
     */
    private void popBelowTop(Frame frame) {
        int at = -1;
        for (int i = depth - 2; i >= ownFrom; i--) {
            if (frames[i] == frame) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return;
        }
        for (int i = at + 1; i < depth; i++) {
            frames[i].stale = true; // calls above one that ends have ended, marked or not
        }
        dropStale();
        if (depth == at + 1) {
            depth--;
        } else {
            frame.stale = true;
        }
    }

    /**
     * The innermost call in progress on this thread that armed an interrupt for its deadline, or null.
     * Frames left from calls that ended, or below a view a worker adopted, were disarmed when their
     * calls ended.
     */
    Frame innermostArmed() {
        for (int i = depth - 1; i >= 0; i--) {
            Frame below = frames[i];
            if (below != null && below.interruptHandle >= 0) {
                return below;
            }
        }
        return null;
    }

    /** What a worker thread must know to run a body on behalf of this thread. */
    Snapshot snapshot(long attemptDeadline, int siteId) {
        return new Snapshot(Arrays.copyOf(activeRules, depth), attemptDeadline, siteId);
    }

    /** The caller's view, carried to the worker that runs the body. */
    record Snapshot(int[] activeRules, long deadline, int siteId) {
        /** This view inside one more protected call: its rule active, its attempt's deadline in force. */
        Snapshot within(int ruleIndex, long attemptDeadline) {
            int[] rules = Arrays.copyOf(activeRules, activeRules.length + 1);
            rules[activeRules.length] = ruleIndex;
            return new Snapshot(rules, attemptDeadline, siteId);
        }
    }

    /** Takes on the caller's view for the duration of one body; returns what to restore. */
    Saved adopt(Snapshot snapshot) {
        Saved saved = new Saved(Arrays.copyOf(activeRules, depth), deadline, passThroughSite, passThroughBelow, ownFrom);
        int[] rules = snapshot.activeRules();
        if (rules.length > activeRules.length) {
            activeRules = Arrays.copyOf(activeRules, rules.length * 2);
            frames = Arrays.copyOf(frames, rules.length * 2);
        }
        System.arraycopy(rules, 0, activeRules, 0, rules.length);
        depth = rules.length;
        ownFrom = rules.length;
        deadline = snapshot.deadline();
        markPassThrough(snapshot.siteId());
        return saved;
    }

    void restore(Saved saved) {
        System.arraycopy(saved.activeRules(), 0, activeRules, 0, saved.activeRules().length);
        depth = saved.activeRules().length;
        deadline = saved.deadline();
        passThroughSite = saved.passThroughSite();
        passThroughBelow = saved.passThroughBelow();
        ownFrom = saved.ownFrom();
    }

    /** A thread's own view, put back after it ran a body for another thread. */
    record Saved(int[] activeRules, long deadline, int passThroughSite, int passThroughBelow, int ownFrom) { }

    /** The body of the hand-off call at {@code siteId} runs next on this thread (see {@link #passesThrough}). */
    void markPassThrough(int siteId) {
        int below = Sites.registered(); // first: a call cut short by a stack overflow after the mark would leave it set
        passThroughSite = siteId;
        passThroughBelow = below;
    }

    /**
     * True when this entry into {@code site} is the body of the hand-off call this thread is running
     * ({@link #passThroughSite}) and must pass through, not be a call of its own. The method may have
     * new code since the call started, with another site: a reload that re-wove it inline, or moved it
     * to another rule (audit: retried under both rules, up to 7 attempts for maxAttempts 3). A site made
     * after the mark is taken for a call of its own ({@link #passThroughBelow}, review). Clears the mark.
     */
    boolean passesThrough(Site site, int siteId) {
        int through = passThroughSite;
        if (through != siteId && !(siteId < passThroughBelow && site.sameMethodAs(Sites.get(through)))) {
            return false;
        }
        passThroughSite = -1;
        return true;
    }
}
