package dev.zccache.compiler;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * How a family runs one miss: the command line with whatever it injects to learn the inputs
 * (gcc: {@code -MD -MF <scratch file>}), and how it learns them once the run succeeded.
 */
public interface MissPlan {

    /** What to run, argv[0] first. */
    List<String> argv();

    /** The environment to run it with (the call's, marked nested, less what only the caller's process could use). */
    Map<String, String> environment();

    /** After a successful run that wrote its required outputs: the inputs, or why they are unknown. */
    LearntInputs learn() throws IOException;
}
