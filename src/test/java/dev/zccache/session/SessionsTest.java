package dev.zccache.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.outcome.CompileOutcome;
import dev.zccache.outcome.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class SessionsTest {

    @TempDir
    Path dir;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void openSessionsAndTheirCountsOutliveARestart() {
        Path file = dir.resolve("sessions.json");
        Sessions first = new Sessions(Clock.systemUTC(), file, json);
        Session s = first.start(dir.resolve("build.jsonl"));
        s.count(CompileOutcome.hit(25, "k"));
        s.count(CompileOutcome.miss(Reason.NEW, "", "k"));
        Session ended = first.start(null);
        first.end(ended.id());
        first.close();

        Sessions second = new Sessions(Clock.systemUTC(), file, json);
        Session again = second.get(s.id()).orElseThrow();
        assertThat(again.started()).isEqualTo(s.started());
        assertThat(again.journal()).contains(dir.resolve("build.jsonl"));
        assertThat(again.snapshot().hits()).isEqualTo(1);
        assertThat(again.snapshot().misses()).isEqualTo(1);
        assertThat(again.snapshot().timeSavedMs()).isEqualTo(25);
        assertThat(second.get(ended.id())).isEmpty();
    }

    @Test
    void aSessionOutlivesADaemonThatNeverClosedIt_ItsCountsWithinASecond() throws Exception {
        Path file = dir.resolve("sessions.json");
        Sessions killed = new Sessions(Clock.systemUTC(), file, json);
        Session s = killed.start(null);
        Session ended = killed.start(null);
        killed.end(ended.id());
        assertThat(new Sessions(Clock.systemUTC(), file, json).get(s.id())).as("saved as it started").isPresent();
        assertThat(new Sessions(Clock.systemUTC(), file, json).get(ended.id())).as("saved as it ended").isEmpty();

        s.count(CompileOutcome.hit(25, "k"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (new Sessions(Clock.systemUTC(), file, json).get(s.id()).orElseThrow().snapshot().hits() == 0) {
            assertThat(System.nanoTime()).as("the count saved within a second or so").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void anUnreadableFileStartsEmpty() throws Exception {
        Path file = Files.writeString(dir.resolve("sessions.json"), "[{\"id\": torn");
        assertThat(new Sessions(Clock.systemUTC(), file, json).list()).isEmpty();
    }
}
