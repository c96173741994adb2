package testapp.inherited;

/** explain test fixture: carries {@link Protected} and {@link Audited} itself. */
@Protected
@Audited
public class Gateway {
    public String call(String request) {
        return request;
    }
}
