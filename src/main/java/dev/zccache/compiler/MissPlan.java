package dev.zccache.compiler;

import java.io.IOException;
import java.util.List;

/**
 * How a family runs one miss: the command line with whatever it injects to learn the inputs
 * (gcc: {@code -MD -MF <scratch file>}), and how it learns them once the run succeeded.
 */
public interface MissPlan {

    /** What to run, argv[0] first. */
    List<String> argv();

    /** After a successful run that wrote its required outputs: the inputs, or why they are unknown. */
    LearntInputs learn() throws IOException;
}
