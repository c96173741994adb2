package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;
import testprologue.PrologueShapes;

import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A site lives as long as the JVM (its id is in the woven code), so what it keeps of the method's
 * class must not keep the class, and its loader, from being unloaded (audit: a plugin host's 300
 * loaders all stayed reachable through the sites of their hand-off methods).
 */
class SiteUnloadingTest {
    @Test
    void aSiteThatRanItsBodyDoesNotKeepTheClassLoaderReachable() throws Exception {
        Site site = new Site(-1, PrologueShapes.class.getName(), "negate", "(Z)Z", new String[] {"boolean"},
                Site.Kind.HANDOFF, false, false, null);
        WeakReference<ClassLoader> loader = runBodyInAThrowAwayLoader(site);

        for (int i = 0; i < 20 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(loader.get()).as("the loader, unreachable but for the site").isNull();
    }

    private static WeakReference<ClassLoader> runBodyInAThrowAwayLoader(Site site) throws Exception {
        byte[] bytes;
        try (InputStream in = PrologueShapes.class.getResourceAsStream("PrologueShapes.class")) {
            bytes = in.readAllBytes();
        }
        ClassLoader loader = new ClassLoader(SiteUnloadingTest.class.getClassLoader()) {
            {
                defineClass(PrologueShapes.class.getName(), bytes, 0, bytes.length);
            }
        };
        Class<?> type = Class.forName(PrologueShapes.class.getName(), true, loader);
        Object instance = type.getConstructor().newInstance();
        Method method = site.method(type);
        assertThat(site.invokeBody(method, instance, new Object[] {true})).isEqualTo(false);
        return new WeakReference<>(loader);
    }
}
