package dev.gantry.controlplane.hooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * CI webhooks: how deliveries are checked and how their callbacks are sent.
 *
 * @param replayWindow          how far a delivery's signed timestamp may be from the control plane's clock
 *                              (either way) before the delivery is refused as a replay
 * @param callbackAttempts      how often a run's callback is tried (with doubling backoff from 1 s) before it
 *                              is given up as FAILED
 * @param callbackPollInterval  how often the ended runs' pending callbacks are looked for
 * @param allowPrivateCallbacks whether callbacks may go to loopback, private, link-local, multicast or wildcard
 *                              addresses; off, so that a webhook cannot make the control plane probe its network
 */
@ConfigurationProperties("gantry.hooks")
public record HooksProperties(
        @DefaultValue(DEFAULT_REPLAY_WINDOW) Duration replayWindow,
        @DefaultValue(DEFAULT_CALLBACK_ATTEMPTS) int callbackAttempts,
        @DefaultValue(DEFAULT_CALLBACK_POLL_INTERVAL) Duration callbackPollInterval,
        @DefaultValue(DEFAULT_ALLOW_PRIVATE_CALLBACKS) boolean allowPrivateCallbacks) {
    public static final String DEFAULT_REPLAY_WINDOW = "5m";
    public static final String DEFAULT_CALLBACK_ATTEMPTS = "6";
    public static final String DEFAULT_CALLBACK_POLL_INTERVAL = "1s";
    public static final String DEFAULT_ALLOW_PRIVATE_CALLBACKS = "false";

    public HooksProperties {
        if (callbackPollInterval.isNegative() || callbackPollInterval.isZero()) {
            throw new IllegalArgumentException("gantry.hooks.callback-poll-interval must be positive");
        }
        if (replayWindow.isNegative()) {
            throw new IllegalArgumentException("gantry.hooks.replay-window must not be negative");
        }
    }
}
