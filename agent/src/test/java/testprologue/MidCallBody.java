package testprologue;

import java.net.http.HttpResponse;
import java.util.function.Supplier;

/** A method whose body runs whatever the test sets: the test makes it do what re-woven code would do. */
public final class MidCallBody {
    public static volatile Supplier<String> body = () -> "plain";
    public static volatile Supplier<HttpResponse<?>> response = () -> null;

    private MidCallBody() {
    }

    public static String call() {
        return body.get();
    }

    public static HttpResponse<?> respond() {
        return response.get();
    }
}
