package com.convosensei.platform.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.MethodParameterInfo;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

/**
 * What Jackson builds reflectively in a native image, found by scanning class files (Jandex), and what the
 * {@link RegisterForReflection} classes register. The registration tests of every service compare the two, so a new
 * stream payload, REST body or contract record without a registration fails {@code make test}, not a native build on
 * CI (or a 500 in production).
 */
public final class WireTypes {

    private static final String OURS = "com.convosensei.";
    private static final Set<String> JAX_RS_METHODS = Set.of("jakarta.ws.rs.GET", "jakarta.ws.rs.POST",
            "jakarta.ws.rs.PUT", "jakarta.ws.rs.PATCH", "jakarta.ws.rs.DELETE");

    private WireTypes() {
    }

    /** Every class file under the folder or jar that {@code anchor} was loaded from. */
    public static Index indexOf(Class<?> anchor) {
        try {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            Indexer indexer = new Indexer();
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                        try (InputStream in = Files.newInputStream(p)) {
                            indexer.index(in);
                        }
                    }
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                        if (e.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(e)) {
                                indexer.index(in);
                            }
                        }
                    }
                }
            }
            return indexer.complete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records and enums (top-level and nested) of the index whose name starts with {@code packagePrefix}. */
    public static Set<String> recordsAndEnums(IndexView index, String packagePrefix) {
        Set<String> out = new TreeSet<>();
        for (ClassInfo c : index.getKnownClasses()) {
            if (c.name().toString().startsWith(packagePrefix) && (c.isRecord() || c.isEnum())) {
                out.add(c.name().toString());
            }
        }
        return out;
    }

    /**
     * Types a service hands to Jackson, with every type of ours they contain (record components, fields, generic
     * arguments): JAX-RS resource methods' return types and bodies; classes carrying a Jackson annotation; the type
     * arguments of classes implementing or extending a generic type from {@code streamPackage} (the stream handlers'
     * decoded payloads; null for none); public top-level records of {@code .rest} packages (bodies wrapped in a
     * {@code Response}, invisible in a method signature).
     */
    public static Set<String> serialized(IndexView index, String streamPackage) {
        Set<String> roots = new TreeSet<>();
        for (ClassInfo c : index.getKnownClasses()) {
            String name = c.name().toString();
            if (!name.startsWith(OURS)) {
                continue;
            }
            if (c.annotations().stream().anyMatch(a -> a.name().toString().startsWith("com.fasterxml.jackson."))) {
                roots.add(name);
            }
            if (c.isRecord() && c.nestingType() == ClassInfo.NestingType.TOP_LEVEL && isPublic(c.flags())
                    && name.substring(0, name.lastIndexOf('.')).endsWith(".rest")) {
                roots.add(name);
            }
            if (streamPackage != null) {
                Stream.concat(c.interfaceTypes().stream(), Stream.ofNullable(c.superClassType()))
                        .filter(t -> t.kind() == Type.Kind.PARAMETERIZED_TYPE
                                && t.name().toString().startsWith(streamPackage))
                        .forEach(t -> t.asParameterizedType().arguments().forEach(a -> addOurs(a, roots)));
            }
            for (MethodInfo m : c.methods()) {
                if (m.declaredAnnotations().stream().noneMatch(a -> JAX_RS_METHODS.contains(a.name().toString()))) {
                    continue;
                }
                addOurs(m.returnType(), roots);
                for (MethodParameterInfo p : m.parameters()) {
                    if (p.annotations().stream().noneMatch(a -> a.name().toString().startsWith("jakarta.ws.rs.")
                            || a.name().toString().startsWith("org.jboss.resteasy.reactive."))) {
                        addOurs(p.type(), roots);
                    }
                }
            }
        }
        return closure(index, roots);
    }

    /** {@code roots} and every type of ours reachable from them through record components, fields and generics. */
    public static Set<String> closure(IndexView index, Set<String> roots) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            ClassInfo c = index.getClassByName(DotName.createSimple(name));
            if (c == null) {
                continue; // from another module: that module's own test covers its members
            }
            Set<String> found = new TreeSet<>();
            for (RecordComponentInfo rc : c.recordComponents()) {
                addOurs(rc.type(), found);
            }
            for (FieldInfo f : c.fields()) {
                if (!java.lang.reflect.Modifier.isStatic(f.flags())) {
                    addOurs(f.type(), found);
                }
            }
            todo.addAll(found);
        }
        return seen;
    }

    /** Class names named in {@code targets} and {@code classNames} of the annotations on {@code registrations}. */
    public static Set<String> registered(Class<?>... registrations) {
        Set<String> out = new TreeSet<>();
        for (Class<?> r : registrations) {
            RegisterForReflection a = r.getAnnotation(RegisterForReflection.class);
            if (a == null) {
                throw new IllegalArgumentException(r + " carries no @RegisterForReflection");
            }
            for (Class<?> t : a.targets()) {
                out.add(t.getName().replace('$', '.'));
            }
            for (String n : a.classNames()) {
                out.add(n.replace('$', '.'));
            }
        }
        return out;
    }

    /** Those of {@code needed} that {@code registered} lacks (both as dotted names, nested classes with '.'). */
    public static Set<String> missing(Set<String> needed, Set<String> registered) {
        Set<String> out = new TreeSet<>();
        needed.stream().map(n -> n.replace('$', '.')).filter(Predicate.not(registered::contains)).forEach(out::add);
        return out;
    }

    private static void addOurs(Type t, Set<String> out) {
        switch (t.kind()) {
            case CLASS -> {
                if (t.name().toString().startsWith(OURS)) {
                    out.add(t.name().toString());
                }
            }
            case PARAMETERIZED_TYPE -> {
                if (t.name().toString().startsWith(OURS)) {
                    out.add(t.name().toString());
                }
                t.asParameterizedType().arguments().forEach(a -> addOurs(a, out));
            }
            case ARRAY -> addOurs(t.asArrayType().constituent(), out);
            case WILDCARD_TYPE -> addOurs(t.asWildcardType().extendsBound(), out);
            default -> { }
        }
    }

    private static boolean isPublic(short flags) {
        return java.lang.reflect.Modifier.isPublic(flags);
    }
}
