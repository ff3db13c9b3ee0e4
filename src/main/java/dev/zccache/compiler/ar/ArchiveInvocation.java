package dev.zccache.compiler.ar;

import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.Output;
import java.util.List;

/**
 * One archive built or updated from members ({@code ar rcs lib.a a.o b.o}), or indexed in
 * place ({@code ranlib lib.a}: no members).
 *
 * @param archive the archive as given: the output, and an input when it exists (r and q update it)
 * @param members the member files as given, in order (none for ranlib)
 * @param keyArgs every argument in order (the archive's path included: members keep no path)
 * @param deterministic {@code D} given, or neither {@code D} nor {@code U} (then the tool's default decides)
 * @param plugin the {@code --plugin} file, if any (gcc-ar's LTO plugin), by content in the key
 */
record ArchiveInvocation(String archive, List<String> members, List<String> keyArgs, Deterministic deterministic,
        java.util.Optional<String> plugin) implements Invocation {

    /** What the modifiers say of timestamps and owners in the archive. */
    enum Deterministic {
        ASKED, REFUSED, TOOL_DEFAULT
    }

    @Override
    public String step() {
        return "archive";
    }

    @Override
    public String source() {
        return members.isEmpty() ? archive : members.get(0);
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
