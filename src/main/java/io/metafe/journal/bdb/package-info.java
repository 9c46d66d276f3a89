/**
 * The journal on Berkeley DB Java Edition HA. The only package that imports {@code com.sleepycat}.
 * One JE database per journal segment, named by the decimal id of its first entry; keys are journal
 * ids in JE's sortable long encoding; values are encoded records. bdbje's failures leave this
 * package as the {@code journal} package's exceptions, in one line of bdbje's own words ({@code
 * BdbErrors}); {@code GroupProbe} reads a stopped environment's group record and asks a running
 * node which master it knows, without joining the group.
 */
package io.metafe.journal.bdb;
