/**
 * The content-addressed local store: blobs, records (results, manifests), index with size budget
 * and eviction, files written for the caller. The only package that knows the store's layout.
 * May import hash.
 */
package dev.zccache.store;
