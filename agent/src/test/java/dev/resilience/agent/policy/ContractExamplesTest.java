package dev.resilience.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The examples of policy-v1.md, copied verbatim into test resources, load exactly as the contract describes. */
class ContractExamplesTest {

    static Policy load(String resource) throws URISyntaxException {
        Path file = Path.of(ContractExamplesTest.class.getResource("/policies/" + resource).toURI());
        LoadResult result = PolicyLoader.load(file, resource);
        assertThat(result.errors()).isEmpty();
        assertThat(result.ok()).isTrue();
        return result.policy();
    }

    @Nested
    class Shape {
        @Test
        void loadsBothRulesInFileOrder() throws Exception {
            Policy policy = load("contract-shape.yaml");
            assertThat(policy.version()).isEqualTo(1);
            assertThat(policy.source()).isEqualTo("contract-shape.yaml");
            assertThat(policy.rules()).extracting(Rule::name).containsExactly("ollama", "storage");
        }

        @Test
        void ollamaMergesItsRetryOverDefaultsKeyByKey() throws Exception {
            Rule ollama = load("contract-shape.yaml").rules().get(0);
            assertThat(ollama.position()).isEqualTo(new Position(18, 5));
            assertThat(ollama.mode()).isEqualTo(Rule.Mode.ENFORCE);
            assertThat(ollama.retry()).isEqualTo(new RetrySettings(4, Duration.ofSeconds(1), 1.5, Duration.ofSeconds(10), 0,
                    List.of("java.io.IOException"), List.of("java.io.FileNotFoundException"), null, Set.of()));
            assertThat(ollama.timeout()).isEqualTo(new TimeoutSettings(Duration.ofSeconds(30), TimeoutSettings.Mode.THREAD));
            assertThat(ollama.circuitBreaker()).isEqualTo(new BreakerSettings(BreakerSettings.Kind.CONSECUTIVE, 5, 0, 0, 0,
                    null, 0, Duration.ofSeconds(30), 1, List.of(), BreakerSettings.Scope.RULE));
            assertThat(ollama.bulkhead()).isNull();
            assertThat(ollama.fallback()).isNull();
            assertThat(ollama.onFailure()).isNull();
        }

        @Test
        void ollamaMatchesNamedMethodsAndAGlob() throws Exception {
            Match match = load("contract-shape.yaml").rules().get(0).match();
            assertThat(match.kind()).isEqualTo(Match.Kind.CLASS);
            assertThat(match.type()).isEqualTo("com.example.orchestrator.OllamaClient");
            assertThat(match.methods()).extracting(MethodPattern::name).containsExactly("generate", "embed*");
            assertThat(match.methods()).extracting(MethodPattern::parameterTypes).containsExactly(null, null);
            assertThat(match.exclude()).isEmpty();
        }

        @Test
        void storageIsRateBasedAlthoughDefaultsNameAThreshold() throws Exception {
            Rule storage = load("contract-shape.yaml").rules().get(1);
            assertThat(storage.circuitBreaker()).isEqualTo(new BreakerSettings(BreakerSettings.Kind.RATE, 0, 0.5, 20, 10,
                    null, 0, Duration.ofSeconds(45), 3, List.of("java.lang.IllegalArgumentException"),
                    BreakerSettings.Scope.RULE));
        }

        @Test
        void storageSwitchesRetryOffAndKeepsTheOtherSettings() throws Exception {
            Rule storage = load("contract-shape.yaml").rules().get(1);
            assertThat(storage.retry()).isNull();
            assertThat(storage.timeout()).isEqualTo(new TimeoutSettings(Duration.ofMinutes(2), TimeoutSettings.Mode.THREAD));
            assertThat(storage.onFailure()).isEqualTo(new Rule.OnFailure("java.io.UncheckedIOException", new Position(41, 18)));
        }

        @Test
        void storageMatchesSubtypesWithPinnedParametersAndExclusions() throws Exception {
            Match match = load("contract-shape.yaml").rules().get(1).match();
            assertThat(match.kind()).isEqualTo(Match.Kind.SUBTYPE_OF);
            assertThat(match.type()).isEqualTo("com.example.orchestrator.BlobStore");
            MethodPattern upload = match.methods().get(0);
            assertThat(upload.text()).isEqualTo("upload(java.lang.String,byte[])");
            assertThat(upload.name()).isEqualTo("upload");
            assertThat(upload.parameterTypes()).containsExactly("java.lang.String", "byte[]");
            assertThat(match.methods().get(1).name()).isEqualTo("download*");
            assertThat(match.exclude()).extracting(MethodPattern::name).containsExactly("toString");
        }
    }

    @Nested
    class FurtherKeys {
        @Test
        void whisperCarriesEveryFurtherKey() throws Exception {
            Policy policy = load("contract-further-keys.yaml");
            Rule whisper = policy.rules().get(0);
            assertThat(whisper.name()).isEqualTo("whisper");
            assertThat(whisper.mode()).isEqualTo(Rule.Mode.ENFORCE);
            assertThat(whisper.retry().maxAttempts()).isEqualTo(3);
            assertThat(whisper.retry().budget()).isEqualTo(new RetrySettings.Budget(0.2, 5));
            assertThat(whisper.retry().onStatus()).containsExactlyInAnyOrder(429, 503);
            assertThat(whisper.bulkhead()).isEqualTo(new BulkheadSettings(8, Duration.ZERO));
            assertThat(whisper.fallback().kind()).isEqualTo(FallbackSettings.Kind.VALUE);
            assertThat(whisper.fallback().value()).isEqualTo("");
        }

        @Test
        void whisperHasARateBreakerWithSlowCallsAndBuiltInOpenDuration() throws Exception {
            BreakerSettings breaker = load("contract-further-keys.yaml").rules().get(0).circuitBreaker();
            assertThat(breaker).isEqualTo(new BreakerSettings(BreakerSettings.Kind.RATE, 0, 0.5, 20, 10,
                    Duration.ofSeconds(5), 0.8, Duration.ofSeconds(60), 1, List.of(), BreakerSettings.Scope.RULE));
        }
    }
}
