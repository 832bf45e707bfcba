/**
 * Slipstream core: what every Java function on AWS Lambda needs before its first request.
 *
 * <ul>
 *   <li>{@link dev.slipstream.core.Env} and {@link dev.slipstream.core.Environment}: typed
 *       environment configuration that fails at init with a message naming the variable.</li>
 *   <li>{@link dev.slipstream.core.AwsClients} and {@link dev.slipstream.core.ClientSetup}:
 *       fast-start defaults for any AWS SDK v2 synchronous client builder.</li>
 *   <li>{@link dev.slipstream.core.Lazy}: a thread-safe memoized singleton holder.</li>
 *   <li>{@link dev.slipstream.core.Backoff}, {@link dev.slipstream.core.Deadline},
 *       {@link dev.slipstream.core.Ticker}, {@link dev.slipstream.core.Sleeper}: retry timing with
 *       injectable time and randomness.</li>
 *   <li>{@link dev.slipstream.core.Breakers} and {@link dev.slipstream.core.AwsErrors}: circuit
 *       breakers sized for one Lambda instance, and classification of AWS errors.</li>
 *   <li>{@link dev.slipstream.core.Priming}: work to run before a SnapStart checkpoint.</li>
 * </ul>
 */
package dev.slipstream.core;
