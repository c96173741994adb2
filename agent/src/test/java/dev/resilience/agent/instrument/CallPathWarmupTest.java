package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up names classes by string; a class renamed must not silently drop out of it. */
class CallPathWarmupTest {
    @Test
    void everyClassTheWarmupNamesExists() {
        List<String> names = new ArrayList<>(CallPathWarmup.COMMON);
        names.addAll(CallPathWarmup.HANDOFF);
        names.addAll(CallPathWarmup.ASYNC);
        names.addAll(CallPathWarmup.INITIALISED_EARLY);
        ClassLoader loader = CallPathWarmup.class.getClassLoader();

        assertThat(names).isNotEmpty().allSatisfy(name ->
                assertThat(Class.forName(name, false, loader).getName()).isEqualTo(name));
    }
}
