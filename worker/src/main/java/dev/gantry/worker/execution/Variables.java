package dev.gantry.worker.execution;

import dev.gantry.model.WorkItem;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The variables the steps of one work item see, as the lookup its templates render with. From
 * lowest to highest: the environment's variables, the environment's secrets, the suite's
 * variables, those the run's setup extracted, the data row's, and those extracted by earlier steps
 * of the chain. Built-ins ({@code $uuid}, {@code $timestamp} ...) are drawn from the work item's
 * own random source and the clock.
 *
 * <p>One lives as long as its work item: what a step extracts reaches the steps after it in the
 * same chain, never another work item (a setup chain's extractions are handed on through its
 * {@link ChainResult}). The scopes below are the run's and the row's maps, shared, not copied:
 * creating one per work item costs one small map.
 *
 * <p>A name an earlier step was to extract but did not (an optional extraction that found nothing, a
 * step that failed, errored or was skipped while a later one still runs) renders as its own
 * placeholder, {@code {{name}}}, as Newman sends a variable it cannot resolve: an optional extraction
 * that found nothing hides every lower scope (Newman's {@code set(name, undefined)}), a step that did not
 * get as far as extracting leaves the lower scopes visible (Newman keeps the variable's current value).
 */
final class Variables implements Function<String, String> {
    private final Map<String, String> environment;
    private final Map<String, String> secrets;
    private final Map<String, String> suite;
    private final Map<String, String> setup;
    private final Map<String, String> row;
    private final Map<String, String> extracted = new HashMap<>();
    /** Set to undefined by an optional extraction that found nothing; rare, so made on first use. */
    private Set<String> unset;
    /** Due from an earlier step that did not pass; rare, so made on first use. */
    private Set<String> due;

    private final RandomGenerator random;
    private final Clock clock;

    Variables(
            Map<String, String> environment,
            Map<String, String> secrets,
            Map<String, String> suite,
            Map<String, String> setup,
            Map<String, String> row,
            RandomGenerator random,
            Clock clock) {
        this.environment = environment;
        this.secrets = secrets;
        this.suite = suite;
        this.setup = setup;
        this.row = row;
        this.random = random;
        this.clock = clock;
    }

    /** The variables of a work item of the run, with its data row and what the run's setup extracted. */
    static Variables of(
            CompiledRun run, WorkItem item, Map<String, String> row, Map<String, String> setup, Clock clock) {
        return new Variables(
                run.environmentVariables(),
                run.secrets(),
                run.suiteVariables(),
                setup,
                row,
                random(run.seed(), item.seq()),
                clock);
    }

    /**
     * A work item's random source: with the run's seed, each work item draws the same values in
     * every run (and others than its neighbours); without, the thread's.
     */
    static RandomGenerator random(Long seed, long seq) {
        return seed == null ? ThreadLocalRandom.current() : new SplittableRandom(seed * 0x9E3779B97F4A7C15L + seq);
    }

    /** The variable's value from the highest scope that has it, or null when none has it. */
    @Override
    public String apply(String name) {
        if (name.charAt(0) == '$') {
            return BuiltInValues.value(name, random, clock);
        }
        String value = extracted.get(name);
        if (value == null && unset != null && unset.contains(name)) {
            return placeholder(name);
        }
        if (value == null) {
            value = row.get(name);
        }
        if (value == null) {
            value = setup.get(name);
        }
        if (value == null) {
            value = suite.get(name);
        }
        if (value == null) {
            value = secrets.get(name);
        }
        if (value == null) {
            value = environment.get(name);
        }
        return value == null && due != null && due.contains(name) ? placeholder(name) : value;
    }

    private static String placeholder(String name) {
        return "{{" + name + "}}";
    }

    /** A value a step extracted: above every other scope for the rest of the chain. */
    void extracted(String name, String value) {
        extracted.put(name, value);
        if (unset != null) {
            unset.remove(name);
        }
    }

    /** An optional extraction found nothing: the name renders as its placeholder, whatever lower scopes hold. */
    void unset(String name) {
        extracted.remove(name);
        if (unset == null) {
            unset = new HashSet<>();
        }
        unset.add(name);
    }

    /** A step that did not pass was to extract {@code name}: with no scope holding it, it renders as its placeholder. */
    void due(String name) {
        if (due == null) {
            due = new HashSet<>();
        }
        due.add(name);
    }

    /** What the chain's steps have extracted so far (the map itself, handed on with the chain's result). */
    Map<String, String> extracted() {
        return extracted;
    }
}
