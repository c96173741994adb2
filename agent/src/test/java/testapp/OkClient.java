package testapp;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/** OkHttp, returning its Response to the caller. */
public class OkClient {
    private final String base;
    private final OkHttpClient client = new OkHttpClient();

    public OkClient(String base) {
        this.base = base;
    }

    public Response get(String path) throws IOException {
        return client.newCall(new Request.Builder().url(base + path).build()).execute();
    }
}
