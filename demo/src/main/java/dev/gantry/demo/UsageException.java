package dev.gantry.demo;

/** The command line cannot be used as given; the demo exits with status 2. */
final class UsageException extends Exception {

    private final boolean showUsage;

    UsageException(String message, boolean showUsage) {
        super(message);
        this.showUsage = showUsage;
    }

    /** Whether the full usage text helps; a missing key is better explained by the message alone. */
    boolean showUsage() {
        return showUsage;
    }
}
