package dev.zccache.compiler.gcc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.compiler.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmscriptenTest {

    @TempDir
    Path dir;

    @Test
    void theConfigsSimpleSettingsAreRead_AndEmVariablesOverrideThem() {
        Map<String, String> config = Emscripten.parseSettings("""
                # comment
                LLVM_ROOT = '/usr/bin' # directory
                NODE_JS = "/opt/node"
                FROZEN_CACHE = True
                JS_ENGINES = [NODE_JS]
                import os
                """);
        assertThat(config).containsEntry("LLVM_ROOT", "/usr/bin").containsEntry("NODE_JS", "/opt/node")
                .containsEntry("FROZEN_CACHE", "True").containsEntry("JS_ENGINES", "[NODE_JS]").hasSize(4);
        assertThat(Emscripten.setting("LLVM_ROOT", config, Map.of("EM_LLVM_ROOT", "/llvm"))).contains("/llvm");
        assertThat(Emscripten.setting("LLVM_ROOT", config, Map.of())).contains("/usr/bin");
        assertThat(Emscripten.setting("CACHE", config, Map.of())).isEmpty();
    }

    @Test
    void theConfigIsFoundAsEmccFindsIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("emsdk/upstream/emscripten"));
        Path home = Files.createDirectories(dir.resolve("home"));
        EmccArguments.Split none = (EmccArguments.Split) EmccArguments.split(List.of("a.o"), dir);
        EmccArguments.Split given = (EmccArguments.Split) EmccArguments.split(List.of("--em-config", "x.cfg", "a.o"), dir);
        ToolCall call = new ToolCall("emcc", List.of("emcc"), dir, Map.of("HOME", home.toString()));
        assertThat(Emscripten.configFile(call, root, none)).isEmpty();
        Files.writeString(home.resolve(".emscripten"), "");
        assertThat(Emscripten.configFile(call, root, none)).contains(home.resolve(".emscripten"));
        Files.writeString(dir.resolve("emsdk/.emscripten"), "");
        assertThat(Emscripten.configFile(call, root, none)).contains(dir.resolve("emsdk/.emscripten"));
        Files.writeString(root.resolve(".emscripten"), "");
        assertThat(Emscripten.configFile(call, root, none)).contains(root.resolve(".emscripten"));
        ToolCall withVariable = new ToolCall("emcc", List.of("emcc"), dir, Map.of("EM_CONFIG", "v.cfg"));
        assertThat(Emscripten.configFile(withVariable, root, none)).contains(dir.resolve("v.cfg"));
        assertThat(Emscripten.configFile(withVariable, root, given)).contains(dir.resolve("x.cfg"));
    }

    @Test
    void theCachesLibrariesAreListedBySizeAndTime() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("sysroot/lib/wasm32-emscripten"));
        Files.writeString(lib.resolve("libc.a"), "one");
        String before = Emscripten.libraries(dir.resolve("sysroot/lib"));
        assertThat(Emscripten.libraries(dir.resolve("sysroot/lib"))).isEqualTo(before);
        Files.writeString(lib.resolve("libc.a"), "three");
        assertThat(Emscripten.libraries(dir.resolve("sysroot/lib"))).isNotEqualTo(before);
    }

    @Test
    void emccFindsAnArchiveBeforeASharedLibraryInAnyDirectory() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        assertThat(EmccLibraries.find(List.of(a, b), "x")).isNull();
        Files.writeString(a.resolve("libx.so"), "");
        assertThat(EmccLibraries.find(List.of(a, b), "x")).isEqualTo(a.resolve("libx.so"));
        Files.writeString(b.resolve("libx.a"), "");
        assertThat(EmccLibraries.find(List.of(a, b), "x")).isEqualTo(b.resolve("libx.a"));
    }
}
