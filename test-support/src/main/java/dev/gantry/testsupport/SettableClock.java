package dev.gantry.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it (db-scheduler's {@code SettableClock}): installed as
 * a control plane's {@code Clock} bean (an integration test farm's {@code withClock}), it makes schedules fire, deadlines
 * pass and leases lapse when the test says, not when real time has gone by. Shared by every thread of
 * every context it is installed in.
 */
public final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;

    private SettableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Standing at the present moment, to the millisecond (what PostgreSQL keeps of a timestamp). */
    public static SettableClock startingNow() {
        return new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    public static SettableClock startingAt(Instant start) {
        return new SettableClock(start);
    }

    /** Moves the clock on (never back: a control plane's time only goes forward). */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock goes forward, not by " + by);
        }
        return now.updateAndGet(t -> t.plus(by));
    }

    /** Sets the clock to a moment, not before the present one. */
    public void set(Instant moment) {
        now.updateAndGet(t -> {
            if (moment.isBefore(t)) {
                throw new IllegalArgumentException("a clock goes forward: " + moment + " is before " + t);
            }
            return moment;
        });
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same settable time; the zone only matters to callers that format local times. */
    @Override
    public Clock withZone(ZoneId zone) {
        SettableClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }
}
