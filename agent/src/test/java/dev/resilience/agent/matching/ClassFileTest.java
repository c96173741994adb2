package dev.resilience.agent.matching;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassFileTest {
    @Retention(RetentionPolicy.RUNTIME)
    @interface Visible {
        String value() default "";
        int[] numbers() default {};
    }

    @Retention(RetentionPolicy.CLASS)
    @interface Invisible {
    }

    interface Service {
    }

    @Visible(value = "x", numbers = {1, 2})
    @Invisible
    abstract static class Sample implements Service, Serializable {
        private static final long serialVersionUID = 1L;
        long field = 5L;
        double other = 2.5;
        abstract void run();
    }

    static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName().replace('.', '$') + ".class")) {
            if (in != null) {
                return in.readAllBytes();
            }
        }
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsNameSuperclassInterfacesAndFlags() throws IOException {
        ClassFile file = ClassFile.parse(bytesOf(Sample.class));
        assertThat(file.name()).isEqualTo(Sample.class.getName());
        assertThat(file.superName()).isEqualTo("java.lang.Object");
        assertThat(file.interfaces()).containsExactly(Service.class.getName(), "java.io.Serializable");
        assertThat(file.isAbstract()).isTrue();
        assertThat(file.isInterface()).isFalse();
    }

    @Test
    void readsClassLevelAnnotationsOfBothRetentions() throws IOException {
        ClassFile file = ClassFile.parse(bytesOf(Sample.class));
        assertThat(file.annotations()).containsExactlyInAnyOrder(Visible.class.getName(), Invisible.class.getName());
    }

    @Test
    void rejectsBytesThatAreNotAClassFile() {
        assertThatThrownBy(() -> ClassFile.parse(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassFile.parse(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
