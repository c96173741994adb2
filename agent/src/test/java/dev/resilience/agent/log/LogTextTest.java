package dev.resilience.agent.log;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Text from outside the agent cannot forge or hide log lines. */
class LogTextTest {

    @Test
    void escapesLineBreaksControlsAndBidiOverridesButKeepsOrdinaryText() {
        assertThat(LogText.printable("plain text, ünïcödé, 日本語 and 🙂")).isEqualTo("plain text, ünïcödé, 日本語 and 🙂");
        assertThat(LogText.printable("a\nb\r\nc\td")).isEqualTo("a\\nb\\r\\nc\\td");
        assertThat(LogText.printable("\u001B[31mred\u0007")).isEqualTo("\\u001B[31mred\\u0007");
        assertThat(LogText.printable("x\u202Ey\u2028z\u200B")).isEqualTo("x\\u202Ey\\u2028z\\u200B");
        assertThat(LogText.printable("lone \uD800 and \uDC00")).isEqualTo("lone \\uD800 and \\uDC00");
    }

    /**
     * Regression: a breaker's reason quotes the last failure's message, which may come from a remote
     * service; a line break in it printed a second, forged agent log line.
     */
    @Test
    void aMessageWithALineBreakIsLoggedAsOneLine() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            IOException remote = new IOException("HTTP 500: oops\n[resilience-agent] INFO breaker payments HALF_OPEN -> CLOSED");
            AgentLog.logger().error("breaker payments CLOSED -> OPEN (5 consecutive failures, last: " + remote + ")");
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).lines()).containsExactly("[resilience-agent] ERROR breaker"
                + " payments CLOSED -> OPEN (5 consecutive failures, last: java.io.IOException: HTTP 500: oops\\n"
                + "[resilience-agent] INFO breaker payments HALF_OPEN -> CLOSED)");
    }
}
