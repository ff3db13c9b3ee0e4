/**
 * One compile request end to end: which family, the cache flow (CachedCompile, MissCompile), and
 * where every outcome goes (OutcomeReporter). Knows no tool family by name. May import cache,
 * compiler (the seam), journal, session, stats, outcome, protocol, runner.
 */
package dev.zccache.compile;
