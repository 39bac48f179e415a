package dev.orchestra.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart ({@code deploy/helm/orchestra}) rendered with its default values, written to
 * {@code target/kubernetes/orchestra.yaml} (the manifests {@code ./mvnw verify} leaves for {@code kubectl apply})
 * and read back with the fabric8 Kubernetes model: every object parses as its kind, and the pieces that make
 * the server run well on Kubernetes are there and agree with each other and with the server's settings.
 */
class KubernetesManifestsTest {

    private static final Path CHART = Path.of("deploy/helm/orchestra");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The server's resident memory under full load with -Xmx128m (README, "Performance"): at most 300 MB. */
    private static final Quantity MEASURED_RSS = new Quantity("300Mi");

    private static Map<String, String> documents;

    @BeforeAll
    static void render() throws IOException {
        String manifests = ChartRenderer.render(CHART, "orchestra", Map.of());
        Path out = Path.of("target/kubernetes/orchestra.yaml");
        Files.createDirectories(out.getParent());
        Files.writeString(out, manifests);
        documents = byKind(manifests);
    }

    private static Map<String, String> byKind(String manifests) throws IOException {
        Map<String, String> kinds = new HashMap<>();
        for (String doc : manifests.split("(?m)^---$")) {
            if (doc.isBlank()) {
                continue;
            }
            String kind = (String) YAML.readValue(doc, Map.class).get("kind");
            assertNotNull(kind, doc);
            assertEquals(null, kinds.put(kind, doc), "one " + kind);
        }
        return kinds;
    }

    private static <T> T read(String kind, Class<T> type) throws IOException {
        assertTrue(documents.containsKey(kind), "no " + kind + " in " + documents.keySet());
        return YAML.readValue(documents.get(kind), type);
    }

    private static Container container() throws IOException {
        List<Container> containers = read("Deployment", Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers();
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    @Test
    void everyObjectIsThere() {
        assertEquals(java.util.Set.of("ConfigMap", "ServiceAccount", "Deployment", "Service", "PodDisruptionBudget",
                "HorizontalPodAutoscaler"), documents.keySet());
    }

    @Test
    void probesUseTheHealthEndpointsOnTheHttpPort() throws IOException {
        Container c = container();
        assertEquals(4200, c.getPorts().get(0).getContainerPort());
        assertEquals("http", c.getPorts().get(0).getName());
        Map<String, Probe> probes = Map.of("/q/health/started", c.getStartupProbe(), "/q/health/live",
                c.getLivenessProbe(), "/q/health/ready", c.getReadinessProbe());
        probes.forEach((path, probe) -> {
            assertNotNull(probe, path);
            assertEquals(path, probe.getHttpGet().getPath());
            assertEquals("http", probe.getHttpGet().getPort().getStrVal());
        });
        Probe startup = c.getStartupProbe();
        assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= 60,
                "a slow first start (migrations, a loaded node) gets at least a minute");
    }

    @Test
    void theServiceExposesPort4200() throws IOException {
        Service service = read("Service", Service.class);
        assertEquals(4200, service.getSpec().getPorts().get(0).getPort());
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        Map<String, String> podLabels = read("Deployment", Deployment.class).getSpec().getTemplate().getMetadata()
                .getLabels();
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
    }

    @Test
    void itRunsAsNonRootOnAReadOnlyRootFilesystemWithAnEmptyDirOnTmp() throws IOException {
        PodSpec pod = read("Deployment", Deployment.class).getSpec().getTemplate().getSpec();
        PodHardening.assertHardened(pod, container());
        assertEquals(read("ServiceAccount", ServiceAccount.class).getMetadata().getName(),
                pod.getServiceAccountName());
    }

    @Test
    void theDatabaseUrlComesFromASecretAndTheSettingsFromTheConfigMap() throws IOException {
        Container c = container();
        EnvVar url = c.getEnv().stream().filter(e -> e.getName().equals("ORCHESTRA_DATABASE_URL")).findFirst()
                .orElseThrow();
        assertEquals("orchestra-database", url.getValueFrom().getSecretKeyRef().getName());
        assertEquals("url", url.getValueFrom().getSecretKeyRef().getKey());
        assertTrue(c.getEnv().stream().allMatch(e -> e.getValue() == null), "no literal value: settings live in"
                + " the ConfigMap, secrets in the Secret");
        ConfigMap config = read("ConfigMap", ConfigMap.class);
        assertEquals(config.getMetadata().getName(), c.getEnvFrom().get(0).getConfigMapRef().getName());
        String readme = Files.readString(Path.of("README.md"));
        for (String variable : config.getData().keySet()) {
            assertTrue(readme.contains("`" + variable + "`"), variable + " is a setting README documents");
        }
    }

    @Test
    void terminationWaitsLongerThanTheShutdownDelayAndTimeout() throws IOException {
        Map<String, String> data = read("ConfigMap", ConfigMap.class).getData();
        Duration delay = Duration.parse("PT" + data.get("QUARKUS_SHUTDOWN_DELAY").toUpperCase());
        Duration timeout = Duration.parse("PT" + data.get("QUARKUS_SHUTDOWN_TIMEOUT").toUpperCase());
        long grace = read("Deployment", Deployment.class).getSpec().getTemplate().getSpec()
                .getTerminationGracePeriodSeconds();
        assertTrue(grace > delay.plus(timeout).toSeconds(), grace + " s <= " + delay + " + " + timeout);
    }

    @Test
    void resourcesFitTheMeasuredFootprint() throws IOException {
        var resources = container().getResources();
        Quantity memoryRequest = resources.getRequests().get("memory");
        Quantity memoryLimit = resources.getLimits().get("memory");
        assertTrue(bytes(memoryRequest).compareTo(bytes(MEASURED_RSS)) > 0, "request above the measured RSS");
        assertTrue(bytes(memoryLimit).compareTo(bytes(memoryRequest)) >= 0);
        assertTrue(bytes(resources.getLimits().get("cpu")).compareTo(bytes(resources.getRequests().get("cpu"))) >= 0);
        assertTrue(bytes(resources.getRequests().get("cpu")).compareTo(new BigDecimal("0.25")) >= 0);
    }

    @Test
    void aDisruptionBudgetAndAnAutoscalerKeepReplicasUp() throws IOException {
        Deployment deployment = read("Deployment", Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        PodDisruptionBudget pdb = read("PodDisruptionBudget", PodDisruptionBudget.class);
        assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal());
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(deployment.getSpec().getReplicas() > pdb.getSpec().getMinAvailable().getIntVal(),
                "a node drain can proceed");
        HorizontalPodAutoscaler hpa = read("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
        assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        assertEquals(70, hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
    }

    @Test
    void valuesChangeTheManifests() throws IOException {
        Map<String, String> kinds = byKind(ChartRenderer.render(CHART, "prefect", Map.of("autoscaling.enabled", false,
                "database.secretName", "prefect-postgresql-connection", "database.secretKey", "connection-string")));
        assertFalse(kinds.containsKey("HorizontalPodAutoscaler"));
        Deployment deployment = YAML.readValue(kinds.get("Deployment"), Deployment.class);
        assertEquals("prefect", deployment.getMetadata().getName());
        var secret = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValueFrom()
                .getSecretKeyRef();
        assertEquals("prefect-postgresql-connection", secret.getName());
        assertEquals("connection-string", secret.getKey());
    }

    @Test
    void theRendererRefusesTemplateSyntaxItDoesNotKnow() throws IOException {
        ChartRenderer renderer = new ChartRenderer(CHART, "x", Map.of());
        assertThrows(IllegalArgumentException.class, () -> renderer.renderTemplate("a: {{ toYaml .Values.resources }}",
                "t"));
        assertThrows(IllegalArgumentException.class, () -> renderer.renderTemplate("a: {{ .Values.resources }}", "t"));
        assertThrows(IllegalArgumentException.class, () -> renderer.renderTemplate("a: {{ .Values.nope }}", "t"));
        assertThrows(IllegalArgumentException.class, () -> renderer.renderTemplate("{{- if .Values.autoscaling.enabled }}",
                "t"));
    }

    /** The JVM image: its AppCDS archive is made in the image by the JDK that runs it, for the jar it runs. */
    @Test
    void theJvmImageMakesItsOwnAppCdsArchiveAndRunsAsTheChartsUser() throws IOException {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        Matcher generate = Pattern.compile("RUN java -XX:ArchiveClassesAtExit=(\\S+) -Dquarkus.appcds.generate=true"
                + " \\\\\\s+-jar (\\S+)").matcher(dockerfile);
        assertTrue(generate.find(), "the archive is generated in the image");
        assertTrue(dockerfile.contains("-XX:SharedArchiveFile=" + generate.group(1)), "and used");
        assertTrue(dockerfile.contains("ENV JAVA_APP_JAR=\"" + generate.group(2) + "\""), "for the same jar path");
        assertFalse(dockerfile.contains("app-cds.jsa /deployments"), "the build's archive (another JDK) is not copied");
        assertTrue(dockerfile.contains("-XX:+UseSerialGC") && dockerfile.contains("-Xmx64m")
                && dockerfile.contains("ENV MALLOC_ARENA_MAX=2"), "the JVM settings README recommends");
        Matcher user = Pattern.compile("(?m)^USER (\\d+)$").matcher(dockerfile);
        assertTrue(user.find());
        assertEquals(user.group(1), String.valueOf(read("Deployment", Deployment.class).getSpec().getTemplate()
                .getSpec().getSecurityContext().getRunAsUser()));
        assertTrue(dockerfile.contains("EXPOSE 4200"));
        for (String file : List.of("Dockerfile.jvm", "Dockerfile.native-micro")) {
            String text = Files.readString(Path.of("src/main/docker", file));
            for (String variable : List.of("ORCHESTRA_DATABASE_URL", "PREFECT_API_DATABASE_CONNECTION_URL",
                    "QUARKUS_HTTP_PORT", "QUARKUS_SHUTDOWN_DELAY")) {
                assertTrue(text.contains(variable), file + " documents " + variable);
            }
        }
    }

    private static BigDecimal bytes(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }
}
