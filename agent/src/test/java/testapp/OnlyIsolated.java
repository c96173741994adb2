package testapp;

/** Loaded only by name, through a loader that cannot see the agent (Scenario's {@code isolatedOnly.call}). */
public class OnlyIsolated {
    public String call(String argument) {
        return "isolated " + argument;
    }
}
