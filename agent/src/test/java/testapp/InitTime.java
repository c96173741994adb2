package testapp;

/** A singleton whose static initialiser calls one of its own (protected) methods. */
public class InitTime {
    static final InitTime INSTANCE = new InitTime();
    public static final String VALUE = INSTANCE.read("at-init");

    public String read(String what) {
        return "read " + what + " on " + Thread.currentThread().getName();
    }
}
