/**
 * The journal on Berkeley DB Java Edition HA. The only package that imports {@code com.sleepycat}. One JE database
 * per journal segment, named by the decimal id of its first entry; keys are journal ids in JE's sortable long
 * encoding; values are encoded records.
 */
package io.metafe.journal.bdb;
