package dev.zccache.compiler.gcc;

import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.Output;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One cacheable compile of one source to one object, as the GCC/Clang driver will see it.
 *
 * @param language the source language (-x, else the suffix)
 * @param source the input path as given (it reaches __FILE__ and debug info as given)
 * @param output the object path: -o, else the source's base name with .o in the cwd
 * @param keyArgs every argument in order (after @file expansion) except those proven not to
 *     change the output bytes: the -o path and the dependency-file path
 * @param depFile the user's dependency-file request, if any
 * @param optionInputs files named by options (-include, -imacros, -specs=, --config, plugins,
 *     sanitizer lists): inputs whose content must be hashed
 * @param nativeFlags -march/-mcpu/-mtune=native as given: the key must hold what each means here
 * @param debugInfo -g (other than -g0): the cwd can reach the object
 * @param sideOutputs files the compile writes beside the object (--coverage, -gsplit-dwarf,
 *     -fstack-usage), named after it
 * @param outputInKey the object's bytes depend on its own path (it names its .dwo or .gcda)
 * @param colourChosen a diagnostics colour option was given (-fdiagnostics-color…,
 *     -f[no-]color-diagnostics): zccache leaves colour to it
 */
record GccInvocation(Language language, String source, String output, List<String> keyArgs,
        Optional<DepFileRequest> depFile, List<String> optionInputs, List<String> nativeFlags, boolean debugInfo,
        Set<SideOutput> sideOutputs, boolean outputInKey, boolean colourChosen) implements Invocation {

    /**
     * Where a side output goes: the object's path without its suffix, plus the side output's
     * (gcc 11+ and clang: {@code -c src/t.c -o obj/x.o --coverage} writes {@code obj/x.gcno}).
     */
    public String sideOutputPath(SideOutput side) {
        int slash = output.lastIndexOf('/');
        int dot = output.lastIndexOf('.');
        return (dot > slash + 1 ? output.substring(0, dot) : output) + side.suffix();
    }

    /** The role of the user's dependency file in a result entry. */
    static final String DEPFILE = "depfile";

    /** Without a colour option of the user's, a miss asks for colours; replays to a pipe strip them. */
    @Override
    public boolean colouredDiagnostics() {
        return !colourChosen;
    }

    /** Whether the key must hold what "native" means here. */
    public boolean nativeCpu() {
        return !nativeFlags.isEmpty();
    }

    /** Side outputs, the object, then the dependency file: make compares the .d's time with the object's. */
    @Override
    public List<Output> outputs() {
        List<Output> out = new ArrayList<>(sideOutputs.size() + 2);
        for (SideOutput side : SideOutput.values()) {
            if (sideOutputs.contains(side)) {
                out.add(Output.optional(side.role(), sideOutputPath(side)));
            }
        }
        out.add(Output.required("object", output));
        // none stored although one was asked for: the compile wrote none (an assembler source)
        DepFileTarget.path(this).ifPresent(d -> out.add(Output.rewritten(DEPFILE, d)));
        return out;
    }

    /** The stored dependency file names the object it was made for: name this call's instead. */
    @Override
    public Optional<byte[]> rewrite(Output output, byte[] stored, String storedOutput, CompilerIdentity tool) {
        return DepFileTarget.retarget(new String(stored, StandardCharsets.UTF_8), storedOutput, this,
                GccFamily.isClang(tool)).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }
}
