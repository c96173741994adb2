package testapp.inherited;

/** explain test fixture: not annotated, and nothing above it is. */
public class PlainGateway {
    public String call(String request) {
        return request;
    }
}
