package dev.resilience.agent.metrics;

/** A registry the agent's meters are bound to. Called under the publisher's lock, one meter at a time. */
interface MeterSink {

    /**
     * Binds one meter to this registry.
     *
     * @return false when the registry is gone for good (its class loader was collected)
     * @throws Exception when this meter could not be bound; the next meters are still tried
     */
    boolean bind(MeterDef meter) throws Exception;

    /** For log lines: which registry this is. */
    String describe();
}
