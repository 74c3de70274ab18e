package dev.gantry.controlplane.bodies;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The largest request body each kind of endpoint reads; a larger one answers 413
 * {@code body-too-large} naming the property, before it is read when its {@code Content-Length}
 * says so, and as soon as it passes the limit when it is streamed (chunked). The defaults leave tens
 * of times what real bodies weigh, and keep what one request can make the control plane hold (a
 * body becomes a tree of objects several times its size) far below its heap.
 *
 * @param other       every JSON body without a limit of its own (projects, suites, schedules, run
 *                    triggers, plans, tenants, hooks, quarantine, generation requests): these weigh
 *                    well under 2 KiB, a suite's variables a few KiB; 64 KiB
 * @param testCase    a test case ({@code POST /suites/{id}/cases}, {@code PUT /cases/{id}}): a few
 *                    KiB usually, more with a JSON Schema taken from a specification or inline
 *                    multipart contents; 256 KiB
 * @param environment an environment: base URL, variables, secrets, default headers, a few KiB; also a
 *                    Postman environment file, whose values weigh about twice as much in its form; 64 KiB
 * @param dataSet     a data set, JSON, CSV or a Newman data file: up to 200,000 rows; 100,000 rows of one short column
 *                    (the benchmark's) weigh 2.1 MB, 200,000 rows of a few columns about 16 MB; 16 MiB
 * @param webhook     a CI webhook delivery: GitHub sends up to 25 MB, but a push lists at most 20
 *                    commits and weighs 5 to 30 KiB, a pull request event 20 to 40 KiB, and Gantry
 *                    reads only suite, environment, commit, branch and callback; 1 MiB
 * @param postman     a Postman collection: saved example responses make real ones a few MiB; 8 MiB
 */
@ConfigurationProperties("gantry.bodies")
public record BodiesProperties(
        @DefaultValue(DEFAULT_OTHER) DataSize other,
        @DefaultValue(DEFAULT_TEST_CASE) DataSize testCase,
        @DefaultValue(DEFAULT_ENVIRONMENT) DataSize environment,
        @DefaultValue(DEFAULT_DATA_SET) DataSize dataSet,
        @DefaultValue(DEFAULT_WEBHOOK) DataSize webhook,
        @DefaultValue(DEFAULT_POSTMAN) DataSize postman)
        implements BodyLimitSource {
    public static final String OTHER = "gantry.bodies.other";
    public static final String TEST_CASE = "gantry.bodies.test-case";
    public static final String ENVIRONMENT = "gantry.bodies.environment";
    public static final String DATA_SET = "gantry.bodies.data-set";
    public static final String WEBHOOK = "gantry.bodies.webhook";
    public static final String POSTMAN = "gantry.bodies.postman";

    static final String DEFAULT_OTHER = "64KB";
    static final String DEFAULT_TEST_CASE = "256KB";
    static final String DEFAULT_ENVIRONMENT = "64KB";
    static final String DEFAULT_DATA_SET = "16MB";
    static final String DEFAULT_WEBHOOK = "1MB";
    static final String DEFAULT_POSTMAN = "8MB";

    public BodiesProperties {
        for (Map.Entry<String, Long> limit :
                limits(other, testCase, environment, dataSet, webhook, postman).entrySet()) {
            if (limit.getValue() < 1) {
                throw new IllegalArgumentException(limit.getKey() + " must be at least 1 byte");
            }
        }
    }

    /** The defaults, as an application without settings has them. */
    public static BodiesProperties defaults() {
        return new BodiesProperties(
                DataSize.parse(DEFAULT_OTHER),
                DataSize.parse(DEFAULT_TEST_CASE),
                DataSize.parse(DEFAULT_ENVIRONMENT),
                DataSize.parse(DEFAULT_DATA_SET),
                DataSize.parse(DEFAULT_WEBHOOK),
                DataSize.parse(DEFAULT_POSTMAN));
    }

    @Override
    public Map<String, Long> bodyLimits() {
        return limits(other, testCase, environment, dataSet, webhook, postman);
    }

    private static Map<String, Long> limits(
            DataSize other,
            DataSize testCase,
            DataSize environment,
            DataSize dataSet,
            DataSize webhook,
            DataSize postman) {
        return Map.of(
                OTHER, bytes(other),
                TEST_CASE, bytes(testCase),
                ENVIRONMENT, bytes(environment),
                DATA_SET, bytes(dataSet),
                WEBHOOK, bytes(webhook),
                POSTMAN, bytes(postman));
    }

    private static long bytes(DataSize size) {
        return size == null ? 0 : size.toBytes();
    }
}
