package dev.gantry.demo;

import dev.gantry.client.GantryApiException;
import dev.gantry.client.GantryClientException;
import dev.gantry.client.GantryUnreachableException;
import java.io.PrintStream;
import java.util.Arrays;

/** Entry point of the demo: runs the bundled sample API through a Gantry control plane and checks the result. */
public final class DemoMain {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private DemoMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(DemoOptions.USAGE);
            return OK;
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, System::getenv);
        } catch (UsageException e) {
            err.println("demo: " + e.getMessage());
            if (e.showUsage()) {
                err.print(DemoOptions.USAGE);
            }
            return USAGE;
        }
        try {
            return new DemoRun(options, out, err, Terminal.detect(out)).execute() ? OK : FAILED;
        } catch (GantryApiException e) {
            err.println("demo: " + e.getMessage());
            err.println(e.body());
            if (e.status() == 401 || e.status() == 403) {
                err.println("hint: check the API key; ./gantry up writes the admin key to .gantry/admin-key");
            }
        } catch (GantryUnreachableException e) {
            err.println("demo: " + e.getMessage());
            err.println("hint: start the farm with ./gantry up, or point --control-plane at a running control plane");
        } catch (GantryClientException e) {
            err.println("demo: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("demo: interrupted");
        }
        return FAILED;
    }
}
