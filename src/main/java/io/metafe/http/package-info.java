/**
 * Peer and admin HTTP endpoints on {@code http_port}: what a joining FE asks its helper ({@code
 * /role}, {@code /version}), and what operators and tests read ({@code /api/health}, {@code
 * /api/checksum}). Endpoints that reveal the cluster token answer only FEs in the frontend list.
 */
package io.metafe.http;
