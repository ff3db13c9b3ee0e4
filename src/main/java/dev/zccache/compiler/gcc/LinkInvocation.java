package dev.zccache.compiler.gcc;

import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.Output;
import java.util.List;
import java.util.Optional;

/**
 * One link through the GCC/Clang driver: objects, archives and libraries to one executable or
 * shared object.
 *
 * @param output the -o path (a.out without one)
 * @param inputs the input files as given (objects, archives, shared objects), in order
 * @param keyArgs every argument in order, after @file expansion
 * @param libraryDirs the -L directories, in order, as given
 * @param linker the -fuse-ld= value, if any (bfd, lld)
 * @param map the link map the linker writes ({@code -Wl,-Map=file}), if any
 */
record LinkInvocation(String output, List<String> inputs, List<String> keyArgs, List<String> libraryDirs,
        Optional<String> linker, Optional<String> map) implements Invocation {

    @Override
    public String step() {
        return "link";
    }

    @Override
    public String source() {
        return inputs.isEmpty() ? output : inputs.get(0);
    }

    /**
     * Whether its paths are keyed relative to the base directory: not when it writes a link
     * map, which lists its inputs' paths.
     */
    boolean remapsPaths() {
        return map.isEmpty();
    }

    /** The link map if asked for, then the program or shared object, with the execute bits the linker gives it. */
    @Override
    public List<Output> outputs() {
        Output linked = Output.executable("linked", output);
        return map.map(m -> List.of(Output.optional("map", m), linked)).orElse(List.of(linked));
    }
}
