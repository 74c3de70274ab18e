package dev.gantry.controlplane.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How people sign in to the web console (machines keep their API keys).
 *
 * @param idleTimeout          a session unused this long is over
 * @param absoluteTimeout      a session is over this long after sign-in, however busy
 * @param invitationTtl        how long an invitation link can be used
 * @param maxFailures          failed sign-ins of one account, or of one address, within {@code failureWindow}
 *                             after which further attempts are refused (429) until the window passes
 * @param maxAddressFailures   the same for one client address (many accounts tried from one place)
 * @param failureWindow        the window failures are counted in
 */
@ConfigurationProperties("gantry.sign-in")
public record SignInProperties(
        @DefaultValue("30m") Duration idleTimeout,
        @DefaultValue("12h") Duration absoluteTimeout,
        @DefaultValue("72h") Duration invitationTtl,
        @DefaultValue("5") int maxFailures,
        @DefaultValue("50") int maxAddressFailures,
        @DefaultValue("15m") Duration failureWindow) {}
