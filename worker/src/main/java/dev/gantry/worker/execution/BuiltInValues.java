package dev.gantry.worker.execution;

import dev.gantry.model.BuiltIn;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Computes built-in variables ({@link BuiltIn}) from a step's random source and the clock. */
final class BuiltInValues {
    private BuiltInValues() {}

    static String value(String expression, RandomGenerator random, Clock clock) {
        BuiltIn.Call call = BuiltIn.parse(expression);
        return switch (call.builtIn()) {
            case UUID -> uuid(random).toString();
            case RANDOM_INT -> {
                long min = call.arguments().get(0);
                long max = call.arguments().get(1);
                yield String.valueOf(max == Long.MAX_VALUE ? random.nextLong(min, max) : random.nextLong(min, max + 1));
            }
            case TIMESTAMP -> String.valueOf(clock.instant().getEpochSecond());
            case ISO_DATE_TIME -> clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
            case RANDOM_EMAIL -> "user-" + HexFormat.of().toHexDigits(random.nextInt()) + "@example.com";
        };
    }

    /** A version 4 UUID from the given random source (so a seeded run repeats it). */
    private static UUID uuid(RandomGenerator random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }
}
