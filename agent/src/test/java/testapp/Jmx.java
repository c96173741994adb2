package testapp;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * An operator at the JMX console, in-process: uses the agent's MBean of a rule through the
 * platform MBean server, exactly as jconsole or a JMX exporter would through a connector.
 */
final class Jmx {
    private Jmx() {
    }

    /** Invokes a no-argument operation (forceOpen, forceClosed, reset) and prints {@code JMX <rule> <operation> done}. */
    static void invoke(String rule, String operation) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        server.invoke(await(server, rule), operation, new Object[0], new String[0]);
        System.out.println("JMX " + rule + " " + operation + " done");
    }

    /** Prints {@code JMX <rule> <Attribute>=<value>} for every attribute, arrays comma-separated. */
    static void print(String rule) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = await(server, rule);
        for (MBeanAttributeInfo info : server.getMBeanInfo(name).getAttributes()) {
            Object value = server.getAttribute(name, info.getName());
            String shown = value instanceof Object[] array ? String.join(",", Arrays.stream(array).map(String::valueOf).toList())
                    : String.valueOf(value);
            System.out.println("JMX " + rule + " " + info.getName() + "=" + shown);
        }
    }

    /**
     * Reads the JVM's MXBeans as many libraries do (thread CPU time, the process id), which creates
     * no MBean server; prints {@code MXBEANS threads=<n>}.
     */
    static void readMXBeans() {
        ManagementFactory.getRuntimeMXBean().getName();
        System.out.println("MXBEANS threads=" + ManagementFactory.getThreadMXBean().getThreadCount()
                // looking for a server, as libraries do before deciding to register their own MBeans
                + " servers=" + javax.management.MBeanServerFactory.findMBeanServer(null).size());
    }

    /** The agent registers its MBeans on its own thread once JMX is in use: wait up to 20 s. */
    private static ObjectName await(MBeanServer server, String rule) throws Exception {
        ObjectName name = new ObjectName("resilience-agent:type=Rule,name=" + rule);
        long giveUp = System.nanoTime() + 20_000_000_000L;
        while (!server.isRegistered(name)) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException(name + " not registered after 20 s");
            }
            Thread.sleep(20);
        }
        return name;
    }
}
