package dev.orchestra.api.contract;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

/**
 * Generates clients from the document the running application serves, as a user would (README, "Generate a
 * client"): OpenAPI Generator with its defaults, spec validation on, no name or type mappings.
 */
final class GeneratedClients {

    static final Path ROOT = Path.of("target", "openapi-client");

    private GeneratedClients() {
    }

    /** The served document, written to {@code target/openapi-client/openapi.json}. */
    static Path servedDocument() throws IOException {
        String text = given().get("/api/openapi.json").then().statusCode(200).extract().asString();
        Files.createDirectories(ROOT);
        Path file = ROOT.resolve("openapi.json");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Runs one generator into a fresh {@code target/openapi-client/<name>} and returns that directory. */
    static Path generate(Path spec, String generator, String library, String name, Map<String, Object> options)
            throws IOException {
        Path out = ROOT.resolve(name);
        deleteTree(out);
        CodegenConfigurator config = new CodegenConfigurator()
                .setInputSpec(spec.toAbsolutePath().toString())
                .setGeneratorName(generator)
                .setOutputDir(out.toAbsolutePath().toString())
                .setValidateSpec(true)
                .addGlobalProperty("apiTests", "false")
                .addGlobalProperty("modelTests", "false")
                .addGlobalProperty("apiDocs", "false")
                .addGlobalProperty("modelDocs", "false");
        if (library != null) {
            config.setLibrary(library);
        }
        options.forEach(config::addAdditionalProperty);
        DefaultGenerator generatorRun = new DefaultGenerator();
        generatorRun.setGenerateMetadata(false);
        generatorRun.opts(config.toClientOptInput()).generate();
        return out;
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Runs a command in {@code dir}, failing with its output when it does not exit with 0 in time. */
    static String run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(ROOT, "command", ".log");
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        if (!done || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + (done ? " exited with " + process.exitValue()
                    : " timed out") + ":\n" + output);
        }
        return output;
    }
}
