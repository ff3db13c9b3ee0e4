package dev.zccache.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.protocol.ReplySink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainDiagnosticsTest {

    @TempDir
    Path dir;

    private static final class Collect implements ReplySink {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        @Override
        public void stdout(byte[] bytes, int offset, int length) {
        }

        @Override
        public void stderr(byte[] bytes, int offset, int length) {
            err.write(bytes, offset, length);
        }

        @Override
        public Watch watchDisconnect(Runnable onGone) {
            return () -> { };
        }
    }

    private byte[] diagnostics(String compiler, boolean colour) throws Exception {
        Files.writeString(dir.resolve("e.c"), "#include <stdio.h>\nint f(int x) { int unused; return x + nope; }\n"
                + "void g(void) { printf(\"%d\", 1.5); }\n");
        List<String> cmd = colour ? List.of(compiler, "-Wall", "-fdiagnostics-color=always", "-c", "e.c", "-o", "/dev/null")
                : List.of(compiler, "-Wall", "-c", "e.c", "-o", "/dev/null");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] err = p.getErrorStream().readAllBytes();
        p.waitFor();
        return err;
    }

    /** The compiler's coloured diagnostics, stripped in chunks of any size, are its plain ones. */
    @ParameterizedTest
    @ValueSource(strings = {"gcc", "clang"})
    void strippedColoursAreThePlainDiagnosticsWhateverTheChunks(String compiler) throws Exception {
        byte[] coloured = diagnostics(compiler, true);
        byte[] plain = diagnostics(compiler, false);
        assertThat(coloured).isNotEqualTo(plain);
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            Collect out = new Collect();
            PlainDiagnostics sink = new PlainDiagnostics(out);
            for (int i = 0; i < coloured.length; ) {
                int n = Math.min(coloured.length - i, 1 + random.nextInt(round < 10 ? 2 : 40));
                sink.stderr(coloured, i, n);
                i += n;
            }
            assertThat(out.err.toByteArray()).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 100})
    void anEscapeThatStartsNoSequenceIsKept(int chunk) throws Exception {
        byte[] in = "a\u001bb\u001b\u001b[1mc\u001b".getBytes(StandardCharsets.ISO_8859_1);
        Collect out = new Collect();
        PlainDiagnostics sink = new PlainDiagnostics(out);
        for (int i = 0; i < in.length; i += chunk) {
            sink.stderr(in, i, Math.min(chunk, in.length - i));
        }
        sink.stderr(new byte[] {'d'}, 0, 1);
        assertThat(out.err.toString(StandardCharsets.ISO_8859_1)).isEqualTo("a\u001bb\u001bc\u001bd");
    }
}
