package bench.startup;

/**
 * The startup comparison's application: one call into {@link Greeter} (the class the policies and
 * the reference agent match), then what shows that an agent was in the way: the thread that ran
 * the body (the resilience agent's {@code mode: thread} runs it on a worker) and, when the Byte
 * Buddy reference agent is attached, how many advice entries it counted.
 */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(new Greeter().greet("world"));
        try {
            Class<?> agent = Class.forName("bench.agents.MinimalByteBuddyAgent");
            System.out.println("advice entries: " + agent.getField("calls").getLong(null));
        } catch (ClassNotFoundException notAttached) {
            // no reference agent
        }
    }
}
