package com.convosensei.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.deploy.Manifests.Document;
import com.convosensei.deploy.Manifests.Folder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests, checked offline against the services: every document parses into a known kind, every
 * selector and scale target finds its Deployment, ports and probes point at what the service listens on, every
 * environment variable is one the service reads, and every kustomization lists its folder. Each check collects
 * all problems, so one run names every mistake.
 */
class ManifestsTest {

    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");
    private static final Set<String> KNOWN_KINDS = Set.of("v1/Namespace", "v1/ConfigMap", "v1/Service", "apps/v1/Deployment",
            "batch/v1/Job", "policy/v1/PodDisruptionBudget", "autoscaling/v2/HorizontalPodAutoscaler",
            "networking.k8s.io/v1/Ingress", "keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1/TriggerAuthentication");
    private static final String IMAGE_PREFIX = "ghcr.io/convosensei/sensei-";

    private static List<Folder> folders;
    private static final Map<String, ServiceConfig> SERVICES = new HashMap<>();

    @BeforeAll
    static void load() {
        folders = Manifests.folders();
        assertThat(folders).extracting(f -> Manifests.K8S.relativize(f.dir()).toString())
                .contains("base", "overlays/production");
    }

    @Test
    void everyDocument__isAKnownKind__andParsesIntoItsModel() {
        List<String> problems = new ArrayList<>();
        for (Folder folder : folders) {
            for (Document doc : folder.documents()) {
                HasMetadata r = doc.resource();
                if (!KNOWN_KINDS.contains(r.getApiVersion() + "/" + r.getKind())) {
                    problems.add(doc.describe() + ": unknown kind " + r.getApiVersion() + "/" + r.getKind());
                } else if (!r.getApiVersion().startsWith("keda.sh/") && r instanceof GenericKubernetesResource) {
                    problems.add(doc.describe() + ": did not parse into the Kubernetes model");
                }
                if (r.getMetadata() == null || r.getMetadata().getName() == null) {
                    problems.add(doc.describe() + ": no metadata.name");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyKustomization__listsEveryFileOfItsFolder__andNothingElse() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Folder folder : folders) {
            Set<String> onDisk = new TreeSet<>();
            try (Stream<Path> files = Files.list(folder.dir())) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).forEach(onDisk::add);
            }
            Set<String> listed = new TreeSet<>();
            for (String resource : folder.resources()) {
                Path target = folder.dir().resolve(resource).normalize();
                if (!Files.exists(target)) {
                    problems.add(Manifests.K8S.relativize(folder.dir()) + ": lists " + resource + ", which does not exist");
                } else if (!Files.isDirectory(target)) {
                    listed.add(resource);
                }
            }
            for (String file : onDisk) {
                if (!listed.contains(file)) {
                    problems.add(Manifests.K8S.relativize(folder.dir()) + "/" + file + " is not in its kustomization.yaml");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void selectorsAndScaleTargets__findTheirDeployment() {
        List<String> problems = new ArrayList<>();
        for (Folder folder : folders) {
            List<Document> rendered = Manifests.rendered(folder);
            Map<String, Deployment> deployments = new HashMap<>();
            Map<String, Service> servicesByName = new HashMap<>();
            for (Document doc : rendered) {
                if (doc.resource() instanceof Deployment d) {
                    deployments.put(d.getMetadata().getName(), d);
                    if (!d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                            .containsAll(d.getSpec().getSelector().getMatchLabels().entrySet())) {
                        problems.add(doc.describe() + ": selector does not match its own pod labels");
                    }
                } else if (doc.resource() instanceof Service s) {
                    servicesByName.put(s.getMetadata().getName(), s);
                }
            }
            Map<String, String> autoscaledBy = new HashMap<>();
            for (Document doc : rendered) {
                HasMetadata r = doc.resource();
                if (r instanceof Service s) {
                    List<Deployment> matched = deployments.values().stream()
                            .filter(d -> labels(d).entrySet().containsAll(s.getSpec().getSelector().entrySet())).toList();
                    if (matched.isEmpty()) {
                        problems.add(doc.describe() + ": selector " + s.getSpec().getSelector() + " matches no Deployment");
                    }
                    for (var port : s.getSpec().getPorts()) {
                        for (Deployment d : matched) {
                            if (!containerPorts(d.getSpec().getTemplate().getSpec()).contains(portValue(port.getTargetPort()))) {
                                problems.add(doc.describe() + ": targetPort " + portValue(port.getTargetPort())
                                        + " is no containerPort of " + d.getMetadata().getName());
                            }
                        }
                    }
                } else if (r instanceof PodDisruptionBudget pdb) {
                    Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
                    if (deployments.values().stream().noneMatch(d -> labels(d).entrySet().containsAll(selector.entrySet()))) {
                        problems.add(doc.describe() + ": selector " + selector + " matches no Deployment");
                    }
                } else if (r instanceof HorizontalPodAutoscaler hpa) {
                    var target = hpa.getSpec().getScaleTargetRef();
                    checkTarget(doc, target.getKind(), target.getName(), deployments, autoscaledBy, problems);
                } else if (r instanceof GenericKubernetesResource g && g.getKind().equals("ScaledObject")) {
                    Map<String, Object> target = map(g.getAdditionalProperties().get("spec")).get("scaleTargetRef") == null
                            ? Map.of() : map(map(g.getAdditionalProperties().get("spec")).get("scaleTargetRef"));
                    checkTarget(doc, (String) target.getOrDefault("kind", "Deployment"), (String) target.get("name"),
                            deployments, autoscaledBy, problems);
                } else if (r instanceof Ingress ingress) {
                    for (var rule : ingress.getSpec().getRules()) {
                        for (var path : rule.getHttp().getPaths()) {
                            IngressBackend backend = path.getBackend();
                            Service s = servicesByName.get(backend.getService().getName());
                            if (s == null) {
                                problems.add(doc.describe() + ": backend " + backend.getService().getName() + " is no Service");
                            } else if (s.getSpec().getPorts().stream()
                                    .noneMatch(p -> p.getPort().equals(backend.getService().getPort().getNumber()))) {
                                problems.add(doc.describe() + ": port " + backend.getService().getPort().getNumber()
                                        + " is no port of Service " + s.getMetadata().getName());
                            }
                        }
                    }
                }
            }
            for (Deployment d : deployments.values()) {
                boolean hasPdb = rendered.stream().anyMatch(doc -> doc.resource() instanceof PodDisruptionBudget pdb
                        && labels(d).entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
                if (!hasPdb) {
                    problems.add(Manifests.K8S.relativize(folder.dir()) + ": Deployment " + d.getMetadata().getName() + " has no PodDisruptionBudget");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void kedaScalesTheProcessor__onItsConsumerGroup__andNoCpuHpaCompetes() {
        Folder production = folders.stream().filter(f -> f.dir().endsWith("overlays/production")).findFirst().orElseThrow();
        String streams = Manifests.read(Manifests.ROOT.resolve("libs/contracts/src/main/java/com/convosensei/contracts/stream/Streams.java"));
        List<Map<String, Object>> triggers = new ArrayList<>();
        for (Document doc : Manifests.rendered(production)) {
            if (doc.resource() instanceof GenericKubernetesResource g && g.getKind().equals("ScaledObject")) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) map(g.getAdditionalProperties().get("spec")).get("triggers");
                list.forEach(t -> triggers.add(map(t)));
            }
        }
        assertThat(triggers).isNotEmpty().allSatisfy(t -> {
            assertThat(t.get("type")).isEqualTo("redis-streams");
            Map<String, Object> metadata = map(t.get("metadata"));
            // the names the processor really uses (Streams constants), so a rename breaks this test, not the scaling
            assertThat(streams).contains("\"" + metadata.get("stream") + "\"", "GROUP = \"" + metadata.get("consumerGroup") + "\"");
            assertThat(metadata.keySet()).containsAnyOf("lagCount", "pendingEntriesCount");
        });
        assertThat(triggers).extracting(t -> map(t.get("metadata")).get("stream")).contains("sensei:ingest");
    }

    @Test
    void everyContainer__listensWhereItsServiceDoes__withProbesOnHealthPaths__andResources() {
        List<String> problems = new ArrayList<>();
        for (Folder folder : folders) {
            for (Document doc : folder.documents()) {
                if (!(doc.resource() instanceof Deployment d)) {
                    continue;
                }
                for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                    String where = doc.describe() + " container " + c.getName();
                    ServiceConfig service = service(c);
                    Set<String> ports = containerPorts(d.getSpec().getTemplate().getSpec());
                    String env = envValue(c, "QUARKUS_HTTP_PORT");
                    String listens = env != null ? env : service.httpPort;
                    if (!ports.contains(listens)) {
                        problems.add(where + ": listens on " + listens + " but declares containerPorts " + ports);
                    }
                    if (!Objects.equals(service.httpPort, listens)) {
                        problems.add(where + ": port " + listens + " differs from quarkus.http.port " + service.httpPort);
                    }
                    probe(where + " startupProbe", c.getStartupProbe(), ports, problems);
                    probe(where + " readinessProbe", c.getReadinessProbe(), ports, problems);
                    probe(where + " livenessProbe", c.getLivenessProbe(), ports, problems);
                    resources(where, c, problems);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDeployment__isScrapedWhereItServesMetrics__theGatewayOnlyOnItsManagementPort() {
        List<String> problems = new ArrayList<>();
        for (Folder folder : folders) {
            List<Document> rendered = Manifests.rendered(folder);
            Set<String> servicePorts = new TreeSet<>();
            for (Document doc : rendered) {
                if (doc.resource() instanceof Service s) {
                    s.getSpec().getPorts().forEach(p -> servicePorts.add(s.getMetadata().getName() + ":"
                            + portValue(p.getTargetPort())));
                }
            }
            for (Document doc : rendered) {
                if (!(doc.resource() instanceof Deployment d)) {
                    continue;
                }
                Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations() == null
                        ? Map.of() : d.getSpec().getTemplate().getMetadata().getAnnotations();
                Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
                ServiceConfig service = service(c);
                String port = annotations.get("prometheus.io/port");
                if (!"true".equals(annotations.get("prometheus.io/scrape")) || !"/q/metrics".equals(annotations.get("prometheus.io/path"))) {
                    problems.add(doc.describe() + ": needs prometheus.io/scrape \"true\" and prometheus.io/path /q/metrics");
                }
                if (!containerPorts(d.getSpec().getTemplate().getSpec()).contains(port)) {
                    problems.add(doc.describe() + ": prometheus.io/port " + port + " is no containerPort");
                }
                String listens = envValue(c, "QUARKUS_HTTP_PORT") != null ? envValue(c, "QUARKUS_HTTP_PORT") : service.httpPort;
                if (service.service.equals("gateway")) {
                    // public entry point: metrics only on the management interface, which no Service exposes
                    if (!Objects.equals(port, envValue(c, "SENSEI_MANAGEMENT_PORT")) || Objects.equals(port, listens)) {
                        problems.add(doc.describe() + ": scrape port " + port + " must be SENSEI_MANAGEMENT_PORT, not the public " + listens);
                    }
                    if (!"0.0.0.0".equals(envValue(c, "SENSEI_MANAGEMENT_HOST"))) {
                        problems.add(doc.describe() + ": SENSEI_MANAGEMENT_HOST must be 0.0.0.0 for Prometheus to reach it");
                    }
                    if (servicePorts.stream().anyMatch(sp -> sp.endsWith(":" + port) || sp.endsWith(":management"))) {
                        problems.add(doc.describe() + ": a Service exposes the management port " + port);
                    }
                } else if (!Objects.equals(port, listens)) {
                    problems.add(doc.describe() + ": scrape port " + port + " is not the service's port " + listens);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyEnvironmentVariable__isOneTheServiceReads() {
        List<String> problems = new ArrayList<>();
        for (Folder folder : folders) {
            List<Document> rendered = Manifests.rendered(folder);
            Map<String, List<ServiceConfig>> configMapReaders = new HashMap<>();
            for (Document doc : folder.documents()) {
                PodSpec pod = podSpec(doc.resource());
                if (pod == null) {
                    continue;
                }
                for (Container c : pod.getContainers()) {
                    ServiceConfig service = service(c);
                    for (EnvVar var : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                        if (!service.reads(var.getName())) {
                            problems.add(doc.describe() + " container " + c.getName() + ": " + var.getName()
                                    + " is read by nothing in " + service.service + " (or libs " + service.libraries + ")");
                        }
                    }
                    c.getEnvFrom().stream().filter(e -> e.getConfigMapRef() != null)
                            .forEach(e -> configMapReaders.computeIfAbsent(e.getConfigMapRef().getName(),
                                    k -> new ArrayList<>()).add(service));
                }
            }
            for (Document doc : rendered) {
                if (doc.resource() instanceof ConfigMap cm && configMapReaders.containsKey(cm.getMetadata().getName())) {
                    for (String key : cm.getData().keySet()) {
                        if (configMapReaders.get(cm.getMetadata().getName()).stream().noneMatch(s -> s.reads(key))) {
                            problems.add(doc.describe() + ": " + key + " is read by none of the services that load it");
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void oneMigrator__theJobMigratesWithTheProcessorImage__everyDatabaseServiceValidates() {
        Folder base = folders.stream().filter(f -> f.dir().endsWith("base")).findFirst().orElseThrow();
        List<Job> jobs = base.documents().stream().map(Document::resource).filter(Job.class::isInstance)
                .map(Job.class::cast).toList();
        assertThat(jobs).hasSize(1);
        Job job = jobs.get(0);
        assertThat(job.getSpec().getBackoffLimit()).isPositive();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isPositive();
        Container migrate = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(migrate.getImage()).startsWith(IMAGE_PREFIX + "processor:");
        assertThat(envValue(migrate, "SENSEI_DB_MIGRATE_ONLY")).isEqualTo("true");
        assertThat(Manifests.read(Manifests.ROOT.resolve("libs/db/src/main/java/com/convosensei/db/migration/SchemaVersionCheck.java")))
                .as("the refusal message names the Job's file").contains("\"deploy/k8s/base/" + "migrate-job.yaml\"");

        List<String> problems = new ArrayList<>();
        for (Document doc : base.documents()) {
            if (doc.resource() instanceof Deployment d) {
                for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                    boolean usesDatabase = service(c).libraries.contains("db");
                    String mode = envValue(c, "SENSEI_DB_MIGRATE");
                    if (usesDatabase && !"validate".equals(mode)) {
                        problems.add(doc.describe() + ": uses the database but SENSEI_DB_MIGRATE is " + mode + ", not validate");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theChecks__catchATypo() {
        ServiceConfig processor = new ServiceConfig("processor");
        assertThat(processor.reads("SENSEI_DB_MIGRATE")).isTrue();
        assertThat(processor.reads("SENSEI_DB_MIGRATE_ONLY")).isTrue();
        assertThat(processor.reads("SENSEI_CONSUMER_NAME")).isTrue();
        assertThat(processor.reads("DATABASE_URL")).isTrue();
        assertThat(processor.reads("SENSEI_DB_MIGRATES")).isFalse();
        assertThat(processor.reads("SENSEI_CONSUMER_NAMES")).isFalse();
        assertThat(new ServiceConfig("gateway").reads("SENSEI_DB_MIGRATE")).as("the gateway has no database").isFalse();
    }

    private static void checkTarget(Document doc, String kind, String name, Map<String, Deployment> deployments,
                                    Map<String, String> autoscaledBy, List<String> problems) {
        if (!"Deployment".equals(kind) || !deployments.containsKey(name)) {
            problems.add(doc.describe() + ": scale target " + kind + "/" + name + " is no Deployment");
            return;
        }
        String previous = autoscaledBy.put(name, doc.describe());
        if (previous != null) {
            problems.add(doc.describe() + ": Deployment " + name + " is already autoscaled by " + previous);
        }
    }

    private static void probe(String where, Probe probe, Set<String> ports, List<String> problems) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(where + ": missing (an httpGet on a health path)");
            return;
        }
        if (!HEALTH_PATHS.contains(probe.getHttpGet().getPath())) {
            problems.add(where + ": path " + probe.getHttpGet().getPath() + " is not one of " + HEALTH_PATHS);
        }
        if (!ports.contains(portValue(probe.getHttpGet().getPort()))) {
            problems.add(where + ": port " + portValue(probe.getHttpGet().getPort()) + " is no containerPort " + ports);
        }
    }

    private static void resources(String where, Container c, List<String> problems) {
        var res = c.getResources();
        Map<String, Quantity> requests = res == null || res.getRequests() == null ? Map.of() : res.getRequests();
        Map<String, Quantity> limits = res == null || res.getLimits() == null ? Map.of() : res.getLimits();
        if (!requests.containsKey("cpu") || !requests.containsKey("memory") || !limits.containsKey("memory")) {
            problems.add(where + ": needs cpu and memory requests and a memory limit");
            return;
        }
        for (String kind : List.of("cpu", "memory")) {
            if (limits.containsKey(kind)
                    && requests.get(kind).getNumericalAmount().compareTo(limits.get(kind).getNumericalAmount()) > 0) {
                problems.add(where + ": " + kind + " request above its limit");
            }
        }
        String javaOpts = envValue(c, "JAVA_OPTS_APPEND");
        if (javaOpts != null && javaOpts.matches(".*-Xmx.*")) {
            problems.add(where + ": -Xmx ignores the memory limit; use -XX:MaxRAMPercentage");
        }
    }

    private ServiceConfig service(Container c) {
        String image = c.getImage();
        assertThat(image).as(c.getName() + " image").startsWith(IMAGE_PREFIX);
        String name = image.substring(IMAGE_PREFIX.length()).replaceFirst(":.*$", "");
        return SERVICES.computeIfAbsent(name, ServiceConfig::new);
    }

    private static PodSpec podSpec(HasMetadata r) {
        if (r instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (r instanceof Job j) {
            return j.getSpec().getTemplate().getSpec();
        }
        return null;
    }

    private static Map<String, String> labels(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static Set<String> containerPorts(PodSpec pod) {
        Set<String> ports = new TreeSet<>();
        for (Container c : pod.getContainers()) {
            for (var p : c.getPorts()) {
                ports.add(String.valueOf(p.getContainerPort()));
                if (p.getName() != null) {
                    ports.add(p.getName());
                }
            }
        }
        return ports;
    }

    private static String portValue(IntOrString port) {
        return port == null ? null : port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }

    private static String envValue(Container c, String name) {
        return c.getEnv() == null ? null : c.getEnv().stream().filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

}
