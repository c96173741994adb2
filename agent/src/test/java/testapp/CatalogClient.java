package testapp;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** One method per return type a fallback has to fit; every method reads the path over HTTP. */
public class CatalogClient {
    private final String base;

    public CatalogClient(String base) {
        this.base = base;
    }

    public String name(String path) throws IOException {
        return read(path);
    }

    public int count(String path) throws IOException {
        return Integer.parseInt(read(path).trim());
    }

    public long size(String path) throws IOException {
        return Long.parseLong(read(path).trim());
    }

    public double price(String path) throws IOException {
        return Double.parseDouble(read(path).trim());
    }

    public boolean available(String path) throws IOException {
        return Boolean.parseBoolean(read(path).trim());
    }

    public String description(String path) throws IOException {
        return read(path);
    }

    public List<String> tags(String path) throws IOException {
        return List.of(read(path).split(","));
    }

    public Map<String, String> attributes(String path) throws IOException {
        return Map.of("raw", read(path));
    }

    public String summary(String path) throws IOException {
        return read(path);
    }

    public String label(String path) throws IOException {
        return read(path);
    }

    /** 404 is a FileNotFoundException (which a policy may list in abortOn), other failures IOException. */
    public String document(String path) throws IOException {
        return read(path);
    }

    public void touch(String path) throws IOException {
        read(path);
    }

    private String read(String path) throws IOException {
        try {
            return Http.get(base, path);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("HTTP 404")) {
                throw new FileNotFoundException(path);
            }
            throw e;
        }
    }
}
