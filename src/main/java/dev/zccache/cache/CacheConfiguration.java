package dev.zccache.cache;

import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.NativeLibrary;
import dev.zccache.store.LocalStore;
import dev.zccache.store.remote.RemoteBackends;
import dev.zccache.store.remote.RemoteTier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The cache's beans: memos of file state, the store, the lookup and the context keys. */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    /**
     * Stats newer than this are not trusted for memos: ext4 stamps files from a coarse clock
     * (one tick is 4 to 10 ms), so a second write in the same tick can leave them unchanged.
     */
    static final Duration RACY_WINDOW = Duration.ofMillis(50);

    @Bean
    FileStateCache fileStateCache() {
        return new FileStateCache(500_000, Clock.systemUTC(), RACY_WINDOW);
    }

    @Bean
    AbsenceMemo absenceMemo() {
        return new AbsenceMemo(500_000, Clock.systemUTC(), RACY_WINDOW);
    }

    @Bean(destroyMethod = "saveIndex")
    LocalStore localStore(ZccacheProperties properties, JsonMapper json, FileStateCache files) throws IOException {
        return new LocalStore(properties.cacheDir(), properties.cacheSizeBytes(), json, ForkJoinPool.commonPool(),
                files);
    }

    /** The remote behind the store, or {@link RemoteTier#none()} when zccache.remote is empty. */
    @Bean(destroyMethod = "close")
    RemoteTier remoteTier(ZccacheProperties p, JsonMapper json, LocalStore store) throws IOException {
        if (p.remote().isEmpty()) {
            return RemoteTier.none();
        }
        Optional<Path> auth = p.remoteAuthFile().isEmpty() ? Optional.empty() : Optional.of(Path.of(p.remoteAuthFile()));
        return new RemoteTier(RemoteBackends.open(p.remote(), p.remoteReadTimeout(), p.remoteWriteTimeout(),
                p.remoteTtl(), auth), json, store::readBlob,
                new RemoteTier.Settings(p.remoteReadOnly(), p.remoteMaxValueBytes(), p.remoteQueue(), 3,
                        p.remoteBreakerOpen()), Clock.systemUTC());
    }

    @Bean
    ContextKeys contextKeys() {
        return new ContextKeys();
    }

    @Bean
    CacheLookup cacheLookup(LocalStore store, FileStateCache files, AbsenceMemo absences, CompileHistory history,
            ZccacheProperties properties, RemoteTier remote) {
        // the native library goes to the store's tmp (owner-only, seldom noexec) just long enough to load
        boolean batchStats = NativeLibrary.load(store.tmp()) && properties.nativeStat();
        return new CacheLookup(store, new ManifestMatcher(files, absences, batchStats, ManifestMatcher.MAX_PROOF_BYTES),
                history, new ClosureRecorder(files, absences), remote);
    }
}
