package dev.gantry.worker.execution;

import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs regular expressions that come from cases and schemas over what targets send, each
 * within a time limit and stopped when its run is cancelled. A backtracking pattern such as
 * {@code (a+)+$} on a long answer would otherwise pin a worker core for hours, past any
 * cancellation. {@link java.util.regex} cannot be interrupted, but it reads its input only
 * through {@link CharSequence#charAt}: the input is wrapped so that every few thousand reads
 * check the clock and the run's cancellation.
 *
 * <p>The limit and cancellation come from the chain's thread ({@link #within}), so the schema
 * validator's regular expressions ({@link BodySchema}) are bounded the same way; a match outside
 * a step gets the default limit.
 */
public final class BoundedRegex {
    static final Duration DEFAULT_LIMIT = Duration.ofMillis(500);

    /** Reads between two looks at the clock: cheap enough, and well under a millisecond apart. */
    private static final int CHECK_EVERY = 4096;

    private static final ThreadLocal<Budget> BUDGET = new ThreadLocal<>();

    /**
     * For the JSON Schema validator's {@code pattern} and {@code patternProperties}: found anywhere
     * in the value, as ECMA-262 and the validator's own JDK engine do, within the same bound.
     */
    private static final RegularExpressionFactory SCHEMA_PATTERNS = regex -> {
        Pattern pattern = Pattern.compile(regex);
        return value -> find(pattern, value);
    };

    /** The validator settings every schema of a case or a specification is compiled with. */
    public static final SchemaValidatorsConfig SCHEMA_CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.LEGACY) // instance locations as $.a.b, as failures have always named them
            .regularExpressionFactory(SCHEMA_PATTERNS)
            .build();

    private BoundedRegex() {}

    /** How long one match may take, and whether its run was cancelled meanwhile. */
    record Budget(Duration limit, AtomicBoolean cancelled) {
        Budget(Duration limit) {
            this(limit, new AtomicBoolean());
        }
    }

    /** A regular expression that ran out of its time or whose run was cancelled. */
    static final class StoppedException extends RuntimeException {
        StoppedException(String message) {
            super(message);
        }
    }

    /** Runs {@code work} with the budget for every match it makes on this thread. */
    static <T, E extends Exception> T within(Budget budget, Work<T, E> work) throws E {
        Budget outer = BUDGET.get();
        BUDGET.set(budget);
        try {
            return work.run();
        } finally {
            if (outer == null) {
                BUDGET.remove();
            } else {
                BUDGET.set(outer);
            }
        }
    }

    interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Whether the pattern is found anywhere in the text. */
    static boolean find(Pattern pattern, String text) {
        return matcher(pattern, text).find();
    }

    /** Whether the whole text matches. */
    static boolean matches(Pattern pattern, String text) {
        return matcher(pattern, text).matches();
    }

    /**
     * A matcher over the text whose every use ({@code find}, {@code matches}, groups) is bounded;
     * throws {@link StoppedException} when the budget runs out.
     */
    static Matcher matcher(Pattern pattern, String text) {
        Budget budget = BUDGET.get();
        Duration limit = budget == null ? DEFAULT_LIMIT : budget.limit();
        AtomicBoolean cancelled = budget == null ? null : budget.cancelled();
        Deadline deadline = new Deadline(pattern, text.length(), System.nanoTime() + limit.toNanos(), limit, cancelled);
        return pattern.matcher(new BoundedChars(text, deadline));
    }

    /** The deadline of one match, shared by the input and every part of it the matcher takes. */
    private static final class Deadline {
        private final Pattern pattern;
        private final int length;
        private final long at;
        private final Duration limit;
        private final AtomicBoolean cancelled;
        private int reads;

        Deadline(Pattern pattern, int length, long at, Duration limit, AtomicBoolean cancelled) {
            this.pattern = pattern;
            this.length = length;
            this.at = at;
            this.limit = limit;
            this.cancelled = cancelled;
        }

        void tick() {
            if (++reads % CHECK_EVERY != 0) {
                return;
            }
            if (cancelled != null && cancelled.get()) {
                throw new StoppedException(
                        "the regular expression /" + pattern + "/ was stopped: the run was cancelled");
            }
            if (System.nanoTime() - at > 0) {
                throw new StoppedException("the regular expression /" + pattern + "/ was stopped after "
                        + limit.toMillis() + " ms on " + length
                        + " characters (gantry.worker.regex-time-limit); it backtracks too much for this input");
            }
        }
    }

    private record BoundedChars(CharSequence text, Deadline deadline) implements CharSequence {
        @Override
        public char charAt(int index) {
            deadline.tick();
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BoundedChars(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
