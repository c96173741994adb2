package dev.resilience.agent.policy;

/**
 * What a failed call returns instead of failing.
 *
 * @param value  for {@code VALUE}: null, a String, a Long or Double, a Boolean, an empty List or an empty Map
 * @param method for {@code METHOD}: {@code com.example.Fallbacks#name}, a static method resolved through
 *               the instrumented class's loader
 */
public record FallbackSettings(Kind kind, Object value, String method, Position position) {
    public enum Kind { VALUE, METHOD }
}
