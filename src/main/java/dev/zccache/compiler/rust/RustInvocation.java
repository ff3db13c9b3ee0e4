package dev.zccache.compiler.rust;

import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.Output;
import java.util.List;
import java.util.Optional;

/**
 * One cacheable rustc call: one crate from one root source, its outputs named as rustc names them.
 *
 * @param source the crate root as given
 * @param keyArgs every argument in order, after {@code @argfile} expansion
 * @param outputs what rustc writes: link outputs (rlib, staticlib, proc-macro, bin), metadata,
 *     then the dep-info file make-like tools compare last
 * @param depInfo the dep-info file the call asked for, if it asked for one (then a miss reads it;
 *     else a miss asks for one in a private place)
 * @param externs the crate files given by {@code --extern}, by content in the key
 * @param searchDirs {@code -L} directories for native libraries (not {@code dependency=}/{@code crate=})
 * @param nativeLibraries {@code -l} names ({@code lib<name>.a}/{@code .so} in {@code searchDirs}, or the
 *     verbatim file name), by content in the key when found there
 * @param targetFile a {@code --target} given as a {@code .json} target specification
 * @param nativeCpu {@code -C target-cpu=native}: the key holds what it means here
 * @param links the call links a program or a shared object (bin, proc-macro): the linker is keyed
 * @param linker {@code -C linker=}, else empty (the platform's {@code cc})
 * @param sysroot {@code --sysroot}, else empty (the toolchain's own)
 */
record RustInvocation(String source, List<String> keyArgs, List<Output> outputs, Optional<String> depInfo,
        List<String> externs, List<String> searchDirs, List<NativeLibrary> nativeLibraries,
        Optional<String> targetFile, boolean nativeCpu, boolean links, Optional<String> linker,
        Optional<String> sysroot) implements Invocation {

    /** A {@code -l} library: its name as given ({@code verbatim} when it is a whole file name). */
    record NativeLibrary(String name, boolean verbatim) {
    }

    /** The first output rustc writes: what explain and the journal name the compile by. */
    @Override
    public String output() {
        return outputs.get(0).path();
    }
}
