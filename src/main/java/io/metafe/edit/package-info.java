/**
 * The write path and the published catalog. {@link io.metafe.edit.EditLog} turns changes into
 * records on one writer thread: it validates each change against the catalog as it will be after
 * the changes queued before it, appends the whole batch in one journal commit, and only then
 * publishes the new catalog through {@link io.metafe.edit.CatalogHolder}. Followers publish through
 * the same holder after replaying the same records.
 */
package io.metafe.edit;
