package dev.resilience.agent.policy;

import static dev.resilience.agent.policy.PolicyTexts.onlyRule;
import static dev.resilience.agent.policy.PolicyTexts.rule;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyDescriberTest {

    @Test
    void describesEveryAspectInPolicyUnits() {
        Rule rule = onlyRule(rule(
                "retry: { maxAttempts: 4, delay: 1s, budget: { ratio: 20%, minPerSecond: 5 }, onStatus: [503, 429] }",
                "timeout: { duration: 2s, mode: interrupt }",
                "circuitBreaker: { failureRateThreshold: 50%, slowCallDuration: 5s, slowCallRateThreshold: 80%, scope: method }",
                "bulkhead: { maxConcurrent: 8 }",
                "fallback: { value: \"\" }",
                "onFailure: { exception: java.io.UncheckedIOException }"));
        assertThat(PolicyDescriber.describe(rule)).containsExactly(
                "match: class com.example.A methods=(default: public declared methods)",
                "mode: enforce",
                "retry: maxAttempts=4 delay=1s multiplier=1.5 maxDelay=10s jitter=0 retryOn=[java.io.IOException]"
                        + " budget=(ratio=20% minPerSecond=5) onStatus=[429, 503]",
                "timeout: 2s mode=interrupt",
                "circuitBreaker: rate failureRateThreshold=50% slidingWindowSize=100 minimumCalls=20"
                        + " slowCallDuration=5s slowCallRateThreshold=80% openDuration=1m halfOpenCalls=1 scope=method",
                "bulkhead: maxConcurrent=8 maxWait=0ms",
                "fallback: value=\"\"",
                "onFailure: exception=java.io.UncheckedIOException");
    }

    @Test
    void saysOffForSwitchedOffPatternsAndOmitsAbsentOnes() {
        Rule rule = onlyRule(rule("retry: off", "timeout: off", "circuitBreaker: off"));
        assertThat(PolicyDescriber.describe(rule)).containsExactly(
                "match: class com.example.A methods=(default: public declared methods)",
                "mode: enforce", "retry: off", "timeout: off", "circuitBreaker: off");
    }
}
