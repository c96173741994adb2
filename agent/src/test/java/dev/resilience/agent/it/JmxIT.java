package dev.resilience.agent.it;

import dev.resilience.agent.metrics.RuleMXBean;
import org.junit.jupiter.api.Test;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's MBeans as an operator uses them, in a forked JVM with the agent: forcing a breaker
 * open and resetting it in process and from a remote JMX client, and no MBean server created
 * unless someone else creates one.
 */
class JmxIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
                retry: { maxAttempts: 3, delay: 10ms }
                timeout: 1s
                circuitBreaker: { failureThreshold: 3, openDuration: 1s }
            """;

    /** An unprotected first call: a cold JVM's first HTTP request must not eat into the 1 s timeout. */
    private static final String WARM_UP = "unmatched.get:/ok";

    @Test
    void readingTheJvmsMXBeansOrLookingForAServerMakesTheAgentCreateNoMBeanServer() {
        stub("/ok", status(200));

        // class loading is logged to stdout: an MBean server created by anyone would show there
        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), List.of("-Xlog:class+load=info:stdout"), List.of(),
                "testapp.Scenario", base(), WARM_UP, "legacy.get:/ok", "mxbeans", "sleep:500", "legacy.get:/ok");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.call(2).ok()).as(result.toString()).isTrue();
        assertThat(result.stdout()).anyMatch(line -> line.startsWith("MXBEANS threads=") && line.endsWith(" servers=0"))
                .anyMatch(line -> line.contains("java.lang.management.ManagementFactory "))
                .noneMatch(line -> line.contains("com.sun.jmx.mbeanserver.JmxMBeanServer "));
    }

    @Test
    void anOperatorForcesTheBreakerOpenOverJmxAndTheNextCallIsRejectedWithoutReachingTheService() {
        stub("/ok", status(200));
        int port = ForkedApp.freePort();

        ForkedApp.Result result = run("policy=" + ForkedApp.policy(POLICY) + ",metrics.port=" + port, List.of(),
                WARM_UP, "legacy.get:/ok",
                "jmx.forceOpen:legacy", "jmx:legacy",
                "legacy.get:/ok",       // rejected: never sent
                "scrape:" + port,
                "jmx.reset:legacy",
                "legacy.get:/ok", "jmx:legacy");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.call(2).ok()).as(result.toString()).isTrue();
        assertThat(result.call(3).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
        assertThat(result.call(3).millis()).isLessThan(1000);
        assertThat(result.call(4).ok()).isTrue();
        assertThat(requests("/ok")).isEqualTo(3);
        List<String> jmx = result.stdout().stream().filter(line -> line.startsWith("JMX legacy")).toList();
        assertThat(jmx).containsSubsequence(
                "JMX legacy forceOpen done", "JMX legacy BreakerState=FORCED_OPEN",
                "JMX legacy reset done", "JMX legacy BreakerState=CLOSED");
        assertThat(jmx).contains("JMX legacy Successes=2", "JMX legacy Rejections=1", "JMX legacy BreakerOpens=1",
                "JMX legacy Failures=0", "JMX legacy RetryAttempts=0", "JMX legacy Timeouts=0", "JMX legacy BreakerResets=0",
                "JMX legacy BreakerStates=legacy=CLOSED", "JMX legacy Methods=" + String.join(",",
                        "testapp.LegacyClient#get(java.lang.String)", "testapp.LegacyClient#getTwice(java.lang.String)",
                        "testapp.LegacyClient#send(java.lang.String)", "testapp.LegacyClient#length(java.lang.String)"));
        PrometheusText scrape = PrometheusText.scrapedBy(result);
        assertThat(scrape.sum("resilience_circuitbreaker_state", "rule", "legacy", "state", "FORCED_OPEN")).isEqualTo(1);
        assertThat(scrape.sum("resilience_circuitbreaker_state", "rule", "legacy", "state", "OPEN")).isZero();
        assertThat(result.stderr())
                .contains("WARN breaker legacy forced OPEN by an operator over JMX: every call is rejected until reset")
                .contains("INFO breaker legacy CLOSED -> OPEN (forced by operator)")
                .contains("INFO breaker legacy reset to CLOSED by an operator over JMX")
                .contains("INFO breaker legacy OPEN -> CLOSED (reset by operator)");
    }

    @Test
    void aRemoteJmxClientForcesTheBreakerOpenAndTheApplicationsNextCallIsRejected() throws Exception {
        stub("/ok", status(200));
        int jmxPort = ForkedApp.freePort();
        Path directory = Files.createTempDirectory("metrics-it");
        Path ready = directory.resolve("ready");
        Path go = directory.resolve("go");
        List<String> jmxRemote = List.of("-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort, "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1", "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false");

        String state;
        ForkedApp.Result result;
        try (ForkedApp.Running app = ForkedApp.start(ForkedApp.policy(POLICY), jmxRemote, "testapp.Scenario",
                base(), WARM_UP, "legacy.get:/ok", "signal:" + ready, "await:" + go, "legacy.get:/ok")) {
            try (JMXConnector connector = connect(jmxPort)) {
                ForkedApp.awaitFile(ready);
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = new ObjectName("resilience-agent:type=Rule,name=legacy");
                long giveUp = System.nanoTime() + 30_000_000_000L;
                while (!server.isRegistered(name) && System.nanoTime() < giveUp) {
                    Thread.sleep(50);
                }
                RuleMXBean legacy = JMX.newMXBeanProxy(server, name, RuleMXBean.class);
                legacy.forceOpen();
                state = legacy.getBreakerState();
            } finally {
                Files.createFile(go);
            }
            result = app.finish();
        }

        assertThat(state).isEqualTo("FORCED_OPEN");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.call(2).ok()).as(result.toString()).isTrue();
        assertThat(result.call(3).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
        assertThat(requests("/ok")).isEqualTo(2);
        assertThat(result.stderr()).contains("WARN breaker legacy forced OPEN by an operator over JMX");
    }

    private ForkedApp.Result run(String agentArgument, List<Path> classpath, String... steps) {
        return ForkedApp.run(agentArgument, List.of(), classpath, "testapp.Scenario", scenario(steps));
    }

    private String[] scenario(String... steps) {
        String[] args = new String[steps.length + 1];
        args[0] = base();
        System.arraycopy(steps, 0, args, 1, steps.length);
        return args;
    }

    /** Connects like jconsole does; the forked JVM needs a moment to open its connector. */
    private static JMXConnector connect(int port) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        long giveUp = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return JMXConnectorFactory.connect(url);
            } catch (IOException notYet) {
                if (System.nanoTime() > giveUp) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }
}
