package dev.gantry.controlplane.security;

import dev.gantry.model.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts every request refused for security, by reason ({@link MetricNames#SECURITY_REFUSALS}). The
 * reasons are the fixed words of {@link Reason}, so the tag stays bounded whatever a caller sends.
 */
@Component
public class Refusals {
    /** Why a request was refused; the metric's {@code reason} tag. */
    public enum Reason {
        UNAUTHENTICATED("unauthenticated"),
        FORBIDDEN("forbidden"),
        FIREWALL("firewall"),
        CSRF("csrf"),
        BAD_SIGNATURE("bad-signature"),
        STALE_TIMESTAMP("stale-timestamp"),
        BODY_TOO_LARGE("body-too-large"),
        TARGET_REFUSED("target-refused");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Map<Reason, Counter> counters = new ConcurrentHashMap<>();

    public Refusals(MeterRegistry meters) {
        for (Reason reason : Reason.values()) {
            counters.put(
                    reason,
                    Counter.builder(MetricNames.SECURITY_REFUSALS)
                            .description("Requests refused for security, by reason")
                            .tag("reason", reason.tag())
                            .register(meters));
        }
    }

    public void count(Reason reason) {
        counters.get(reason).increment();
    }
}
