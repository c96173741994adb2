package testapp.inherited;

/** explain test fixture: Java calls it {@link Protected} by inheritance; its class file carries nothing. */
public class RetryingGateway extends Gateway {
    public String callTwice(String request) {
        return call(request) + call(request);
    }
}
