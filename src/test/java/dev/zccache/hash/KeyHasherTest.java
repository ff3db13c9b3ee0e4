package dev.zccache.hash;

import dev.zccache.compiler.KeyedEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyHasherTest {

    private static String key(List<String> args) {
        return new KeyHasher().list("args", args).key();
    }

    @Test
    void sameFieldsGiveTheSameKey() {
        assertThat(key(List.of("-c", "x.c"))).isEqualTo(key(List.of("-c", "x.c"))).hasSize(64);
    }

    @Test
    void argumentBoundariesAndOrderCount() {
        assertThat(key(List.of("-DA", "B"))).isNotEqualTo(key(List.of("-DAB")));
        assertThat(key(List.of("-DX=1", "-UX"))).isNotEqualTo(key(List.of("-UX", "-DX=1")));
        assertThat(key(List.of())).isNotEqualTo(key(List.of("")));
    }

    @Test
    void fieldNamesAndTypesAreFramed() {
        assertThat(new KeyHasher().string("a", "bc").key()).isNotEqualTo(new KeyHasher().string("ab", "c").key());
        assertThat(new KeyHasher().string("x", "v").key()).isNotEqualTo(new KeyHasher().list("x", List.of("v")).key());
    }

    @Test
    void dumpNamesEveryFieldForExplainingAMiss() {
        KeyHasher h = new KeyHasher().string("cwd", "/src").list("args", List.of("-c", "x.c"))
                .bytes("source", new byte[] {1, (byte) 0xab});
        assertThat(h.dump()).isEqualTo("cwd = /src\nargs[] = -c\nargs[] = x.c\nsource = 01ab\n");
    }

    @Test
    void onlyKeyedVariablesEnterTheKeySorted() {
        List<String> env = KeyedEnvironment.select(List.of("CPATH", "LC_ALL", "SOURCE_DATE_EPOCH"), Map.of("PATH", "/usr/bin", "CPATH", "/inc",
                "SOURCE_DATE_EPOCH", "0", "HOME", "/root", "LC_ALL", "C"));
        assertThat(env).containsExactly("CPATH=/inc", "LC_ALL=C", "SOURCE_DATE_EPOCH=0");
        assertThat(KeyedEnvironment.select(List.of("CPATH", "LC_ALL", "SOURCE_DATE_EPOCH"), Map.of("CPATH", ""))).containsExactly("CPATH=");
    }
}
