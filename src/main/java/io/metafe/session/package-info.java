/**
 * MySQL sessions: binds parsed statements to the catalog. Reads run against the published catalog
 * snapshot; writes become {@link io.metafe.edit.Change}s that validate against the catalog they
 * will follow and go through the edit log. Knows the wire protocol only through {@link
 * io.metafe.mysql.Session} and {@link io.metafe.mysql.Response}.
 */
package io.metafe.session;
