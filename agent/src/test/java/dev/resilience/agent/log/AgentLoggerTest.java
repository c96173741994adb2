package dev.resilience.agent.log;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines reach whatever System.err is, whole, in its charset. */
class AgentLoggerTest {

    @Test
    void anAsciiLineIsWrittenWholeWithTheLineSeparator() {
        byte[] out = captured(StandardCharsets.UTF_8, "instrumented a.B: rule r (2 methods)");
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("[resilience-agent] INFO instrumented a.B: rule r (2 methods)" + System.lineSeparator());
    }

    /** Non-ASCII text goes through the stream's own charset, not bytes the logger picked. */
    @Test
    void otherTextIsEncodedInTheCharsetOfSystemErr() {
        byte[] latin1 = captured(StandardCharsets.ISO_8859_1, "rule 'récupération' loaded");
        assertThat(new String(latin1, StandardCharsets.ISO_8859_1))
                .isEqualTo("[resilience-agent] INFO rule 'récupération' loaded" + System.lineSeparator());
        byte[] utf8 = captured(StandardCharsets.UTF_8, "rule 'récupération' loaded");
        assertThat(new String(utf8, StandardCharsets.UTF_8))
                .isEqualTo("[resilience-agent] INFO rule 'récupération' loaded" + System.lineSeparator());
    }

    @Test
    void asciiLineRefusesAnythingBeyondAscii() {
        assertThat(AgentLogger.asciiLine("caf\u00E9")).isNull();
        assertThat(AgentLogger.asciiLine("a\u007Fb")).isEqualTo(("a\u007Fb" + System.lineSeparator()).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] captured(Charset charset, String message) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, charset));
        try {
            AgentLog.logger().info(message);
        } finally {
            System.setErr(saved);
        }
        return bytes.toByteArray();
    }
}
