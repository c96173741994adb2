package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import testprologue.MidCallBody;

import static org.assertj.core.api.Assertions.assertThat;

/** Test fixture: a hand-off site of a {@link MidCallBody} method bound to the first rule of a policy text, as the transformer would bind it. */
final class HandoffSites {
    private HandoffSites() {
    }

    /**
     * @param method     {@code call} or {@code respond}
     * @param descriptor that method's descriptor
     * @param policyText a whole policy; its first rule is bound
     */
    static Site bound(String method, String descriptor, String policyText, NanoClock clock, Sleeper sleeper) {
        LoadResult loaded = PolicyLoader.parse(policyText, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), clock, sleeper, line -> { }, (l, f, t) -> { });
        Site site = Sites.register(id -> new Site(id, MidCallBody.class.getName(), method, descriptor, new String[0],
                Site.Kind.HANDOFF, false, false, false, MidCallBody.class.getClassLoader()));
        site.bind(policy.bind(site, policy.runtime(0), null));
        return site;
    }
}
