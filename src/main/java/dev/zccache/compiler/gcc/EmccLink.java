package dev.zccache.compiler.gcc;

import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One emcc link: objects and archives to JavaScript and WebAssembly (or an HTML page, or a
 * standalone .wasm), with whatever emcc writes beside its main output.
 *
 * @param output the -o path (a.out.js without one)
 * @param siblings the files emcc may write beside it (after its stem: .wasm, .data, .worker.js…)
 * @param inputs the objects and archives as given, in order
 * @param keyArgs the clang-side arguments in order, after @file expansion
 * @param libraryDirs the -L directories as given
 * @param emcc emcc's own options and the files they name
 */
record EmccLink(String output, List<String> siblings, List<String> inputs, List<String> keyArgs,
        List<String> libraryDirs, EmccArguments.Split emcc) implements Invocation {

    @Override
    public String step() {
        return "link";
    }

    @Override
    public String source() {
        return inputs.get(0);
    }

    /** Files named after the output's stem that no sibling names (an unmodelled setting's). */
    @Override
    public Optional<String> unmodelledOutputs() {
        return Optional.of(EmccArguments.stem(output) + ".");
    }

    /**
     * What this link wrote of the siblings, then the main output last (make compares its time).
     * A .wasm gets the execute bits wasm-ld gives it.
     */
    @Override
    public List<Output> outputs() {
        List<Output> out = new ArrayList<>(siblings.size() + 1);
        for (String s : siblings) {
            out.add(new Output("emcc " + s.substring(s.lastIndexOf('/') + 1), s, false, false, s.endsWith(".wasm")));
        }
        out.add(new Output("linked", output, true, false, output.endsWith(".wasm")));
        return out;
    }
}
