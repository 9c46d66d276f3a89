/**
 * Integration tests that run the built FE home ({@code output/fe}) as real processes through its
 * scripts.
 *
 * <p>{@link io.metafe.it.FeProcess} gives each test its own copy of the home in a temporary
 * directory, with free loopback ports and a small heap, so that several FEs fit on a 2-core machine
 * at once and no test can touch another's metadata. Failsafe runs the {@code *IT} classes in {@code
 * mvn verify} after {@code package} has laid out the home, and passes its path as the system
 * property {@code metafe.home}.
 */
package io.metafe.it;
