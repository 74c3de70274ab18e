package dev.gantry.controlplane.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code ?wait=} of a long poll: {@code 60s}, {@code 2m}, {@code 500ms}, a bare number of seconds, or ISO-8601. */
public final class WaitParameter {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,6})(ms|s|m)?");

    private WaitParameter() {}

    /** @throws InvalidInputException naming {@code wait} when it is no duration */
    public static Duration parse(String wait) {
        String text = wait.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            Duration d = Duration.parse(wait.trim().toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // fall through to the problem detail
        }
        throw new InvalidInputException(
                "wait", "must be a duration such as 60s, 2m, 500ms or PT1M, not '" + wait + "'");
    }
}
