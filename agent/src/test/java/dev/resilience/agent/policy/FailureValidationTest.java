package dev.resilience.agent.policy;

import static dev.resilience.agent.policy.PolicyTexts.onlyError;
import static dev.resilience.agent.policy.PolicyTexts.onlyRule;
import static dev.resilience.agent.policy.PolicyTexts.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per kind of error in what the caller sees instead of a failure (fallback, onFailure), each asserting line and column. */
class FailureValidationTest {

    @Nested
    class Fallback {
        @Test
        void readsEveryKindOfValue() {
            assertThat(onlyRule(rule("fallback: { value: null }")).fallback().value()).isNull();
            assertThat(onlyRule(rule("fallback: { value: \"n/a\" }")).fallback().value()).isEqualTo("n/a");
            assertThat(onlyRule(rule("fallback: { value: 42 }")).fallback().value()).isEqualTo(42L);
            assertThat(onlyRule(rule("fallback: { value: 0.5 }")).fallback().value()).isEqualTo(0.5);
            assertThat(onlyRule(rule("fallback: { value: false }")).fallback().value()).isEqualTo(false);
            assertThat(onlyRule(rule("fallback: { value: [] }")).fallback().value()).isEqualTo(List.of());
            assertThat(onlyRule(rule("fallback: { value: {} }")).fallback().value()).isEqualTo(java.util.Map.of());
        }

        @Test
        void readsAMethodReference() {
            FallbackSettings fallback = onlyRule(rule("fallback: { method: com.example.Fallbacks#empty }")).fallback();
            assertThat(fallback.kind()).isEqualTo(FallbackSettings.Kind.METHOD);
            assertThat(fallback.method()).isEqualTo("com.example.Fallbacks#empty");
            assertThat(fallback.position()).isEqualTo(new Position(5, 15));
        }

        @Test
        void rejectsANonEmptyList() {
            assertThat(onlyError(rule("fallback: { value: [1] }")))
                    .isEqualTo("p.yaml:5:24: rules[0].fallback.value: expected null, a string, a number, true/false,"
                            + " [] or {} (only an empty list or map), got a list");
        }

        @Test
        void rejectsBothValueAndMethod() {
            assertThat(onlyError(rule("fallback: { value: 1, method: a.B#c }")))
                    .isEqualTo("p.yaml:5:27: rules[0].fallback: give either `value` or `method`, not both");
        }

        @Test
        void rejectsNeitherValueNorMethod() {
            assertThat(onlyError(rule("fallback: {}")))
                    .isEqualTo("p.yaml:5:15: rules[0].fallback: needs `value` (returned as is) or `method`"
                            + " (a static method com.example.Fallbacks#name)");
        }

        @Test
        void rejectsAMethodWithoutClass() {
            assertThat(onlyError(rule("fallback: { method: transcriptUnavailable }")))
                    .isEqualTo("p.yaml:5:25: rules[0].fallback.method: expected a static method as"
                            + " binary.ClassName#methodName, such as com.example.Fallbacks#transcriptUnavailable,"
                            + " got \"transcriptUnavailable\"");
        }

        /** Fuzz audit: only the JDK defines java.* classes, which the exception lists knew and fallbacks did not. */
        @Test
        void rejectsAMethodOfAJavaClassTheJdkLacks() {
            assertThat(onlyError(rule("fallback: { method: \"java.lang.Nope#c\" }")))
                    .isEqualTo("p.yaml:5:25: rules[0].fallback.method: there is no class java.lang.Nope in the JDK (and"
                            + " only the JDK defines java.* classes); name a static method of one of the application's classes");
            assertThat(onlyRule(rule("fallback: { method: \"java.util.Collections#emptyList\" }")).fallback().method())
                    .isEqualTo("java.util.Collections#emptyList");
        }
    }

    @Nested
    class OnFailure {
        @Test
        void acceptsAJdkExceptionWithAStringAndSubtypedCauseConstructor() {
            Rule.OnFailure onFailure = onlyRule(rule("onFailure: { exception: java.io.UncheckedIOException }")).onFailure();
            assertThat(onFailure.exceptionClass()).isEqualTo("java.io.UncheckedIOException");
            assertThat(onFailure.position()).isEqualTo(new Position(5, 29));
        }

        @Test
        void acceptsAnApplicationClassItCannotLoadYet() {
            assertThat(onlyRule(rule("onFailure: { exception: com.example.ServiceDown }")).onFailure().exceptionClass())
                    .isEqualTo("com.example.ServiceDown");
        }

        @Test
        void aJavaNameTheJdkLacksIsAnErrorWithASuggestion() {
            assertThat(onlyError(rule("onFailure: { exception: java.io.UncheckedIOExcepton }")))
                    .isEqualTo("p.yaml:5:29: rules[0].onFailure.exception: there is no class java.io.UncheckedIOExcepton in the"
                            + " JDK (and only the JDK defines java.* classes); did you mean java.io.UncheckedIOException?");
            assertThat(onlyError(rule("retry: { retryOn: [java.io.IOExeption] }")))
                    .isEqualTo("p.yaml:5:24: rules[0].retry.retryOn[0]: there is no class java.io.IOExeption in the JDK"
                            + " (and only the JDK defines java.* classes); did you mean java.io.IOException?");
            assertThat(onlyError(rule("circuitBreaker: { ignoreOn: [java.lang.String] }")))
                    .isEqualTo("p.yaml:5:34: rules[0].circuitBreaker.ignoreOn[0]: java.lang.String is not an exception (it does"
                            + " not extend java.lang.Throwable)");
            // an application's class, or one of javax.*, can only be checked on a class path: explain does
            assertThat(onlyRule(rule("retry: { abortOn: [com.example.NotFound, javax.net.ssl.SSLException] }")).retry().abortOn())
                    .containsExactly("com.example.NotFound", "javax.net.ssl.SSLException");
        }

        /** Audit: {@code retryOn: [IOException]} validated, then never retried anything. */
        @Test
        void aJdkExceptionWrittenWithoutItsPackageIsAnErrorNamingIt() {
            assertThat(onlyError(rule("retry: { retryOn: [IOException] }")))
                    .isEqualTo("p.yaml:5:24: rules[0].retry.retryOn[0]: IOException has no package, and exception classes"
                            + " are named in full; did you mean java.io.IOException?");
            assertThat(onlyError(rule("onFailure: { exception: UncheckedIOException }")))
                    .endsWith("did you mean java.io.UncheckedIOException?");
            assertThat(onlyError(rule("retry: { abortOn: [SSLHandshakeException] }")))
                    .endsWith("did you mean javax.net.ssl.SSLHandshakeException?");
            // an application's exception in the default package is its own
            assertThat(onlyRule(rule("retry: { retryOn: [TransientFailure] }")).retry().retryOn()).containsExactly("TransientFailure");
        }

        @Test
        void rejectsAClassThatIsNotAnException() {
            assertThat(onlyError(rule("onFailure: { exception: java.lang.StringBuilder }")))
                    .isEqualTo("p.yaml:5:29: rules[0].onFailure.exception: java.lang.StringBuilder is not an"
                            + " exception (it does not extend java.lang.Throwable); name an exception class such as"
                            + " java.io.UncheckedIOException");
        }

        @Test
        void rejectsAnExceptionWithoutAMessageConstructor() {
            assertThat(onlyError(rule("onFailure: { exception: java.util.EmptyStackException }")))
                    .isEqualTo("p.yaml:5:29: rules[0].onFailure.exception: java.util.EmptyStackException has no public"
                            + " (String) or (String, Throwable) constructor, so the agent cannot create it with a"
                            + " message; name an exception class that has one");
        }

        @Test
        void rejectsAnAbstractException() {
            assertThat(onlyError(rule("onFailure: { exception: java.lang.VirtualMachineError }")))
                    .isEqualTo("p.yaml:5:29: rules[0].onFailure.exception: java.lang.VirtualMachineError cannot be"
                            + " instantiated (it is abstract or not public); name a concrete public subclass");
        }

        @Test
        void rejectsAMissingException() {
            assertThat(onlyError(rule("onFailure: {}")))
                    .isEqualTo("p.yaml:5:16: rules[0].onFailure: needs `exception`, the class to throw, such as"
                            + " java.io.UncheckedIOException");
        }
    }
}
