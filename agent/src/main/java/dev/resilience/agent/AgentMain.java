package dev.resilience.agent;
public final class AgentMain { public static void premain(String a, java.lang.instrument.Instrumentation i) {} public static void agentmain(String a, java.lang.instrument.Instrumentation i) {} }
