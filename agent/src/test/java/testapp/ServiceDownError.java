package testapp;

/** An {@code onFailure.exception} that is an Error: the contract asks only for a Throwable with a (String) constructor. */
public class ServiceDownError extends Error {
    public ServiceDownError(String message) {
        super(message);
    }
}
