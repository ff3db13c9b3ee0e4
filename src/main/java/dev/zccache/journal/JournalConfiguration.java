package dev.zccache.journal;

import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.session.Sessions;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The compile journal, what explain remembers from it, and build sessions. */
@Configuration(proxyBeanMethods = false)
class JournalConfiguration {

    /** Under logs/, next to the daemon's log. */
    static final String FILE_NAME = "compile_journal.jsonl";

    @Bean(destroyMethod = "close")
    CompileJournal compileJournal(ZccacheProperties properties, JsonMapper json) {
        return new CompileJournal(properties.cacheDir().resolve("logs").resolve(FILE_NAME),
                properties.journalMaxBytes(), json);
    }

    @Bean
    LatestCompiles latestCompiles(CompileJournal journal) {
        return new LatestCompiles(journal);
    }

    @Bean(destroyMethod = "close")
    Sessions sessions(ZccacheProperties properties, JsonMapper json) {
        return new Sessions(Clock.systemUTC(), properties.cacheDir().resolve("sessions.json"), json);
    }
}
