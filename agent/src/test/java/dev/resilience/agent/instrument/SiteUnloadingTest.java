package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;
import testprologue.PluginFailure;
import testprologue.PrologueShapes;

import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A site lives as long as the JVM (its id is in the woven code), so what it keeps of the method's
 * class must not keep the class, and its loader, from being unloaded (audit: a plugin host's 300
 * loaders all stayed reachable through the sites of their hand-off methods). Nor may its binding's
 * {@code onFailure} exception class, when the plugin ships it.
 */
class SiteUnloadingTest {
    @Test
    void aSiteThatRanItsBodyDoesNotKeepTheClassLoaderReachable() throws Exception {
        Site site = new Site(-1, PrologueShapes.class.getName(), "negate", "(Z)Z", new String[] {"boolean"},
                Site.Kind.HANDOFF, false, false, false, null);
        WeakReference<ClassLoader> loader = runBodyInAThrowAwayLoader(site);

        for (int i = 0; i < 20 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(loader.get()).as("the loader, unreachable but for the site").isNull();
    }

    @Test
    void anOnFailureExceptionClassAPluginShipsDoesNotKeepItsLoaderReachable() throws Exception {
        FailureFactory[] kept = new FailureFactory[1];
        WeakReference<ClassLoader> loader = failWithAPluginsException(kept);

        for (int i = 0; i < 20 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(kept[0]).isNotNull();
        assertThat(loader.get()).as("the plugin's loader, unreachable but for the binding's failure factory").isNull();
    }

    /** Held weakly, the class must still serve every failure while its loader lives, collections or not. */
    @Test
    void theOnFailureClassServesEveryFailureWhileItsLoaderLives() throws Exception {
        ClassLoader loader = throwAwayLoader(PluginFailure.class);
        FailureFactory failures = new FailureFactory("plugin", "p.Client#get()", false, false, PluginFailure.class.getName(), loader);

        for (int i = 0; i < 3; i++) {
            Throwable failure = failures.shown(failures.timeout(FailureFactoryTest.runtime("    timeout: 2s\n"), -1));
            assertThat(failure.getClass().getName()).isEqualTo(PluginFailure.class.getName());
            assertThat(failure.getClass().getClassLoader()).isSameAs(loader);
            System.gc();
        }
    }

    /** Makes a timeout failure of the plugin's own exception class through a factory left in {@code kept}. */
    private static WeakReference<ClassLoader> failWithAPluginsException(FailureFactory[] kept) throws Exception {
        ClassLoader loader = throwAwayLoader(PluginFailure.class);
        kept[0] = new FailureFactory("plugin", "p.Client#get()", false, false, PluginFailure.class.getName(), loader);
        Throwable failure = kept[0].shown(kept[0].timeout(FailureFactoryTest.runtime("    timeout: 2s\n"), -1));
        assertThat(failure.getClass().getName()).isEqualTo(PluginFailure.class.getName());
        assertThat(failure.getClass().getClassLoader()).isSameAs(loader);
        return new WeakReference<>(loader);
    }

    /** A loader that defines {@code type} itself from its class file, as a plugin's loader would. */
    private static ClassLoader throwAwayLoader(Class<?> type) throws Exception {
        byte[] bytes;
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            bytes = in.readAllBytes();
        }
        return new ClassLoader(SiteUnloadingTest.class.getClassLoader()) {
            {
                defineClass(type.getName(), bytes, 0, bytes.length);
            }
        };
    }

    private static WeakReference<ClassLoader> runBodyInAThrowAwayLoader(Site site) throws Exception {
        ClassLoader loader = throwAwayLoader(PrologueShapes.class);
        Class<?> type = Class.forName(PrologueShapes.class.getName(), true, loader);
        Object instance = type.getConstructor().newInstance();
        Method method = site.method(type);
        assertThat(site.invokeBody(method, instance, new Object[] {true})).isEqualTo(false);
        return new WeakReference<>(loader);
    }
}
