package dev.zccache.compiler.gcc;

import java.util.List;
import java.util.Optional;

/**
 * The dependency file the user asked for: -MD or -MMD (or -Wp,-MD,path), with -MF, -MT, -MQ
 * and -MP. Its contents are an output to store and, on a hit, rewrite for the current target.
 *
 * @param systemHeaders false for -MMD (user headers only)
 * @param path the file named by -MF or -Wp,-MD,path; empty means gcc's default (the object's
 *     name with .d)
 * @param targets -MT and -MQ in order, as "MT:name" or "MQ:name"; empty means the object
 * @param phonyTargets -MP
 * @param viaPreprocessor given as -Wp,-MD,path with no -MD/-MMD to the driver: gcc's driver then
 *     adds no target and its preprocessor names the rule after the source (t.c gives "t.o:"),
 *     whatever -o says; clang's names it after the object as usual
 */
record DepFileRequest(boolean systemHeaders, Optional<String> path, List<String> targets,
        boolean phonyTargets, boolean viaPreprocessor) {
}
