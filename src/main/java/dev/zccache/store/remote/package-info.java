/**
 * The remote tier: a team's shared cache behind the local store (Redis, Redis Cluster, HTTP).
 * {@link dev.zccache.store.remote.RemoteBackend} is the one small interface a server speaks
 * (bytes by key); {@link dev.zccache.store.remote.RemoteTier} adds what every backend needs:
 * the sealed envelope that is verified before anything read is used, the circuit breaker, the
 * bounded background write queue and the counters. May import store and hash.
 */
package dev.zccache.store.remote;
