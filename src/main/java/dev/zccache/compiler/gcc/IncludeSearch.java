package dev.zccache.compiler.gcc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The directories a GCC/Clang preprocessor searches, in order, as the command line and the
 * environment set them (cpp manual, "Options for Directory Search"): for {@code #include "…"}
 * the includer's own directory, then -iquote; then for both forms -I, CPATH, -isystem,
 * C_INCLUDE_PATH/CPLUS_INCLUDE_PATH, the compiler's own system directories, -idirafter.
 * Directories that do not exist yet are kept: creating one later can shadow a header.
 * {@code -nostdinc} drops the system directories. Not modelled yet: --sysroot/-isysroot and
 * -nostdinc++ change the system list, which must then be asked of the compiler with them.
 */
record IncludeSearch(List<Path> quoteOnly, List<Path> bracket, List<Path> systemDirs) {

    /** Each directory option and the list it feeds: q(uote), i (-I), s(ystem), a(fter). */
    private static final String[][] DIR_OPTIONS = {{"-iquote", "q"}, {"-isystem", "s"}, {"-idirafter", "a"},
        {"-I", "i"}};

    /** quoteOnly followed by bracket: the chain after the includer's directory for "…" includes. */
    public List<Path> quoteChain() {
        List<Path> all = new ArrayList<>(quoteOnly);
        all.addAll(bracket);
        return all;
    }

    /**
     * Where a new file would take the place of a header the compile read: the same relative name
     * in every search directory before the one it was found in and, unless it was found in one of
     * the compiler's own directories, in every includer's directory, which {@code #include "…"}
     * searches first (which file included it the dependency list does not say, so any of them).
     * A header found outside the search list (next to its includer) has none.
     *
     * @param includerDirs the directories of the files that may have included it
     */
    List<Path> shadowsOf(Path found, Collection<Path> includerDirs) {
        Path header = found.normalize();
        List<Path> chain = quoteChain();
        for (int i = 0; i < chain.size(); i++) {
            Path dir = chain.get(i);
            if (header.startsWith(dir) && !header.equals(dir)) {
                Path rel = dir.relativize(header);
                List<Path> out = new ArrayList<>();
                if (!systemDirs.contains(dir)) {
                    for (Path includer : includerDirs) {
                        out.add(includer.resolve(rel));
                    }
                }
                for (Path earlier : chain.subList(0, i)) {
                    out.add(earlier.resolve(rel));
                }
                return out;
            }
        }
        return List.of();
    }

    /** Whether a directory is one of the compiler's own or below one. */
    boolean isSystem(Path dir) {
        for (Path s : systemDirs) {
            if (dir.startsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param keyArgs the invocation's arguments (after response-file expansion)
     * @param systemDirs what the compiler reports as its own search list (without user options)
     */
    public static IncludeSearch of(List<String> keyArgs, Map<String, String> env, Language language,
            List<Path> systemDirs, Path cwd) {
        List<Path> quote = new ArrayList<>();
        List<Path> user = new ArrayList<>();
        List<Path> system = new ArrayList<>();
        List<Path> after = new ArrayList<>();
        for (int i = 0; i < keyArgs.size(); i++) {
            String a = keyArgs.get(i);
            for (String[] form : DIR_OPTIONS) {
                String opt = form[0];
                String dir = null;
                if (a.equals(opt) && i + 1 < keyArgs.size()) {
                    dir = keyArgs.get(++i);
                } else if (a.startsWith(opt) && a.length() > opt.length()) {
                    dir = a.substring(opt.length());
                }
                if (dir != null) {
                    Path p = cwd.resolve(dir).normalize();
                    switch (form[1]) {
                        case "q" -> quote.add(p);
                        case "s" -> system.add(p);
                        case "a" -> after.add(p);
                        default -> user.add(p);
                    }
                    break;
                }
            }
        }
        // CPATH acts as -I after the -I options; C_/CPLUS_INCLUDE_PATH as -isystem after -isystem
        List<Path> bracket = new ArrayList<>(user);
        addPathList(bracket, env.get("CPATH"), cwd);
        bracket.addAll(system);
        boolean cxx = language == Language.CXX || language == Language.CXX_CPP_OUTPUT
                || language == Language.OBJCXX || language == Language.OBJCXX_CPP_OUTPUT;
        addPathList(bracket, env.get(cxx ? "CPLUS_INCLUDE_PATH" : "C_INCLUDE_PATH"), cwd);
        boolean stdinc = !keyArgs.contains("-nostdinc");
        if (stdinc) {
            bracket.addAll(systemDirs);
        }
        bracket.addAll(after);
        return new IncludeSearch(List.copyOf(quote), List.copyOf(bracket), stdinc ? List.copyOf(systemDirs) : List.of());
    }

    private static void addPathList(List<Path> out, String list, Path cwd) {
        if (list == null || list.isEmpty()) {
            return;
        }
        for (String entry : list.split(":", -1)) {
            // an empty element means the current directory
            out.add(cwd.resolve(entry.isEmpty() ? "." : entry).normalize());
        }
    }
}
