/**
 * The process: {@link io.metafe.server.Main} (the only place that exits), the composition root {@link
 * io.metafe.server.FeServer} that wires every service by constructor, address selection and port checks.
 */
package io.metafe.server;
