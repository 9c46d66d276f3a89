/**
 * The layout of {@code meta_dir}: {@code image/VERSION} (clusterId, token), {@code image/ROLE}
 * (role, name) and {@code bdb/}. Creates them on a first start, reads and checks them on every
 * other, and refuses a partial or contradictory directory without deleting anything.
 */
package io.metafe.metadir;
