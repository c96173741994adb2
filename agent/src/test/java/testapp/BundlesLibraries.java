package testapp;

import net.bytebuddy.ByteBuddy;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * An application that ships its own Byte Buddy and SnakeYAML (other versions than the agent's):
 * it uses both, then makes a protected call.
 */
public final class BundlesLibraries {
    private BundlesLibraries() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("MAIN STARTED");
        Class<?> generated = new ByteBuddy().subclass(Object.class).name("testapp.Generated").make()
                .load(BundlesLibraries.class.getClassLoader()).getLoaded();
        System.out.println("BYTEBUDDY " + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath()
                + " made " + generated.getName());
        Object yaml = new Load(LoadSettings.builder().build()).loadFromString("answer: 42");
        System.out.println("SNAKEYAML " + Load.class.getProtectionDomain().getCodeSource().getLocation().getPath()
                + " read " + yaml);
        System.out.println("CALL 1 legacy.get OK 0 " + new LegacyClient(args[0]).get("/flaky"));
    }
}
