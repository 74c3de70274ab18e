package dev.gantry.it;

import static dev.gantry.it.MetricReferences.ROOT;
import static dev.gantry.it.MetricReferences.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.MessagingNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The deployment files agree with the apps: every GANTRY_* variable compose and the Helm chart set is
 * one the apps read, ports, paths and queue names match, and the dashboards refer to the provisioned
 * datasource. No Docker engine nor Helm binary exists on the build machines, so the chart's templates
 * are checked as text and its values as YAML.
 */
class DeploymentFilesTest {
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path CHART = ROOT.resolve("helm/gantry");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(GANTRY_[A-Z0-9_]+)(?::([^}]*))?}");
    static final Pattern GANTRY_VARIABLE = Pattern.compile("\\bGANTRY_[A-Z0-9_]+\\b");

    static final Map<String, String> CONTROL_PLANE =
            placeholders(ROOT.resolve("control-plane/src/main/resources/control-plane.yml"));
    static final Map<String, String> WORKER = placeholders(ROOT.resolve("worker/src/main/resources/worker.yml"));

    /** The GANTRY_* variables a configuration file reads, with their defaults. */
    static Map<String, String> placeholders(Path file) {
        Map<String, String> found = new java.util.TreeMap<>();
        Matcher m = PLACEHOLDER.matcher(read(file));
        while (m.find()) {
            found.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        assertThat(found).as(file.toString()).isNotEmpty();
        return found;
    }

    static Set<String> variablesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = GANTRY_VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        return (Map<String, Object>) new Yaml().load(read(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    // --- compose -------------------------------------------------------------------------------

    @Test
    void composeHasEveryServiceWithAHealthCheckAndVolumes() {
        Map<String, Object> compose = yaml(DEPLOY.resolve("compose.yaml"));
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services)
                .containsOnlyKeys("postgres", "rabbitmq", "redis", "prometheus", "grafana", "control-plane", "worker");
        services.forEach((name, service) -> assertThat(map(service)).as(name).containsKey("healthcheck"));
        assertThat(map(compose.get("volumes")))
                .containsOnlyKeys("postgres-data", "rabbitmq-data", "redis-data", "prometheus-data", "grafana-data");
        assertThat(String.valueOf(map(services.get("rabbitmq")).get("image"))).contains("management");
        // workers scale: no fixed host port may collide between replicas
        assertThat(map(services.get("worker"))).doesNotContainKey("ports").doesNotContainKey("container_name");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeSetsOnlyVariablesTheAppsRead() {
        Map<String, Object> services = map(yaml(DEPLOY.resolve("compose.yaml")).get("services"));
        Map<String, Object> controlPlane =
                map(map(services.get("control-plane")).get("environment"));
        Map<String, Object> worker = map(map(services.get("worker")).get("environment"));
        assertThat(gantryKeys(controlPlane)).isSubsetOf(CONTROL_PLANE.keySet());
        assertThat(gantryKeys(worker)).isSubsetOf(WORKER.keySet());
        for (Map<String, Object> env : List.of(controlPlane, worker)) {
            assertThat(env)
                    .containsKeys("GANTRY_DB_URL", "GANTRY_ENCRYPTION_KEY", "GANTRY_RABBIT_HOST", "GANTRY_REDIS_HOST");
            assertThat(env.get("GANTRY_ADDRESS"))
                    .as("containers listen on every interface")
                    .isEqualTo("0.0.0.0");
        }
        assertThat(controlPlane.get("GANTRY_ENCRYPTION_KEY")).isEqualTo(worker.get("GANTRY_ENCRYPTION_KEY"));

        // Prometheus scrapes the ports the apps listen on
        String prometheus = read(DEPLOY.resolve("prometheus/prometheus.yml"));
        assertThat(prometheus)
                .contains("names: [control-plane]\n        type: A\n        port: "
                        + controlPlane.get("GANTRY_MANAGEMENT_PORT"))
                .contains("names: [worker]\n        type: A\n        port: " + worker.get("GANTRY_WORKER_PORT"))
                .contains("metrics_path: /actuator/prometheus");

        // a stopping worker gets the time to finish what it holds
        Duration shutdown = DurationStyle.detectAndParse(String.valueOf(worker.get("GANTRY_WORKER_SHUTDOWN_TIMEOUT")));
        Duration grace = DurationStyle.detectAndParse(
                String.valueOf(map(services.get("worker")).get("stop_grace_period")));
        assertThat(grace).isGreaterThan(shutdown);
        List<String> volumes = (List<String>) map(services.get("prometheus")).get("volumes");
        assertThat(volumes).anyMatch(v -> v.startsWith("./prometheus/alerts.yml:"));
    }

    static Set<String> gantryKeys(Map<String, Object> environment) {
        Set<String> keys = new TreeSet<>(environment.keySet());
        keys.removeIf(k -> !k.startsWith("GANTRY_"));
        assertThat(keys).isNotEmpty();
        return keys;
    }

    // --- Helm --------------------------------------------------------------------------------

    @Test
    void helmSetsOnlyVariablesTheAppsRead() {
        String common = read(CHART.resolve("templates/_helpers.tpl"));
        String controlPlane = read(CHART.resolve("templates/control-plane-deployment.yaml"));
        String worker = read(CHART.resolve("templates/worker-deployment.yaml"));
        Set<String> shared = variablesIn(common);
        assertThat(shared).contains("GANTRY_DB_URL", "GANTRY_ENCRYPTION_KEY", "GANTRY_RABBIT_HOST", "GANTRY_ADDRESS");
        assertThat(shared).as("both apps read the shared settings").isSubsetOf(CONTROL_PLANE.keySet());
        assertThat(shared).isSubsetOf(WORKER.keySet());
        assertThat(controlPlane).contains("include \"gantry.commonEnv\"");
        assertThat(worker).contains("include \"gantry.commonEnv\"");
        assertThat(variablesIn(controlPlane)).isSubsetOf(CONTROL_PLANE.keySet()).contains("GANTRY_PORT");
        assertThat(variablesIn(worker))
                .isSubsetOf(WORKER.keySet())
                .contains("GANTRY_WORKER_PORT", "GANTRY_WORKER_PARTITIONS", "GANTRY_WORKER_SHUTDOWN_TIMEOUT");

        // every key the deployments take from the ConfigMap or the Secret is there
        Set<String> configMap = variablesIn(read(CHART.resolve("templates/configmap.yaml")));
        Set<String> secret = variablesIn(read(CHART.resolve("templates/secret.yaml")));
        Set<String> referenced = new HashSet<>();
        Matcher m = Pattern.compile("(configMapKeyRef|secretKeyRef): \\{name: [^,]+, key: (\\w+)}")
                .matcher(common + controlPlane + worker);
        while (m.find()) {
            referenced.add(m.group(2));
            assertThat(m.group(1).equals("configMapKeyRef") ? configMap : secret)
                    .as(m.group())
                    .contains(m.group(2));
        }
        assertThat(referenced).contains("GANTRY_DB_PASSWORD", "GANTRY_ENCRYPTION_KEY", "GANTRY_DB_URL");
        assertThat(secret)
                .contains("GANTRY_DB_PASSWORD", "GANTRY_RABBIT_PASSWORD", "GANTRY_ENCRYPTION_KEY", "GANTRY_ADMIN_KEY");
    }

    @Test
    void helmValuesMatchTheAppsDefaults() {
        Map<String, Object> values = yaml(CHART.resolve("values.yaml"));
        Map<String, Object> controlPlane = map(values.get("controlPlane"));
        Map<String, Object> worker = map(values.get("worker"));
        Map<String, Object> keda = map(map(values.get("autoscaling")).get("keda"));
        assertThat(String.valueOf(controlPlane.get("port"))).isEqualTo(CONTROL_PLANE.get("GANTRY_PORT"));
        assertThat(String.valueOf(worker.get("port"))).isEqualTo(WORKER.get("GANTRY_WORKER_PORT"));
        assertThat(String.valueOf(worker.get("concurrency"))).isEqualTo(WORKER.get("GANTRY_WORKER_CONCURRENCY"));
        assertThat(String.valueOf(worker.get("partitions"))).isEqualTo(WORKER.get("GANTRY_WORKER_PARTITIONS"));
        assertThat(keda.get("messagesPerWorker"))
                .as("one worker replica per this many partition requests: the partitions a worker holds")
                .isEqualTo(worker.get("partitions"));
        assertThat(values.get("messagingPrefix")).isEqualTo(MessagingNames.DEFAULT_PREFIX);
        assertThat(values.get("redisPrefix")).isEqualTo(CONTROL_PLANE.get("GANTRY_REDIS_PREFIX"));
        assertThat((Integer) controlPlane.get("replicas")).isGreaterThanOrEqualTo(2);

        Duration shutdown = DurationStyle.detectAndParse(String.valueOf(worker.get("shutdownTimeout")));
        assertThat(Duration.ofSeconds((Integer) worker.get("terminationGracePeriodSeconds")))
                .as("the grace period covers the shutdown timeout and the preStop pause")
                .isGreaterThan(shutdown.plusSeconds(5));
        assertThat(shutdown).isEqualTo(DurationStyle.detectAndParse(WORKER.get("GANTRY_WORKER_SHUTDOWN_TIMEOUT")));
    }

    @Test
    void helmScalesWorkersOnThePartitionQueueWithAnHpaFallbackAndProbesTheActuator() {
        String autoscaling = read(CHART.resolve("templates/worker-autoscaling.yaml"));
        String queueSuffix = new MessagingNames("").partitionQueue();
        assertThat(autoscaling)
                .contains("kind: ScaledObject", "type: rabbitmq", "mode: QueueLength", "fallback:")
                .contains("printf \"%s" + queueSuffix + "\" .Values.messagingPrefix")
                .contains("{{- else if .Values.autoscaling.hpa.enabled }}", "kind: HorizontalPodAutoscaler");
        String helpers = read(CHART.resolve("templates/_helpers.tpl"));
        assertThat(helpers).contains("path: /actuator/health/liveness", "path: /actuator/health/readiness");
        for (String deployment : List.of("control-plane-deployment.yaml", "worker-deployment.yaml")) {
            assertThat(read(CHART.resolve("templates/" + deployment)))
                    .contains(
                            "include \"gantry.probes\"",
                            "terminationGracePeriodSeconds",
                            "preStop",
                            "runAsNonRoot: true");
        }
        assertThat(read(CHART.resolve("templates/servicemonitor.yaml")))
                .contains("kind: ServiceMonitor", "path: /actuator/prometheus", "jobLabel: gantry.dev/job");
        assertThat(read(CHART.resolve("templates/services.yaml"))).contains("gantry.dev/job: gantry-{{ $component }}");
        assertThat(read(CHART.resolve("templates/pdb.yaml"))).contains("kind: PodDisruptionBudget");
        assertThat(yaml(CHART.resolve("Chart.yaml")))
                .containsEntry("apiVersion", "v2")
                .containsEntry("name", "gantry");
    }

    // --- Grafana and the image -------------------------------------------------------------------

    @Test
    void dashboardsUseTheProvisionedDatasource() {
        Map<String, Object> provisioning = yaml(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> datasource = ((List<Map<String, Object>>) provisioning.get("datasources")).getFirst();
        String uid = (String) datasource.get("uid");
        Set<String> uids = new HashSet<>();
        List<Path> files = MetricReferences.dashboardFiles();
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("farm-overview.json", "runs.json", "workers.json", "plans.json");
        for (Path file : files) {
            JsonNode dashboard = Api.JSON.readTree(read(file));
            assertThat(uids.add(dashboard.get("uid").asString()))
                    .as("unique uid in " + file)
                    .isTrue();
            assertThat(dashboard.get("title").asString()).startsWith("Gantry");
            for (JsonNode panel : dashboard.get("panels")) {
                if (panel.get("type").asString().equals("row")) {
                    continue;
                }
                String where = file.getFileName() + " '" + panel.get("title").asString() + "'";
                assertThat(panel.path("datasource").path("uid").asString())
                        .as(where)
                        .isEqualTo(uid);
                assertThat(panel.path("targets").size()).as(where).isPositive();
                panel.get("targets")
                        .forEach(t ->
                                assertThat(t.path("expr").asString()).as(where).isNotBlank());
                JsonNode grid = panel.get("gridPos");
                assertThat(grid.get("x").asInt() + grid.get("w").asInt())
                        .as(where)
                        .isLessThanOrEqualTo(24);
            }
        }
        // the provider's path is where compose mounts the dashboards
        String provider = read(DEPLOY.resolve("grafana/provisioning/dashboards/gantry.yml"));
        Matcher path = Pattern.compile("path: (\\S+)").matcher(provider);
        assertThat(path.find()).isTrue();
        assertThat(read(DEPLOY.resolve("compose.yaml"))).contains("./grafana/dashboards:" + path.group(1) + ":ro");
    }

    @Test
    void theImageIsLayeredNonRootAndSizedForContainers() {
        String dockerfile = read(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("eclipse-temurin:21-jre")
                .contains("-Djarmode=tools -jar app.jar extract --layers --launcher")
                .contains("-XX:MaxRAMPercentage=75")
                .contains("COPY ${MODULE}/target/${MODULE}-*-exec.jar")
                .contains("org.springframework.boot.loader.launch.JarLauncher");
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
        assertThat(user.find()).isTrue();
        assertThat(user.group(1)).doesNotStartWith("0").isNotEqualTo("root");
    }
}
