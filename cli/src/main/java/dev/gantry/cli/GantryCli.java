package dev.gantry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gantry-cli}: Gantry from a CI job. Exit codes: 0 the run passed, 1 it ran and some test
 * failed, 2 no verdict (control plane unreachable, a refused request, a run that ended in ERROR,
 * was cancelled or did not end in time).
 */
@Command(
        name = "gantry-cli",
        mixinStandardHelpOptions = true,
        version = "gantry-cli 0.1.0",
        description = "Triggers Gantry runs from CI, waits for their verdict and writes their reports.",
        subcommands = {RunCommand.class},
        exitCodeOnInvalidInput = GantryCli.INFRASTRUCTURE,
        exitCodeOnExecutionException = GantryCli.INFRASTRUCTURE)
public final class GantryCli implements Runnable {
    public static final int PASSED = 0;
    public static final int TEST_FAILURES = 1;
    public static final int INFRASTRUCTURE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        return new CommandLine(new GantryCli());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
