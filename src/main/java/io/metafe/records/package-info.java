/**
 * The vocabulary of the journal: every record type, the data types of table columns, and the codec
 * that turns a record into the bytes stored under one journal id. Depends on nothing else in
 * MetaFE.
 */
package io.metafe.records;
