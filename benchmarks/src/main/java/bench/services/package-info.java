/**
 * The methods the benchmarks call. Outside {@code dev.resilience.agent.*}, so the agent instruments
 * them: each class is named by one rule of {@code bench-policy.yaml} (except {@link
 * bench.services.PlainService}, the unwrapped baseline, {@link bench.services.FloorService}, which only
 * the Byte Buddy reference agent touches, and {@link bench.services.Bodies}). Every success-path
 * method has the same body, {@link bench.services.Bodies#value(int)}, so the difference between two
 * benchmarks is what wraps the body.
 */
package bench.services;
