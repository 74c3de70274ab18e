package dev.gantry.worker;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A stateless worker: executes partitions of runs received over RabbitMQ. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    /**
     * A builder with the worker's own configuration file name, so that several workers and a control
     * plane can share one JVM in tests without reading each other's configuration.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WorkerApplication.class).properties(Map.of("spring.config.name", "worker"));
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
