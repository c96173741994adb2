package testapp;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Scrapes the agent's Prometheus endpoint over HTTP, as Prometheus would, and prints every line. */
final class Scrape {
    private Scrape() {
    }

    /** Prints {@code SCRAPE <status> <content type>}, then {@code SCRAPE| <line>} per body line. Waits up to 20 s for the endpoint. */
    static void print(int port) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + 20_000_000_000L;
        while (true) {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
            try {
                int status = connection.getResponseCode();
                System.out.println("SCRAPE " + status + " " + connection.getContentType());
                try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(line -> System.out.println("SCRAPE| " + line));
                }
                return;
            } catch (ConnectException notYet) {
                if (System.nanoTime() > giveUp) {
                    throw notYet;
                }
                Thread.sleep(50);
            } finally {
                connection.disconnect();
            }
        }
    }
}
