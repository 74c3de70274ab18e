package dev.gantry.controlplane.runs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live stream of a run's totals ({@code GET /api/v1/runs/{id}/events}).
 *
 * @param interval   how often an open stream gets the run's totals; one read per run, whatever the
 *                   number of people watching it
 * @param maxStreams streams open at once on one control plane; one more answers 503
 * @param maxAge     a stream is closed after this long even if the run goes on (the console reconnects)
 */
@ConfigurationProperties("gantry.run-events")
public record RunEventsProperties(
        @DefaultValue("500ms") Duration interval,
        @DefaultValue("200") int maxStreams,
        @DefaultValue("30m") Duration maxAge) {}
