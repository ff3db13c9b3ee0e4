package dev.zccache.cache;

/** Every test of {@link ManifestTest} again, with each proof re-confirmed one java.nio stat at a time. */
class ManifestJavaStatsTest extends ManifestTest {

    @Override
    boolean batchStats() {
        return false;
    }
}
