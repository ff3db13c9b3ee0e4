package dev.zccache.cache;

import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.hash.FileStateCache;
import dev.zccache.runner.CompilerRunner;
import dev.zccache.stats.CompileStats;
import dev.zccache.store.LocalStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The cache's beans: memos of file and compiler state, the store, the counters, the cache itself. */
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

    @Bean
    CompilerIdentities compilerIdentities(FileStateCache files) {
        return new CompilerIdentities(files);
    }

    @Bean(destroyMethod = "saveIndex")
    LocalStore localStore(ZccacheProperties properties, JsonMapper json, FileStateCache files) throws IOException {
        return new LocalStore(properties.cacheDir(), properties.cacheSizeBytes(), json, ForkJoinPool.commonPool(),
                files);
    }

    @Bean(destroyMethod = "close")
    CompileStats compileStats(ZccacheProperties properties, JsonMapper json) {
        return new CompileStats(properties.cacheDir().resolve("stats.json"), json);
    }

    @Bean
    DirectModeCache directModeCache(LocalStore store, CompilerIdentities identities, FileStateCache files,
            AbsenceMemo absences, CompilerRunner runner, CompileHistory history) {
        return new DirectModeCache(store, identities, new ContextKeys(identities, files),
                new ManifestMatcher(files, absences), new ClosureRecorder(files, new TimeMacroMemo()), runner, history);
    }
}
