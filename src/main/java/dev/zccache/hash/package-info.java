/**
 * Content hashing, file stats (FileStat, StatBatch), the memo of file digests, the key hasher. A
 * leaf but for daemon settings.
 */
package dev.zccache.hash;
