package com.convosensei.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every manifest under deploy/k8s, parsed with fabric8's Kubernetes model: one {@link Folder} per kustomization
 * (base, overlays/*), each document typed by its apiVersion/kind (KEDA's CRDs come back as
 * {@code GenericKubernetesResource}).
 */
final class Manifests {

    static final Path ROOT = repoRoot();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    record Document(Path file, HasMetadata resource) {
        String describe() {
            return K8S.relativize(file) + " " + resource.getKind() + "/" + resource.getMetadata().getName();
        }
    }

    /** A kustomization folder: its own documents and the kustomization file itself. */
    record Folder(Path dir, Map<String, Object> kustomization, List<Document> documents) {
        List<String> resources() {
            @SuppressWarnings("unchecked")
            List<String> listed = (List<String>) kustomization.getOrDefault("resources", List.of());
            return listed;
        }
    }

    private Manifests() {
    }

    static List<Folder> folders() {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).sorted()
                    .map(k -> folder(k.getParent())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Folder folder(Path dir) {
        Map<String, Object> kustomization = YAML.unmarshal(read(dir.resolve("kustomization.yaml")), Map.class);
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).sorted().toList()) {
                for (String doc : read(file).split("(?m)^---\\s*$")) {
                    if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                        continue;
                    }
                    documents.add(new Document(file, YAML.unmarshal(doc, HasMetadata.class)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Folder(dir, kustomization, documents);
    }

    /** What kustomize renders for an overlay, for the cross-references: its documents plus those of its bases. */
    static List<Document> rendered(Folder folder) {
        List<Document> all = new ArrayList<>();
        for (String resource : folder.resources()) {
            Path target = folder.dir().resolve(resource).normalize();
            if (Files.isDirectory(target)) {
                all.addAll(rendered(folder(target)));
            }
        }
        all.addAll(folder.documents());
        return all;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/k8s"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/k8s not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
