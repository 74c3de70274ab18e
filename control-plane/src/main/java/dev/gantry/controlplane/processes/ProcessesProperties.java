package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.bodies.BodyLimitSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on an imported BPMN diagram, checked before the document is built in memory. A modeller's
 * diagram of a large process (200 elements with their shapes and edges) is about 150 KiB; one of
 * 2,000 elements, the largest we have seen maintained by hand, about 1.5 MiB.
 *
 * @param maxBytes    largest document accepted; 8 MiB
 * @param maxElements most flow elements, pools and lanes in a diagram; 5,000
 * @param maxXmlNodes most XML elements in the document (shapes, waypoints, extensions included); 200,000
 * @param maxDepth    deepest nesting of XML elements; 64 (sub-processes nest a few levels deep)
 */
@ConfigurationProperties("gantry.processes")
public record ProcessesProperties(
        @DefaultValue("8MB") DataSize maxBytes,
        @DefaultValue("5000") int maxElements,
        @DefaultValue("200000") int maxXmlNodes,
        @DefaultValue("64") int maxDepth)
        implements BodyLimitSource {
    /** The upload's limit, as {@link dev.gantry.controlplane.bodies.BodyLimit} names it. */
    public static final String MAX_BYTES = "gantry.processes.max-bytes";

    @Override
    public Map<String, Long> bodyLimits() {
        return Map.of(MAX_BYTES, maxBytes.toBytes());
    }
}
