package testapp.inherited;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** explain test fixture: a class annotation that is not {@code @Inherited}: subclasses are not annotated, in Java either. */
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {
}
