package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSession;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncLateResultTest {
    /** Blocks past the rule's timeout, then returns an HTTP response whose body stream says whether it was closed. */
    public static class LateResponse {
        final Body body = new Body();

        public CompletableFuture<HttpResponse<InputStream>> fetch() throws InterruptedException {
            Thread.sleep(300);
            return CompletableFuture.completedFuture(new Response(body));
        }
    }

    static final class Body extends ByteArrayInputStream {
        volatile boolean closed;

        Body() {
            super(new byte[] {1, 2, 3});
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /**
     * Review: the synchronous path closes an HTTP response that comes after the timeout (it holds a
     * pooled connection until then); an asynchronous method's late response was dropped unclosed.
     */
    @Test
    void aResponseThatComesAfterTheTimeoutIsClosed() throws Exception {
        Site site = AsyncSites.bound("""
                  - name: late
                    match: { class: x.LateResponse, methods: [fetch] }
                    retry: off
                    timeout: 50ms
                    circuitBreaker: off
                """, LateResponse.class);
        LateResponse service = new LateResponse();

        Frame frame = HandoffDispatch.handoff(site.id(), LateResponse.class, service, new Object[0]);
        CompletableFuture<?> future = (CompletableFuture<?>) frame.takeValue();

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(dev.resilience.agent.api.AsyncCallTimeoutException.class);
        assertThat(service.body.closed).isTrue();
        assertThat(site.stats().timeouts.sum()).isEqualTo(1);
    }

    /** Observing, the caller holds the method's own future and its response: the agent never closes it. */
    @Test
    void observingALateResponseIsLeftToTheCaller() throws Exception {
        Site site = AsyncSites.bound("""
                  - name: late
                    mode: observe
                    match: { class: x.LateResponse, methods: [fetch] }
                    retry: off
                    timeout: 50ms
                    circuitBreaker: off
                """, LateResponse.class);
        LateResponse service = new LateResponse();

        Frame frame = HandoffDispatch.handoff(site.id(), LateResponse.class, service, new Object[0]);
        Object response = ((CompletableFuture<?>) frame.takeValue()).get(5, TimeUnit.SECONDS);

        assertThat(response).isInstanceOf(Response.class);
        assertThat(service.body.closed).isFalse();
        assertThat(site.stats().timeouts.sum()).isEqualTo(1);
    }

    private record Response(InputStream body) implements HttpResponse<InputStream> {
        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
        }

        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return URI.create("http://127.0.0.1/");
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
