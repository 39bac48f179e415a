package dev.orchestra.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests the Quarkus Kubernetes extension writes during {@code package} ({@code target/kubernetes/kubernetes.yml},
 * hence an *IT: failsafe runs after {@code package}), read with the fabric8 model: the same probes, ports, security
 * context, Secret and ConfigMap, resources and grace period as the Helm chart ({@link KubernetesManifestsTest}).
 */
class GeneratedKubernetesManifestsIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static Map<String, String> documents;

    @BeforeAll
    static void load() throws IOException {
        documents = new HashMap<>();
        for (String doc : Files.readString(Path.of("target/kubernetes/kubernetes.yml")).split("(?m)^---$")) {
            if (!doc.isBlank()) {
                String kind = (String) YAML.readValue(doc, Map.class).get("kind");
                assertEquals(null, documents.put(kind, doc), "one " + kind);
            }
        }
    }

    private static <T> T read(String kind, Class<T> type) throws IOException {
        assertTrue(documents.containsKey(kind), "no " + kind + " in " + documents.keySet());
        return YAML.readValue(documents.get(kind), type);
    }

    private static PodSpec pod() throws IOException {
        return read("Deployment", Deployment.class).getSpec().getTemplate().getSpec();
    }

    private static Container container() throws IOException {
        List<Container> containers = pod().getContainers();
        assertEquals(1, containers.size(), "no init or sidecar container");
        return containers.get(0);
    }

    @Test
    void theObjectsAreTheDeploymentServiceConfigMapAndDisruptionBudget() {
        assertEquals(java.util.Set.of("Deployment", "Service", "ConfigMap", "PodDisruptionBudget"),
                documents.keySet(), "no Flyway init Job, no ServiceMonitor");
    }

    @Test
    void probesUseTheHealthEndpointsOnPort4200() throws IOException {
        Container c = container();
        assertEquals(4200, c.getPorts().get(0).getContainerPort());
        assertEquals(null, c.getPorts().get(0).getHostPort());
        Map<String, Probe> probes = Map.of("/q/health/started", c.getStartupProbe(), "/q/health/live",
                c.getLivenessProbe(), "/q/health/ready", c.getReadinessProbe());
        probes.forEach((path, probe) -> {
            assertNotNull(probe, path);
            assertEquals(path, probe.getHttpGet().getPath());
            assertEquals(4200, probe.getHttpGet().getPort().getIntVal());
        });
        assertTrue(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold() >= 60);
    }

    @Test
    void theServiceExposesPort4200() throws IOException {
        Service service = read("Service", Service.class);
        assertEquals(4200, service.getSpec().getPorts().get(0).getPort());
        Map<String, String> podLabels = read("Deployment", Deployment.class).getSpec().getTemplate().getMetadata()
                .getLabels();
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        assertFalse(service.getSpec().getSelector().containsKey("app.kubernetes.io/version"),
                "a rollout to a new version keeps the Service's endpoints");
    }

    @Test
    void itRunsAsNonRootOnAReadOnlyRootFilesystemWithAnEmptyDirOnTmp() throws IOException {
        PodSpec pod = pod();
        PodHardening.assertHardened(pod, container());
        assertEquals(185, pod.getSecurityContext().getRunAsUser());
    }

    @Test
    void theDatabaseUrlComesFromASecretAndTheSettingsFromTheConfigMap() throws IOException {
        Container c = container();
        EnvVar url = c.getEnv().stream().filter(e -> e.getName().equals("ORCHESTRA_DATABASE_URL")).findFirst()
                .orElseThrow();
        assertEquals("orchestra-database", url.getValueFrom().getSecretKeyRef().getName());
        assertEquals("url", url.getValueFrom().getSecretKeyRef().getKey());
        assertTrue(c.getEnv().stream().allMatch(e -> e.getValue() == null), "no literal values");
        ConfigMap config = read("ConfigMap", ConfigMap.class);
        assertEquals(config.getMetadata().getName(), c.getEnvFrom().get(0).getConfigMapRef().getName());
        assertEquals("2", config.getData().get("MALLOC_ARENA_MAX"), "as in Dockerfile.jvm");
    }

    @Test
    void terminationWaitsLongerThanTheShutdownDelayAndTimeout() throws IOException {
        Map<String, String> data = read("ConfigMap", ConfigMap.class).getData();
        Duration delay = Duration.parse("PT" + data.get("QUARKUS_SHUTDOWN_DELAY").toUpperCase());
        Duration timeout = Duration.parse("PT" + data.get("QUARKUS_SHUTDOWN_TIMEOUT").toUpperCase());
        assertTrue(pod().getTerminationGracePeriodSeconds() > delay.plus(timeout).toSeconds());
    }

    @Test
    void resourcesAreTheCharts() throws IOException {
        var resources = container().getResources();
        assertEquals(new Quantity("500m"), resources.getRequests().get("cpu"));
        assertEquals(new Quantity("384Mi"), resources.getRequests().get("memory"));
        assertEquals(new Quantity("2"), resources.getLimits().get("cpu"));
        assertEquals(new Quantity("512Mi"), resources.getLimits().get("memory"));
    }

    @Test
    void aDisruptionBudgetKeepsOnePodUp() throws IOException {
        Deployment deployment = read("Deployment", Deployment.class);
        PodDisruptionBudget pdb = read("PodDisruptionBudget", PodDisruptionBudget.class);
        assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal());
        assertTrue(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(deployment.getSpec().getReplicas() > 1, "a node drain can proceed");
    }
}
