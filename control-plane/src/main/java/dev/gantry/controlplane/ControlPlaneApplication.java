package dev.gantry.controlplane;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The control plane: admin REST API, run triggers, Spring Batch manager jobs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ControlPlaneApplication {

    /**
     * A builder with the control plane's own configuration file name, so that it can share a JVM
     * (and a classpath) with workers in tests without reading their configuration.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ControlPlaneApplication.class)
                .properties(Map.of("spring.config.name", "control-plane"));
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
