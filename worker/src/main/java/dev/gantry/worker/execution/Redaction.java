package dev.gantry.worker.execution;

import dev.gantry.model.AssertionFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * Keeps secrets out of everything a worker lets leave it (step details, partition errors):
 * credential headers by name, and each secret wherever it appears in one of the forms it travels
 * in: as written, URL-encoded (query strings and form bodies, either way of writing a space,
 * either case of hex digit), JSON-escaped, and Base64 (a Basic authorization echoed by a target).
 * Secrets are the environment's, plus those that only become known while the run executes:
 * rendered credentials and OAuth2 access tokens ({@link #add}).
 *
 * <p>Shared by every chain of a run on this worker; reading is lock-free, and a new secret is
 * rare after the first requests of a run.
 */
final class Redaction {
    static final String REDACTED = "[REDACTED]";
    private static final List<String> SECRET_HEADERS =
            List.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token");
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-F]{2}");

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    /** Every form of every secret, longest first, so that no form is left half replaced by a shorter one. */
    private volatile List<String> forms = List.of();

    Redaction(Collection<String> secretValues) {
        secretValues.forEach(this::add);
    }

    /** Whether a header of this name carries credentials whatever its value. */
    static boolean credentialHeader(String name) {
        // asked for every header of every step: compared in place, never lower-cased into a new string
        for (String secret : SECRET_HEADERS) {
            if (secret.length() == name.length() && secret.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Redacts a secret from now on; an empty one is ignored, since it would match everywhere. */
    void add(String secret) {
        if (secret == null || secret.isEmpty() || secrets.contains(secret)) {
            return;
        }
        synchronized (this) {
            if (!secrets.add(secret)) {
                return;
            }
            Set<String> all = new LinkedHashSet<>(forms);
            all.addAll(formsOf(secret));
            forms = all.stream()
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .toList();
        }
    }

    /** Whether a value is, or carries, a secret. */
    boolean carriesSecret(String value) {
        if (value == null) {
            return false;
        }
        for (String form : forms) {
            if (value.contains(form)) {
                return true;
            }
        }
        return false;
    }

    /** The headers that carry credentials, by their name or a secret in their value. */
    Set<String> credentialHeaders(Map<String, String> headers) {
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (credentialHeader(header.getKey()) || carriesSecret(header.getValue())) {
                names.add(header.getKey());
            }
        }
        return names;
    }

    static Set<String> formsOf(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String formEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String percentEncoded = formEncoded.replace("+", "%20");
        for (String encoded : List.of(formEncoded, percentEncoded)) {
            forms.add(encoded);
            forms.add(lowerCaseHex(encoded));
        }
        String json = new String(JsonStringEncoder.getInstance().quoteAsCharArray(secret));
        forms.add(json);
        forms.add(json.replace("/", "\\/"));
        forms.add(asciiJson(json, "\\u%04x"));
        forms.add(asciiJson(json, "\\u%04X"));
        String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        // without its padding, which depends on what follows when the value is part of a longer one
        forms.add(base64.replace("=", ""));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        forms.remove("");
        return forms;
    }

    private static String lowerCaseHex(String encoded) {
        Matcher escape = PERCENT_ESCAPE.matcher(encoded);
        return escape.replaceAll(m -> m.group().toLowerCase(Locale.ROOT));
    }

    /** JSON with every character outside ASCII as a \\u escape, as some serializers write it. */
    private static String asciiJson(String json, String escape) {
        StringBuilder ascii = new StringBuilder(json.length());
        json.chars().forEach(c -> {
            if (c < 0x80) {
                ascii.append((char) c);
            } else {
                ascii.append(String.format(escape, c));
            }
        });
        return ascii.toString();
    }

    String header(String name, String value) {
        return credentialHeader(name) ? REDACTED : text(value);
    }

    String text(String text) {
        List<String> current = forms;
        if (text == null || current.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (String form : current) {
            redacted = redacted.replace(form, REDACTED);
        }
        return redacted;
    }

    List<AssertionFailure> failures(List<AssertionFailure> failures) {
        if (forms.isEmpty()) {
            return failures;
        }
        return failures.stream()
                .map(f -> new AssertionFailure(text(f.check()), text(f.expected()), text(f.actual())))
                .toList();
    }
}
