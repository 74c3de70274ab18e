package dev.gantry.cli;

/** Anything that keeps the CLI from getting a verdict: exit code 2. */
final class InfrastructureException extends RuntimeException {
    InfrastructureException(String message) {
        super(message);
    }
}
