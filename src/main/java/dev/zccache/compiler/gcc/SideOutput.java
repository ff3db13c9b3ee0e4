package dev.zccache.compiler.gcc;

/** Files a compile writes beside its object that zccache stores and restores with it. */
enum SideOutput {
    /** --coverage, -ftest-coverage: the coverage notes gcov reads. */
    GCNO(".gcno"),
    /** -gsplit-dwarf: the split debug info the object points to. */
    DWO(".dwo"),
    /** -fstack-usage: per-function stack sizes. */
    SU(".su");

    private final String suffix;

    SideOutput(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /** The name the result entry stores it under. */
    public String role() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
