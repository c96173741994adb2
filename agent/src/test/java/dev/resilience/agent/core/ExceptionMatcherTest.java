package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExceptionMatcherTest {

    /** Declared here so the matcher sees a class it cannot have been told about by name. */
    static final class AppFailure extends ConnectException {
        AppFailure() {
            super("refused");
        }
    }

    @Test
    void matchesTheNamedClassAndItsSubclasses() {
        ExceptionMatcher io = ExceptionMatcher.of(List.of("java.io.IOException"));

        assertThat(io.matches(IOException.class)).isTrue();
        assertThat(io.matches(FileNotFoundException.class)).isTrue();
        assertThat(io.matches(SocketTimeoutException.class)).isTrue();
        assertThat(io.matches(AppFailure.class)).isTrue();
        assertThat(io.matches(new AppFailure())).isTrue();
    }

    @Test
    void doesNotMatchSuperclassesOrUnrelatedTypes() {
        ExceptionMatcher fnf = ExceptionMatcher.of(List.of("java.io.FileNotFoundException"));

        assertThat(fnf.matches(IOException.class)).isFalse();
        assertThat(fnf.matches(Exception.class)).isFalse();
        assertThat(fnf.matches(UncheckedIOException.class)).isFalse();
        assertThat(fnf.matches(new IllegalStateException())).isFalse();
    }

    @Test
    void answersTheSameWhenAskedAgain() {
        ExceptionMatcher m = ExceptionMatcher.of(List.of("java.net.ConnectException", "java.lang.IllegalStateException"));
        for (int i = 0; i < 3; i++) {
            assertThat(m.matches(AppFailure.class)).isTrue();
            assertThat(m.matches(IllegalStateException.class)).isTrue();
            assertThat(m.matches(IOException.class)).isFalse();
        }
    }

    @Test
    void namesOfInterfacesAndUnknownClassesNeverMatch() {
        ExceptionMatcher m = ExceptionMatcher.of(List.of("java.io.Serializable", "com.example.DoesNotExist"));
        assertThat(m.matches(IOException.class)).isFalse();
    }

    @Test
    void noneAndEmptyMatchNothing() {
        assertThat(ExceptionMatcher.NONE.matches(IOException.class)).isFalse();
        assertThat(ExceptionMatcher.NONE.matches(Throwable.class)).isFalse();
        assertThat(ExceptionMatcher.of(List.of())).isSameAs(ExceptionMatcher.NONE);
        assertThat(ExceptionMatcher.of(List.of("java.lang.Throwable")).matches((Throwable) null)).isFalse();
    }

    @Test
    void rejectsNullNames() {
        assertThatThrownBy(() -> ExceptionMatcher.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ExceptionMatcher.of(java.util.Arrays.asList("java.io.IOException", null)))
                .isInstanceOf(NullPointerException.class);
    }
}
