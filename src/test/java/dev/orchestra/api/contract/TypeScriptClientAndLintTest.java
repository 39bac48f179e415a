package dev.orchestra.api.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The served document as a TypeScript user and a linter see it: a {@code typescript-fetch} client generated
 * from it type-checks with {@code tsc --strict}, and {@code @redocly/cli lint} (recommended rules, the waivers in
 * {@code src/test/resources/openapi-client/redocly.yaml}) reports no error and no warning. Node and npm must be on
 * the PATH; the pinned tools are installed once into {@code target/openapi-client/node}.
 */
@QuarkusTest
class TypeScriptClientAndLintTest {

    static final String TYPESCRIPT = "typescript@5.9.3";
    static final String REDOCLY = "@redocly/cli@2.11.1";

    @Test
    void aGeneratedTypeScriptClientTypeChecksAndTheDocumentLintsClean() throws Exception {
        Path spec = GeneratedClients.servedDocument();
        Path node = tools();

        Path out = GeneratedClients.generate(spec, "typescript-fetch", null, "typescript", Map.of());
        Files.writeString(out.resolve("tsconfig.json"), """
                {"compilerOptions": {"strict": true, "noEmit": true, "target": "ES2020", "module": "ES2020",
                  "moduleResolution": "node", "lib": ["ES2020", "DOM"]}, "include": ["**/*.ts"]}
                """);
        GeneratedClients.run(out, 300, "node", node.resolve("node_modules/typescript/bin/tsc").toAbsolutePath()
                .toString(), "-p", "tsconfig.json");

        Path config = GeneratedClients.ROOT.resolve("redocly.yaml");
        try (var in = getClass().getResourceAsStream("/openapi-client/redocly.yaml")) {
            Files.write(config, in.readAllBytes());
        }
        String lint = GeneratedClients.run(GeneratedClients.ROOT, 300, "node",
                node.resolve("node_modules/@redocly/cli/bin/cli.js").toAbsolutePath().toString(), "lint",
                "--config", "redocly.yaml", "--format", "summary", "openapi.json");
        assertFalse(lint.contains("warning"), "redocly lint warns:\n" + lint);
    }

    /** The pinned TypeScript compiler and Redocly CLI, installed with npm unless already there. */
    private static Path tools() throws Exception {
        Path dir = GeneratedClients.ROOT.resolve("node");
        Path marker = dir.resolve("installed-" + (TYPESCRIPT + "+" + REDOCLY).replaceAll("[^A-Za-z0-9.+-]", "_"));
        if (!Files.exists(marker)) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), "{\"private\": true}");
            GeneratedClients.run(dir, 600, "npm", "install", "--no-audit", "--no-fund", "--ignore-scripts",
                    "--loglevel=error", TYPESCRIPT, REDOCLY);
            Files.writeString(marker, "");
        }
        return dir;
    }
}
