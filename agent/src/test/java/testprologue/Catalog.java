package testprologue;

/** A supertype a subtypeOf rule names (see MissedClassesTest). */
public interface Catalog {
    String get() throws java.io.IOException;
}
