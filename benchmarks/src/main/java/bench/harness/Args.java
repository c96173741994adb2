package bench.harness;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of a harness's main; {@code --quick} is a flag. Immutable after parsing. */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final boolean quick;

    Args(String[] args, String usage) {
        boolean q = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                q = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                values.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "\nusage: " + usage);
            }
        }
        quick = q;
    }

    boolean quick() {
        return quick;
    }

    int integer(String name, int normal, int quickValue) {
        String v = values.get(name);
        return v != null ? Integer.parseInt(v) : quick ? quickValue : normal;
    }

    Path path(String name) {
        String v = values.get(name);
        return v == null ? null : Path.of(v);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }
}
