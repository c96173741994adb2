package dev.resilience.agent.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The SLF4J binding bundled in the agent jar (SLF4J itself is relocated, so this never meets the
 * application's own SLF4J): without it SLF4J would fall back to its silent no-op logger.
 */
public final class StderrLoggingProvider implements SLF4JServiceProvider {
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    // Only the agent's own logger prints. In the shaded jar nobody else can reach this (relocated)
    // SLF4J; on a plain class path (the agent's tests) other libraries would find this provider
    // and must not have their logs dressed up as the agent's.
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name,
            key -> AgentLog.NAME.equals(key) ? new StderrLogger(key) : org.slf4j.helpers.NOPLogger.NOP_LOGGER);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: loggers are created on demand
    }
}
