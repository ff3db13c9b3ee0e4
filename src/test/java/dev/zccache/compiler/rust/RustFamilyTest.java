package dev.zccache.compiler.rust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RustFamilyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-vV|true",
        "- --crate-name ___ --print=file-names --crate-type bin --crate-type rlib --print=sysroot --print=cfg -Wwarnings|true",
        "- --crate-name ___ --print=cfg -C target-cpu=native --target x86_64-unknown-linux-gnu --cfg foo|true",
        "- --crate-name ___ --print=cfg --target my-target.json|false",
        "- --crate-name ___ --print=cfg -L /some/dir|false",
        "- --crate-name ___ --print=cfg @args|false",
        "- --crate-name ___ --print=cfg -Clink-arg=/x.ld|false",
        "- --crate-name ___ --emit=link|false",
        "--crate-name ___ --print=cfg|false",
        "-V|false",
        "--crate-name a a.rs --crate-type lib|false",
    })
    void onlyFileFreeQuestionsAreProbes(String args, boolean probe) {
        assertThat(RustFamily.isProbe(List.of(args.split(" ")))).isEqualTo(probe);
    }
}
