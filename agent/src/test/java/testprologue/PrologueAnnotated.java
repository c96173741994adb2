package testprologue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;

/** Type annotations in code, whose offsets the hand-off prologue leaves to the full weaver ({@code HandoffPrologueTest}). */
public class PrologueAnnotated {
    public List<String> annotatedLocal(String value) {
        @Tag List<String> list = new ArrayList<>();
        list.add(value);
        return list;
    }

    @Target(ElementType.TYPE_USE)
    @Retention(RetentionPolicy.RUNTIME)
    @interface Tag {
    }
}
