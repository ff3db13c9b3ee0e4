package dev.zccache.compiler.ar;

import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.Output;
import java.util.List;
import java.util.Optional;

/**
 * One archive indexed in place by ranlib: the archive as it was is the whole input (in the key),
 * the archive as ranlib leaves it the output.
 *
 * @param keyArgs every argument in order
 * @param deterministic D given, or neither D nor U (then ranlib's default decides)
 */
record RanlibInvocation(String archive, List<String> keyArgs, ArchiveInvocation.Deterministic deterministic,
        Optional<String> plugin) implements Invocation {

    @Override
    public String step() {
        return "archive";
    }

    @Override
    public String source() {
        return archive;
    }

    @Override
    public String output() {
        return archive;
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.required("archive", archive));
    }
}
