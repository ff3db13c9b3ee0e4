/**
 * Build sessions (ZCCACHE_SESSION_ID): their counters and journals. May import stats and
 * outcome.
 */
package dev.zccache.session;
