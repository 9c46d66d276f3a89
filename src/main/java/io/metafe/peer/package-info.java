/**
 * The protocol FEs speak to each other over HTTP: one record per request and per answer, the route
 * table ({@link io.metafe.peer.Route}: path, method, who may call, whether only the master serves
 * it, which executor runs it, how long a caller waits), the JSON codec, the cluster token rule and
 * the one client every FE uses to call another. The server side lives in {@code io.metafe.http}; it
 * and the callers in {@code io.metafe.server} share this vocabulary, which depends on nothing else
 * in MetaFE, so that the wire can be read and tested on its own. JSON field names are the wire
 * format: tools and older FEs read them, so a record's component names never change, and unknown
 * fields are ignored so that FEs of two versions talk during a rolling upgrade.
 */
package io.metafe.peer;
