package dev.resilience.agent;

import dev.resilience.agent.log.AgentLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AgentArgumentsTest {

    @Test
    void aBareArgumentIsThePolicyPath() {
        AgentArguments arguments = AgentArguments.parse("policies/sample-app.yaml");
        assertThat(arguments.policy()).isEqualTo("policies/sample-app.yaml");
        assertThat(arguments.errors()).isEmpty();
        assertThat(arguments.reload()).isTrue();
        assertThat(arguments.failOnInvalidPolicy()).isTrue();
        assertThat(arguments.metricsHost()).isEqualTo("127.0.0.1");
        assertThat(arguments.log()).isEqualTo(AgentLog.Level.INFO);
    }

    @Test
    void keyValuePairsSetEveryOption() {
        AgentArguments arguments = AgentArguments.parse(
                "policy=/etc/app/policy.yaml,log=debug,metrics.port=9464,metrics.host=0.0.0.0,reload=false,failOnInvalidPolicy=false");
        assertThat(arguments.errors()).isEmpty();
        assertThat(arguments.policy()).isEqualTo("/etc/app/policy.yaml");
        assertThat(arguments.log()).isEqualTo(AgentLog.Level.DEBUG);
        assertThat(arguments.metricsPort()).isEqualTo(9464);
        assertThat(arguments.metricsHost()).isEqualTo("0.0.0.0");
        assertThat(arguments.reload()).isFalse();
        assertThat(arguments.failOnInvalidPolicy()).isFalse();
    }

    @Test
    void unknownKeysAndBadValuesAreErrors() {
        AgentArguments arguments = AgentArguments.parse("policy=p.yaml,colour=blue,log=loud,metrics.port=x,reload=maybe");
        assertThat(arguments.errors()).hasSize(4);
        assertThat(arguments.errors().get(0)).contains("unknown agent argument key 'colour'");
    }

    @Test
    void anEmptyValueIsAnErrorNotAMissingKey() {
        assertThat(AgentArguments.parse("policy=").errors()).singleElement().asString()
                .isEqualTo("policy= has no value: give the policy file's path");
        assertThat(AgentArguments.parse("policy=p.yaml,log= ").errors()).singleElement().asString().startsWith("log= has no value");
    }

    /** Newcomer audit: `policy.yaml,log=debug` is the natural mistake; the message shows the way out. */
    @Test
    void aBarePathFollowedByKeysIsAnErrorThatSaysHowToGiveIt() {
        assertThat(AgentArguments.parse("policy.yaml,log=debug").errors()).singleElement().asString()
                .startsWith("'policy.yaml' is not key=value (keys: ")
                .endsWith("); with other keys, give the policy as policy=policy.yaml");
        assertThat(AgentArguments.parse("log=debug,oops").errors()).singleElement().asString().endsWith(")");
        assertThat(AgentArguments.parse("reload,policy=p.yaml").errors()).singleElement().asString().endsWith(")");
    }

    @Test
    void anEmptyPairAnywhereIsAnError() {
        assertThat(AgentArguments.parse("policy=p.yaml,log=warn,").errors()).singleElement().asString()
                .startsWith("'' is not key=value");
        assertThat(AgentArguments.parse("policy=p.yaml,,log=warn").errors()).hasSize(1);
    }

    @Test
    void aKeyGivenTwiceIsAnError() {
        AgentArguments arguments = AgentArguments.parse("policy=good.yaml,policy=bad.yaml");
        assertThat(arguments.errors()).singleElement().asString().isEqualTo("policy is given more than once: give each key once");
        assertThat(arguments.policy()).isEqualTo("good.yaml");
    }

    /** Audit: three {@code log=} gave the same line twice. */
    @Test
    void aKeyGivenThreeTimesIsOneError() {
        AgentArguments arguments = AgentArguments.parse("policy=p.yaml,log=info,log=debug,log=warn");
        assertThat(arguments.errors()).containsExactly("log is given more than once: give each key once");
    }

    @Test
    void booleansTakeAnyCaseAsLevelsDo() {
        AgentArguments arguments = AgentArguments.parse("policy=p.yaml,reload=FALSE,failOnInvalidPolicy=False,log=WARN");
        assertThat(arguments.errors()).isEmpty();
        assertThat(arguments.reload()).isFalse();
        assertThat(arguments.failOnInvalidPolicy()).isFalse();
        assertThat(arguments.log()).isEqualTo(AgentLog.Level.WARN);
    }

    @Test
    void aMetricsHostThatCannotBeANameOrAddressIsAnError() {
        assertThat(AgentArguments.parse("policy=p.yaml,metrics.port=9464,metrics.host=not a host!").errors())
                .singleElement().asString().startsWith("metrics.host=not a host!: expected a host name or an IP address");
        assertThat(AgentArguments.parse("policy=p.yaml,metrics.host=").errors()).hasSize(1);
        for (String host : new String[] {"0.0.0.0", "::1", "[::1]", "fe80::1%eth0", "metrics-1.internal", "localhost"}) {
            assertThat(AgentArguments.parse("policy=p.yaml,metrics.host=" + host).errors()).as(host).isEmpty();
        }
    }

    @Test
    void aBarePathContainingAnEqualsSignIsStillAPath(@TempDir Path dir) throws IOException {
        Path policy = Files.createDirectories(dir.resolve("env=prod")).resolve("policy.yaml");
        Files.writeString(policy, "version: 1\n");

        AgentArguments arguments = AgentArguments.parse(policy.toString());

        assertThat(arguments.errors()).isEmpty();
        assertThat(arguments.policy()).isEqualTo(policy.toString());
        // a key's name first is always read as keys, whatever exists on disk
        assertThat(AgentArguments.parse("policy=" + policy).policy()).isEqualTo(policy.toString());
    }

    /** Audit: metrics.host without metrics.port started no endpoint and said nothing. */
    @Test
    void aMetricsHostWithoutAPortIsWarnedAbout() {
        assertThat(AgentArguments.parse("policy=p.yaml,metrics.host=0.0.0.0").warnings()).containsExactly(
                "metrics.host=0.0.0.0 is given without metrics.port: no metrics endpoint is started (add metrics.port=N"
                        + " to serve one)");
        assertThat(AgentArguments.parse("policy=p.yaml,metrics.host=0.0.0.0,metrics.port=9464").warnings()).isEmpty();
        assertThat(AgentArguments.parse("policy=p.yaml").warnings()).isEmpty();
    }

    @Test
    void noArgumentMeansNoPolicy() {
        assertThat(AgentArguments.parse(null).policy()).isNull();
        assertThat(AgentArguments.parse("").errors()).isEmpty();
    }
}
