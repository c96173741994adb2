package testapp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Plain blocking GET with HttpURLConnection and no read timeout (reads ignore interrupts). */
final class Http {
    private Http() {
    }

    static String get(String base, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(base + path).openConnection();
        connection.setConnectTimeout(2000);
        int status = connection.getResponseCode();
        if (status / 100 != 2) {
            connection.disconnect();
            throw new IOException("HTTP " + status + " from " + path);
        }
        try (InputStream in = connection.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
