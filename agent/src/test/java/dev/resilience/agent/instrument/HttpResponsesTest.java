package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSession;

import static org.assertj.core.api.Assertions.assertThat;

class HttpResponsesTest {

    /** Shaped like Apache HttpClient 5's ClassicHttpResponse: getCode(), getFirstHeader(name).getValue(), close(). */
    public static final class ApacheLike implements Closeable {
        final AtomicBoolean closed = new AtomicBoolean();
        private final int code;
        private final String retryAfter;

        ApacheLike(int code, String retryAfter) {
            this.code = code;
            this.retryAfter = retryAfter;
        }

        public int getCode() {
            return code;
        }

        public Header getFirstHeader(String name) {
            return name.equalsIgnoreCase("Retry-After") && retryAfter != null ? new Header(retryAfter) : null;
        }

        @Override
        public void close() {
            closed.set(true);
        }

        public static final class Header {
            private final String value;

            Header(String value) {
                this.value = value;
            }

            public String getValue() {
                return value;
            }
        }
    }

    /** Shaped like OkHttp's Response: code(), header(name), close(). */
    public static final class OkHttpLike implements Closeable {
        final AtomicBoolean closed = new AtomicBoolean();
        private final int code;
        private final Map<String, String> headers;

        OkHttpLike(int code, Map<String, String> headers) {
            this.code = code;
            this.headers = headers;
        }

        public int code() {
            return code;
        }

        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    record JdkResponse<T>(int statusCode, HttpHeaders headers, T body) implements HttpResponse<T> {
        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(URI.create("http://localhost/")).build();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request().uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    static HttpHeaders headers(Map<String, List<String>> map) {
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Test
    void readsStatusAndRetryAfterOfJavaNetHttpResponses() {
        JdkResponse<String> response = new JdkResponse<>(429, headers(Map.of("retry-after", List.of("2"))), "slow down");

        assertThat(HttpResponses.status(response)).isEqualTo(429);
        assertThat(HttpResponses.retryAfterNanos(response)).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(HttpResponses.retryAfterNanos(new JdkResponse<>(503, headers(Map.of()), ""))).isEqualTo(-1);
    }

    @Test
    void readsApacheStyleResponsesReflectively() {
        assertThat(HttpResponses.status(new ApacheLike(503, "7"))).isEqualTo(503);
        assertThat(HttpResponses.retryAfterNanos(new ApacheLike(503, "7"))).isEqualTo(Duration.ofSeconds(7).toNanos());
        assertThat(HttpResponses.retryAfterNanos(new ApacheLike(503, null))).isEqualTo(-1);
    }

    @Test
    void readsOkHttpStyleResponsesReflectively() {
        assertThat(HttpResponses.status(new OkHttpLike(429, Map.of()))).isEqualTo(429);
        assertThat(HttpResponses.retryAfterNanos(new OkHttpLike(429, Map.of("Retry-After", "1"))))
                .isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void anythingElseHasNoStatus() {
        assertThat(HttpResponses.status("HTTP 503")).isEqualTo(-1);
        assertThat(HttpResponses.status(new Object())).isEqualTo(-1);
    }

    @Test
    void parsesRetryAfterAsSecondsOrAnHttpDate() {
        long now = ZonedDateTime.of(2025, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.of(2025, 3, 1, 12, 0, 10, 0, ZoneOffset.UTC));

        assertThat(HttpResponses.parseRetryAfter("120", now)).isEqualTo(Duration.ofSeconds(120).toNanos());
        assertThat(HttpResponses.parseRetryAfter(" 0 ", now)).isZero();
        assertThat(HttpResponses.parseRetryAfter("Sat, 01 Mar 2025 12:00:10 GMT", now)).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(HttpResponses.parseRetryAfter(inTenSeconds, now)).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(HttpResponses.parseRetryAfter("Sat, 01 Mar 2025 11:00:00 GMT", now)).isZero();   // in the past
        // audit: RFC 9110's two older date forms, which a recipient must accept, were taken for no wait asked
        assertThat(HttpResponses.parseRetryAfter("Saturday, 01-Mar-25 12:00:10 GMT", now)).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(HttpResponses.parseRetryAfter("Sat Mar  1 12:00:10 2025", now)).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(HttpResponses.parseRetryAfter("Sat Mar 15 12:00:10 2025", now)).isEqualTo(Duration.ofDays(14).plusSeconds(10).toNanos());
        assertThat(HttpResponses.parseRetryAfter("Sunday, 01-Mar-26 12:00:10 GMT", now)).as("2026, not 1926")
                .isEqualTo(Duration.ofDays(365).plusSeconds(10).toNanos());
        assertThat(HttpResponses.parseRetryAfter("Friday, 01-Mar-75 12:00:10 GMT", now)).as("2075: 50 years ahead, no more")
                .isEqualTo(Duration.between(ZonedDateTime.of(2025, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC),
                        ZonedDateTime.of(2075, 3, 1, 12, 0, 10, 0, ZoneOffset.UTC)).toNanos());
        assertThat(HttpResponses.parseRetryAfter("Monday, 01-Mar-76 12:00:10 GMT", now)).as("1976: 2076 is over 50 years ahead")
                .isZero();
        // audit: past a long's range the header was ignored, and the retry came after `delay` instead of maxDelay
        assertThat(HttpResponses.parseRetryAfter("9223372036854775808", now)).isEqualTo(Long.MAX_VALUE);
        assertThat(HttpResponses.parseRetryAfter("99999999999999999999999", now)).isEqualTo(Long.MAX_VALUE);
        assertThat(HttpResponses.parseRetryAfter("-5", now)).isEqualTo(-1);
        assertThat(HttpResponses.parseRetryAfter("+120", now)).isEqualTo(-1); // RFC 9110: digits only (review)
        assertThat(HttpResponses.parseRetryAfter("soon", now)).isEqualTo(-1);
        assertThat(HttpResponses.parseRetryAfter(null, now)).isEqualTo(-1);
    }

    @Test
    void aDroppedResponseIsClosedSoItsPooledConnectionIsReleased() {
        ApacheLike apache = new ApacheLike(503, null);
        OkHttpLike okhttp = new OkHttpLike(503, Map.of());
        AtomicBoolean streamClosed = new AtomicBoolean();
        InputStream body = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                streamClosed.set(true);
            }
        };

        HttpResponses.discard(apache);
        HttpResponses.discard(okhttp);
        HttpResponses.discard(new JdkResponse<>(503, headers(Map.of()), body));
        HttpResponses.discard(new JdkResponse<>(503, headers(Map.of()), "a string body needs nothing"));

        assertThat(apache.closed).isTrue();
        assertThat(okhttp.closed).isTrue();
        assertThat(streamClosed).isTrue();
    }

    /** Review: a body from BodyHandlers.ofPublisher() was neither read nor released, holding its connection. */
    @Test
    void aDroppedPublisherBodyIsSubscribedToAndCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        java.util.concurrent.Flow.Publisher<List<java.nio.ByteBuffer>> body = subscriber -> subscriber.onSubscribe(
                new java.util.concurrent.Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        throw new AssertionError("a dropped body is never read");
                    }

                    @Override
                    public void cancel() {
                        cancelled.set(true);
                    }
                });

        HttpResponses.discard(new JdkResponse<>(503, headers(Map.of()), body));

        assertThat(cancelled).isTrue();
    }

    @Test
    void theResponseTypesTheAgentWatchesAreNamedExactly() {
        assertThat(HttpResponses.isResponseType("java.net.http.HttpResponse")).isTrue();
        assertThat(HttpResponses.isResponseType("org.apache.hc.core5.http.ClassicHttpResponse")).isTrue();
        assertThat(HttpResponses.isResponseType("org.apache.hc.client5.http.impl.classic.CloseableHttpResponse")).isTrue();
        assertThat(HttpResponses.isResponseType("okhttp3.Response")).isTrue();
        assertThat(HttpResponses.isResponseType("java.lang.String")).isFalse();
    }
}
