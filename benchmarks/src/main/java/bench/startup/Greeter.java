package bench.startup;

import java.io.IOException;

/** The one class the startup policies and the reference agent match. */
public class Greeter {
    public String greet(String name) throws IOException {
        return "hello " + name + " (body ran on " + Thread.currentThread().getName() + ")";
    }
}
