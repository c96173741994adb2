package dev.resilience.agent.instrument;

import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Reads the status and {@code Retry-After} of the HTTP response types {@code retry.onStatus}
 * supports: {@code java.net.http.HttpResponse}, Apache HttpClient 5 {@code ClassicHttpResponse}
 * and OkHttp {@code Response}. The latter two are reached reflectively, never loaded by the agent.
 * Thread-safe.
 */
public final class HttpResponses {
    private static final ClassValue<Accessor> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessor computeValue(Class<?> type) {
            return Accessor.of(type);
        }
    };

    private HttpResponses() {
    }

    /** True when values of this declared return type can carry an HTTP status the agent reads. */
    public static boolean isResponseType(String typeName) {
        return typeName.equals("java.net.http.HttpResponse")
                || typeName.equals("org.apache.hc.core5.http.ClassicHttpResponse")
                || typeName.equals("org.apache.hc.client5.http.impl.classic.CloseableHttpResponse")
                || typeName.equals("okhttp3.Response");
    }

    /** The response's status, or -1 when the value is not a supported response. */
    static int status(Object response) {
        if (response instanceof HttpResponse<?> jdk) {
            return jdk.statusCode();
        }
        return ACCESSORS.get(response.getClass()).status(response);
    }

    /** The wait the server asked for, in nanoseconds, or -1 when it asked for none. */
    static long retryAfterNanos(Object response) {
        String header;
        if (response instanceof HttpResponse<?> jdk) {
            header = jdk.headers().firstValue("Retry-After").orElse(null);
        } else {
            header = ACCESSORS.get(response.getClass()).header(response, "Retry-After");
        }
        return parseRetryAfter(header, System.currentTimeMillis());
    }

    /**
     * Releases a response the agent drops to retry: Apache's and OkHttp's responses hold a pooled
     * connection until closed (an unclosed one per retry would drain the pool and hang the
     * application); a {@code java.net.http} body that is a stream is closed for the same reason.
     * Never throws.
     */
    static void discard(Object response) {
        try {
            Object closeable = response instanceof HttpResponse<?> jdk ? jdk.body() : response;
            if (closeable instanceof AutoCloseable resource) {
                resource.close();
            } else if (closeable instanceof java.util.concurrent.Flow.Publisher<?> publisher) {
                // BodyHandlers.ofPublisher(): a body nobody subscribes to holds its connection (review);
                // subscribing and cancelling at once releases it, without reading it
                publisher.subscribe(new Cancelling());
            }
        } catch (Throwable ignored) {
            // the response is dropped either way
        }
    }

    /** Cancels the subscription it is given: drops a {@code java.net.http} body that is a publisher. */
    private static final class Cancelling implements java.util.concurrent.Flow.Subscriber<Object> {
        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(Object item) {
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public void onComplete() {
        }
    }

    /**
     * A result that came too late, dropped for the timeout: an HTTP response is closed, as one
     * dropped for a retry is (it holds a pooled connection); no other value is touched.
     */
    static void dropLate(Object value) {
        if (value != null && status(value) >= 0) {
            discard(value);
        }
    }

    /** Parses {@code Retry-After} as delta-seconds or an HTTP date; -1 when absent or unreadable. */
    static long parseRetryAfter(String header, long nowMillis) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        String value = header.trim();
        if (isDeltaSeconds(value)) {
            try {
                return TimeUnit.SECONDS.toNanos(Long.parseLong(value));
            } catch (NumberFormatException pastALong) {
                return Long.MAX_VALUE; // more seconds than a long holds: the longest wait, which maxDelay caps (audit)
            }
        }
        long at = httpDateMillis(value, nowMillis);
        return at < 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(Math.max(0, at - nowMillis));
    }

    /**
     * An HTTP date in any of the three formats RFC 9110 (5.6.7) says a recipient must accept: IMF-fixdate
     * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form ({@code Sunday, 06-Nov-94
     * 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}, GMT implied); -1 when none reads it.
     * Built only when a response carries a date: a rare path, not worth constants in every JVM.
     */
    private static long httpDateMillis(String value, long nowMillis) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException notImfFixdate) {
            // an older form
        }
        // RFC 9110: a two-digit year more than 50 years ahead is the latest such year in the past
        int thisYear = java.time.Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).getYear();
        DateTimeFormatter rfc850 = new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, thisYear - 49).appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US).withZone(ZoneOffset.UTC);
        DateTimeFormatter asctime = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);
        for (DateTimeFormatter format : new DateTimeFormatter[] {rfc850, asctime}) {
            try {
                return ZonedDateTime.parse(value, format).toInstant().toEpochMilli();
            } catch (DateTimeParseException notThisOne) {
                // the next form
            }
        }
        return -1;
    }

    /** RFC 9110's delta-seconds: ASCII digits only (no sign, which {@link Long#parseLong} would take). */
    private static boolean isDeltaSeconds(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !value.isEmpty();
    }

    /** Reflective access for one response class: Apache's getCode()/getFirstHeader(), OkHttp's code()/header(). */
    private record Accessor(Method status, Method header, boolean apache) {
        static Accessor of(Class<?> type) {
            try {
                Method code = findPublic(type, "getCode");
                if (code != null) {
                    return new Accessor(code, type.getMethod("getFirstHeader", String.class), true);
                }
                code = findPublic(type, "code");
                if (code != null) {
                    return new Accessor(code, type.getMethod("header", String.class), false);
                }
            } catch (NoSuchMethodException ignored) {
                // not a response type we know
            }
            return new Accessor(null, null, false);
        }

        private static Method findPublic(Class<?> type, String name) {
            try {
                Method method = type.getMethod(name);
                method.setAccessible(true);
                return method;
            } catch (NoSuchMethodException | RuntimeException e) {
                return null;
            }
        }

        int status(Object response) {
            if (status == null) {
                return -1;
            }
            try {
                return ((Number) status.invoke(response)).intValue();
            } catch (ReflectiveOperationException | ClassCastException e) {
                return -1;
            }
        }

        String header(Object response, String name) {
            if (header == null) {
                return null;
            }
            try {
                header.setAccessible(true);
                Object value = header.invoke(response, name);
                if (value == null) {
                    return null;
                }
                if (apache) {
                    Method getValue = value.getClass().getMethod("getValue");
                    getValue.setAccessible(true);
                    return (String) getValue.invoke(value);
                }
                return (String) value;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }

}
