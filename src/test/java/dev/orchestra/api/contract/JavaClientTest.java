package dev.orchestra.api.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.File;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * A Java client generated from the served document ({@code -g java --library native}, unmodified) compiles
 * and drives a flow run and a task run through their lives against the application:
 * {@code src/test/resources/openapi-client/JavaClientLifecycle.java} is plain Java over the generated classes,
 * compiled with them and run here; it throws on any answer that is not what the server means.
 */
@QuarkusTest
class JavaClientTest {

    @Test
    void aGeneratedJavaClientCompilesAndRunsTheLifecycle() throws Exception {
        Path spec = GeneratedClients.servedDocument();
        Path out = GeneratedClients.generate(spec, "java", "native", "java", Map.of(
                "invokerPackage", "dev.orchestra.client",
                "apiPackage", "dev.orchestra.client.api",
                "modelPackage", "dev.orchestra.client.model",
                "useJakartaEe", "true",
                "hideGenerationTimestamp", "true"));
        List<File> sources = new ArrayList<>();
        for (Path p : GeneratedClients.files(out.resolve("src/main/java"), ".java")) {
            sources.add(p.toFile());
        }
        Path driver = out.resolve("driver/JavaClientLifecycle.java");
        Files.createDirectories(driver.getParent());
        try (var in = getClass().getResourceAsStream("/openapi-client/JavaClientLifecycle.java")) {
            Files.write(driver, in.readAllBytes());
        }
        sources.add(driver.toFile());
        Path classes = out.resolve("classes");
        Files.createDirectories(classes);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter output = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
            compiled = compiler.getTask(output, files, diagnostics,
                    List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                            "-proc:none", "-nowarn", "-Xlint:none", "-g:none", "--release", "17"),
                    null, files.getJavaFileObjectsFromFiles(sources)).call();
        }
        StringBuilder errors = new StringBuilder();
        diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                .forEach(d -> errors.append(d).append('\n'));
        assertTrue(compiled, "the generated client does not compile:\n" + errors + output);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> lifecycle = loader.loadClass("JavaClientLifecycle");
            String base = "http://localhost:" + RestAssured.port;
            Object report = lifecycle.getMethod("run", String.class).invoke(null, base);
            assertTrue(String.valueOf(report).contains("deleted"), String.valueOf(report));
        }
    }
}
