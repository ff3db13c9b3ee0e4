/**
 * Key building, manifests (include closures) and their matching, lookup, delivery and publishing
 * of results, explaining misses. Knows no tool family by name: families speak through compiler's
 * seam. May import compiler (the seam only), hash, store, outcome, protocol (the reply sink).
 */
package dev.zccache.cache;
