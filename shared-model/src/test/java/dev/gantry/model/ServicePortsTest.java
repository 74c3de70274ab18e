package dev.gantry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicePortsTest {
    @Test
    void theFarmsServicesAreRefusedByDefaultAndTheAppsOwnPortsAdded() {
        Map<String, String> settings = new HashMap<>();
        settings.put("spring.datasource.url", "jdbc:postgresql://db.internal:6432/gantry");
        settings.put("spring.rabbitmq.port", "5673");
        settings.put("gantry.redis.address", "redis://cache:6380");
        settings.put("management.server.port", "19080");
        settings.put("server.port", "8080");
        ServicePorts ports = ServicePorts.configured(settings::get, "management.server.port");

        assertThat(ports.refused())
                .containsAll(ServicePorts.DEFAULTS)
                .contains(6432, 5673, 6380, 19080)
                .doesNotContain(8080, 80, 443);
        assertThat(ports.refusal("http", 6379))
                .contains("port 6379 is one of the farm's own services")
                .contains("gantry.targets.allowed-service-ports");
        assertThat(ports.refusal("http", -1)).isNull();
        assertThat(ports.refusal("https", -1)).isNull();
        assertThat(ports.refusal("http", 8080)).isNull();
    }

    @Test
    void anOperatorListsTheServicePortsAndTakesPortsOffTheList() {
        Map<String, String> settings = new HashMap<>();
        settings.put("gantry.targets.service-ports", "80, 7000");
        settings.put("gantry.targets.allowed-service-ports", "7000");
        ServicePorts ports = ServicePorts.configured(settings::get);

        assertThat(ports.refused()).containsExactly(80);
        assertThat(ports.refusal("http", -1)).contains("port 80");
        assertThat(ports.refusal("http", 7000)).isNull();

        settings.put("gantry.targets.allowed-service-ports", "six");
        assertThatThrownBy(() -> ServicePorts.configured(settings::get)).hasMessageContaining("'six' is not a port");
    }
}
