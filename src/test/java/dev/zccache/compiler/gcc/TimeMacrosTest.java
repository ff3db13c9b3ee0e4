package dev.zccache.compiler.gcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CORRECTNESS 25: __TIME__ anywhere in the closure is never served stale. */
class TimeMacrosTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "const char *t = __TIME__;              | __TIME__",
        "const char *d = __DATE__;              | __DATE__",
        "const char *s = __TIMESTAMP__;         | __TIMESTAMP__",
        "#define BUILD __DATE__ \" \" __TIME__  | __DATE__",
        "x(__TIME__)                            | __TIME__",
        "__TIME__                               | __TIME__",
        "/* built at __TIME__ */                | __TIME__",
    })
    void timeMacrosAreFound(String source, String macro) {
        assertThat(TimeMacros.find(source.getBytes(StandardCharsets.UTF_8))).isEqualTo(macro);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "int main(void) { return 0; }",
        "int MY__TIME__X;",
        "int __TIME__2;",
        "int a__DATE__;",
        "__TIME_",
        "_",
        "__FILE__ __LINE__ __func__",
    })
    void otherTextIsNot(String source) {
        assertThat(TimeMacros.find(source.getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
