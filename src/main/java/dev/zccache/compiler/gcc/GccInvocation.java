package dev.zccache.compiler.gcc;

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
 * @param nativeCpu -march/-mcpu/-mtune=native: the key must hold what "native" means here
 * @param debugInfo -g (other than -g0): the cwd can reach the object
 * @param sideOutputs files the compile writes beside the object (--coverage, -gsplit-dwarf,
 *     -fstack-usage), named after it
 * @param outputInKey the object's bytes depend on its own path (it names its .dwo or .gcda)
 */
public record GccInvocation(Language language, String source, String output, List<String> keyArgs,
        Optional<DepFileRequest> depFile, List<String> optionInputs, boolean nativeCpu, boolean debugInfo,
        Set<SideOutput> sideOutputs, boolean outputInKey) {

    /**
     * Where a side output goes: the object's path without its suffix, plus the side output's
     * (gcc 11+ and clang: {@code -c src/t.c -o obj/x.o --coverage} writes {@code obj/x.gcno}).
     */
    public String sideOutputPath(SideOutput side) {
        int slash = output.lastIndexOf('/');
        int dot = output.lastIndexOf('.');
        return (dot > slash + 1 ? output.substring(0, dot) : output) + side.suffix();
    }
}
