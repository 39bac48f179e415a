package dev.orchestra.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every record and enum of the JSON contract is registered for reflection, so the native image can bind it. */
class NativeReflectionTest {

    @Test
    void everySchemaTypeIsRegistered() throws IOException, ClassNotFoundException {
        Set<String> registered = Arrays.stream(NativeReflection.class.getAnnotation(RegisterForReflection.class)
                .targets()).map(Class::getName).collect(Collectors.toSet());
        Path classes = Path.of("target/classes");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/orchestra/schemas"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                boolean jsonType = type.isRecord() || type.isEnum() && !type.isAnonymousClass()
                        && type.getEnclosingClass() == null || type.isEnum() && type.isMemberClass();
                if (jsonType && !registered.contains(type.getName())) {
                    missing.add(type.getName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "not registered for reflection: " + List.copyOf(missing));
    }
}
