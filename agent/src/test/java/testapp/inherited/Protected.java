package testapp.inherited;

import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** explain test fixture: an {@code @Inherited} class annotation, which annotatedWith does not follow. */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
public @interface Protected {
}
