/**
 * The state machine: an immutable {@link io.metafe.catalog.Catalog} and the one function that
 * applies a journal record to it. Pure Java: no I/O, no threads, no clock, no configuration. Every
 * FE that has applied journal ids 1..N holds an equal catalog, because apply depends on nothing but
 * the catalog and the record.
 */
package io.metafe.catalog;
