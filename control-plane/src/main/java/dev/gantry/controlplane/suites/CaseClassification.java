package dev.gantry.controlplane.suites;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How a QA team files a case: free tags (lower-case), a priority, a type, manual or automated, and
 * for an automated case whether its automation works. Nothing here changes how a case runs.
 */
public record CaseClassification(
        List<String> tags, Priority priority, Type type, Mode mode, AutomationStatus automationStatus) {
    /** At most this many tags on a case, each at most {@link #MAX_TAG_LENGTH} characters. */
    public static final int MAX_TAGS = 20;

    public static final int MAX_TAG_LENGTH = 50;

    /** The tags every team knows; others are allowed as they are. */
    public static final Set<String> WELL_KNOWN_TAGS =
            Set.of("smoke", "regression", "sanity", "prod", "e2e", "performance");

    /** What a case created without any classification has: an automated case, nothing else said. */
    public static final CaseClassification NONE = new CaseClassification(List.of(), null, null, Mode.AUTOMATED, null);

    public CaseClassification {
        tags = List.copyOf(tags);
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (mode == Mode.MANUAL && automationStatus != null) {
            throw new IllegalArgumentException("a manual case has no automation status");
        }
    }

    public CaseClassification withType(Type newType) {
        return new CaseClassification(tags, priority, newType, mode, automationStatus);
    }

    public enum Priority {
        CRITICAL,
        HIGH,
        MEDIUM,
        LOW
    }

    public enum Type {
        HAPPY_PATH,
        BOUNDARY,
        NEGATIVE,
        PERFORMANCE,
        SECURITY;

        /** The type of a case the specification generator made as {@code kind} (happy, boundary, ...). */
        public static Optional<Type> ofGeneratorKind(String kind) {
            return switch (kind == null ? "" : kind) {
                case "happy" -> Optional.of(HAPPY_PATH);
                case "boundary" -> Optional.of(BOUNDARY);
                case "negative" -> Optional.of(NEGATIVE);
                case "security" -> Optional.of(SECURITY);
                default -> Optional.empty();
            };
        }
    }

    public enum Mode {
        MANUAL,
        AUTOMATED
    }

    public enum AutomationStatus {
        WORKING,
        BROKEN
    }

    /**
     * An enumeration's value as a client may write it: any case, words joined by spaces, hyphens or
     * underscores ({@code "happy path"}, {@code happy-path}, {@code HAPPY_PATH}); empty when it is none.
     */
    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
        String name = value.strip().replaceAll("[\\s-]+", "_").toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
