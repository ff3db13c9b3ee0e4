package dev.zccache.compiler;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * How a family runs one miss: the command line with whatever it injects to learn the inputs
 * (gcc: {@code -MD -MF <scratch file>}), and how it learns them once the run succeeded.
 *
 * @param argv what to run, argv[0] first
 * @param environment the environment to run it with (the call's, marked nested, less what only
 *     the caller's process could use)
 * @param learner after a successful run that wrote its required outputs: the inputs, or why they are unknown
 */
public record MissPlan(List<String> argv, Map<String, String> environment, Learner learner) {

    /** Reads what the run left (a dependency file) into the inputs it used. */
    @FunctionalInterface
    public interface Learner {
        LearntInputs learn() throws IOException;
    }

    /** After a successful run that wrote its required outputs: the inputs, or why they are unknown. */
    public LearntInputs learn() throws IOException {
        return learner.learn();
    }
}
