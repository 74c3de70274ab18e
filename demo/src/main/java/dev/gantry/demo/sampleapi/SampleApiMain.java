package dev.gantry.demo.sampleapi;

/** Command-line entry point that runs the sample API until the process is killed. */
public final class SampleApiMain {

    private SampleApiMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port;
        try {
            port = parsePort(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SampleApiMain [--port N]");
            System.exit(2);
            return;
        }
        SampleApiServer server = SampleApiServer.start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sample-api-shutdown"));
        // Launchers read this exact line to learn the chosen port, so it must reach them immediately.
        System.out.println("sample-api listening on " + server.baseUri());
        System.out.flush();
        Thread.currentThread().join();
    }

    static int parsePort(String[] args) {
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            String value;
            if ("--port".equals(args[i])) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--port needs a value");
                }
                value = args[++i];
            } else if (args[i].startsWith("--port=")) {
                value = args[i].substring("--port=".length());
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
            port = parseValidPort(value);
        }
        return port;
    }

    private static int parseValidPort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below together with out-of-range values
        }
        throw new IllegalArgumentException("--port must be an integer between 0 and 65535, got: " + value);
    }
}
