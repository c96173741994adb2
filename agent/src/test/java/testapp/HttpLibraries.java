package testapp;

import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Scenario steps for clients from third-party libraries, kept out of Scenario so that it loads
 * without those libraries on the class path (only the ITs that use them add the jars).
 */
final class HttpLibraries {
    private static ApacheClient apache;
    private static OkClient okhttp;

    private HttpLibraries() {
    }

    /** Reads and closes the response, as a careful caller does. */
    static synchronized String apacheGet(String base, String path) throws Exception {
        if (apache == null) {
            apache = new ApacheClient(base);
        }
        try (CloseableHttpResponse response = apache.get(path)) {
            return "HTTP " + response.getCode() + " " + EntityUtils.toString(response.getEntity());
        }
    }

    static synchronized String okhttpGet(String base, String path) throws Exception {
        if (okhttp == null) {
            okhttp = new OkClient(base);
        }
        try (okhttp3.Response response = okhttp.get(path)) {
            return "HTTP " + response.code() + " " + response.body().string();
        }
    }
}
