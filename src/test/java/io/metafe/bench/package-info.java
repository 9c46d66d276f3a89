/**
 * Benchmarks. Not tests: nothing here runs under {@code mvn verify}; run them with {@code
 * bench/run.sh}. Each prints its own figures and, where a ratio is asked for, measures both sides
 * in the same run.
 */
package io.metafe.bench;
