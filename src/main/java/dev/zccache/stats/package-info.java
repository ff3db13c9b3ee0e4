/**
 * Counters (stats.json) and request meters. May import outcome and daemon (settings).
 */
package dev.zccache.stats;
