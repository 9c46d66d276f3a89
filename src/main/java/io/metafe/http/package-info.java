/**
 * The server side of the peer protocol on {@code http_port}: serves every {@link
 * io.metafe.peer.Route} (what a joining FE asks its helper, heartbeats and forwarded writes to the
 * master, image requests and transfers, and what operators and tests read), checks who may call
 * each in one place ({@code RouteGuard}), and runs each on its route's lane. Endpoints that reveal
 * the cluster token answer only FEs in the frontend list.
 */
package io.metafe.http;
