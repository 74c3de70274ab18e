package dev.gantry.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The demo's command-line settings, with the API key already resolved. */
record DemoOptions(URI controlPlane, String apiKey, int rows, Duration timeout) {

    static final URI DEFAULT_CONTROL_PLANE = URI.create("http://127.0.0.1:8080");
    static final int DEFAULT_ROWS = 1000;
    static final int DEFAULT_TIMEOUT_SECONDS = 600;
    static final String KEY_ENV = "GANTRY_ADMIN_KEY";

    private static final Set<String> OPTIONS =
            Set.of("--control-plane", "--api-key", "--api-key-file", "--rows", "--timeout-seconds");

    static final String USAGE =
            """
            usage: java -jar demo-exec.jar [options]

              --control-plane URL     control plane to use (default %s)
              --api-key-file PATH     file holding the admin API key
              --api-key KEY           the admin API key itself
                                      (without either, the key is read from $%s)
              --rows N                data rows to run, at least 1 (default %d)
              --timeout-seconds N     how long to wait for the run, at least 1 (default %d)
              --help                  show this text
            """
                    .formatted(DEFAULT_CONTROL_PLANE, KEY_ENV, DEFAULT_ROWS, DEFAULT_TIMEOUT_SECONDS);

    /**
     * Parses {@code args}, reading the key file if one is named and falling back to {@code env} for the key.
     *
     * @throws UsageException when an argument is unknown, malformed or out of range, or no key is available
     */
    static DemoOptions parse(String[] args, UnaryOperator<String> env) throws UsageException {
        URI controlPlane = DEFAULT_CONTROL_PLANE;
        String apiKey = null;
        Path apiKeyFile = null;
        int rows = DEFAULT_ROWS;
        int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            boolean inline = arg.startsWith("--") && equals > 0;
            String name = inline ? arg.substring(0, equals) : arg;
            if (!OPTIONS.contains(name)) {
                throw new UsageException("unknown argument: " + arg, true);
            }
            String value;
            if (inline) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException(name + " needs a value", true);
            }
            switch (name) {
                case "--control-plane" -> controlPlane = controlPlane(value);
                case "--api-key" -> apiKey = nonBlank(name, value);
                case "--api-key-file" -> apiKeyFile = Path.of(nonBlank(name, value));
                case "--rows" -> rows = positive(name, value);
                default -> timeoutSeconds = positive(name, value);
            }
        }
        if (apiKey != null && apiKeyFile != null) {
            throw new UsageException("give either --api-key or --api-key-file, not both", true);
        }
        String key = apiKey != null ? apiKey : apiKeyFile != null ? readKey(apiKeyFile) : env.apply(KEY_ENV);
        if (key == null || key.isBlank()) {
            throw new UsageException(
                    "no API key: pass --api-key-file PATH or --api-key KEY, or set " + KEY_ENV
                            + " (./gantry up writes the admin key to .gantry/admin-key)",
                    false);
        }
        return new DemoOptions(controlPlane, key.strip(), rows, Duration.ofSeconds(timeoutSeconds));
    }

    private static String nonBlank(String name, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(name + " must not be blank", true);
        }
        return value;
    }

    private static int positive(String name, String value) throws UsageException {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below together with numbers below 1
        }
        throw new UsageException(name + " must be a whole number of at least 1, got: " + value, true);
    }

    private static URI controlPlane(String value) throws UsageException {
        String trimmed = value.strip().replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (http && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below together with URLs that are not http(s)
        }
        throw new UsageException(
                "--control-plane must be an http(s) URL such as " + DEFAULT_CONTROL_PLANE + ", got: " + value, true);
    }

    private static String readKey(Path file) throws UsageException {
        try {
            String key = Files.readString(file).strip();
            if (key.isEmpty()) {
                throw new UsageException("the API key file " + file + " is empty", false);
            }
            return key;
        } catch (IOException e) {
            throw new UsageException("cannot read the API key file " + file + " (" + e + ")", false);
        }
    }
}
