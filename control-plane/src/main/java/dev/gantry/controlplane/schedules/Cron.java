package dev.gantry.controlplane.schedules;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.scheduling.support.CronExpression;

/**
 * A cron expression as users write it: the standard 5 fields (minute hour day month weekday), or
 * Spring's 6 (with seconds first), or a macro such as {@code @daily}; evaluated in a time zone.
 */
record Cron(String expression, CronExpression parsed, ZoneId zone) {

    /** Throws IllegalArgumentException saying what is wrong. */
    static Cron parse(String expression, ZoneId zone) {
        String trimmed = expression.trim();
        String[] fields = trimmed.split("\\s+");
        String spring =
                switch (fields.length) {
                    case 5 -> "0 " + trimmed; // standard cron: at second 0
                    case 6 -> trimmed;
                    default -> {
                        if (trimmed.startsWith("@")) {
                            yield trimmed;
                        }
                        throw new IllegalArgumentException("must have 5 fields (minute hour day month weekday)"
                                + " or 6 (second first), not " + fields.length);
                    }
                };
        return new Cron(trimmed, CronExpression.parse(spring), zone);
    }

    /** The first fire time strictly after {@code after}, or null when there is none. */
    Instant next(Instant after) {
        ZonedDateTime next = parsed.next(after.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    List<Instant> next(Instant after, int count) {
        List<Instant> times = new ArrayList<>(count);
        Instant at = after;
        for (int i = 0; i < count; i++) {
            at = next(at);
            if (at == null) {
                break;
            }
            times.add(at);
        }
        return times;
    }
}
