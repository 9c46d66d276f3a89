/**
 * Time as a dependency: every timeout, retry, heartbeat and sleep in MetaFE asks one {@link
 * io.metafe.time.Clock}, made once by the composition root and passed by constructor, so that tests
 * drive time by hand instead of waiting for it. Depends on nothing else in MetaFE.
 */
package io.metafe.time;
