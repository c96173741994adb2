package com.example.orchestrator;

import java.util.Arrays;

/**
 * {@link Main} in a forked JVM, after one healthy job against {@code <base>/warm-up}
 * ({@link FaultCaseRunner#WARM_UP}) that is not part of Main's run or report: the test then sees
 * the app's behaviour, not a cold JVM's first calls running into the policy's timeout on a busy
 * machine. The breaker it passes through is left as a fresh JVM has it (closed, no failures).
 *
 * <p>Arguments: {@code WARM_UP_BASE_URL} then Main's arguments.
 */
public final class WarmedUpMain {
    private WarmedUpMain() {}

    public static void main(String[] args) throws Exception {
        JobResult warmUp = FaultCaseRunner.runOneJob(args[0] + FaultCaseRunner.WARM_UP, null);
        if (!warmUp.completed()) {
            System.err.println("warm-up job failed: " + warmUp.reason());
            System.exit(3);
        }
        Main.main(Arrays.copyOfRange(args, 1, args.length));
    }
}
