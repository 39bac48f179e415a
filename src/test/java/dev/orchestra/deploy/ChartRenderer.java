package dev.orchestra.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders the Helm chart without Helm, for the tests: the chart's templates are kept to the part of Helm's
 * template language this renders ({@code {{ .Values.a.b }}}, {@code {{ .Release.Name }}},
 * {@code {{ .Chart.AppVersion }}}, and {@code {{- if .Values.x }}} ... {@code {{- end }}} on lines of their
 * own); anything else fails the rendering, so the chart cannot drift into what the tests do not check.
 */
final class ChartRenderer {

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}");
    private static final Pattern IF = Pattern.compile("\\{\\{-?\\s*if\\s+(\\.\\S+)\\s*-?}}");
    private static final Pattern END = Pattern.compile("\\{\\{-?\\s*end\\s*-?}}");

    private final Map<String, Object> values;
    private final Map<String, Object> chart;
    private final String release;

    ChartRenderer(Path chartDir, String release, Map<String, Object> overrides) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        @SuppressWarnings("unchecked")
        Map<String, Object> v = yaml.readValue(chartDir.resolve("values.yaml").toFile(), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> c = yaml.readValue(chartDir.resolve("Chart.yaml").toFile(), Map.class);
        overrides.forEach((path, value) -> set(v, path, value));
        this.values = v;
        this.chart = c;
        this.release = release;
    }

    /** Every template of {@code chartDir/templates}, rendered and joined as one multi-document YAML. */
    static String render(Path chartDir, String release, Map<String, Object> overrides) throws IOException {
        ChartRenderer renderer = new ChartRenderer(chartDir, release, overrides);
        StringBuilder out = new StringBuilder();
        List<Path> templates;
        try (Stream<Path> files = Files.list(chartDir.resolve("templates"))) {
            templates = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path template : templates) {
            String rendered = renderer.renderTemplate(Files.readString(template), template.getFileName().toString());
            if (!rendered.isBlank()) {
                out.append("---\n# Source: ").append(template.getFileName()).append('\n').append(rendered);
            }
        }
        return out.toString();
    }

    String renderTemplate(String text, String name) {
        StringBuilder out = new StringBuilder();
        Deque<Boolean> conditions = new ArrayDeque<>();
        for (String line : text.split("\n", -1)) {
            Matcher ifMatch = IF.matcher(line.strip());
            if (ifMatch.matches()) {
                conditions.push(truthy(lookup(ifMatch.group(1), name)));
                continue;
            }
            if (END.matcher(line.strip()).matches()) {
                if (conditions.isEmpty()) {
                    throw new IllegalArgumentException(name + ": 'end' without 'if'");
                }
                conditions.pop();
                continue;
            }
            if (conditions.contains(Boolean.FALSE)) {
                continue;
            }
            Matcher m = EXPRESSION.matcher(line);
            StringBuilder rendered = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(rendered, Matcher.quoteReplacement(String.valueOf(lookup(m.group(1), name))));
            }
            m.appendTail(rendered);
            out.append(rendered).append('\n');
        }
        if (!conditions.isEmpty()) {
            throw new IllegalArgumentException(name + ": 'if' without 'end'");
        }
        return out.toString().strip() + "\n";
    }

    private Object lookup(String expression, String template) {
        if (expression.equals(".Release.Name")) {
            return release;
        }
        Map<String, Object> root;
        String path;
        if (expression.startsWith(".Values.")) {
            root = values;
            path = expression.substring(".Values.".length());
        } else if (expression.startsWith(".Chart.")) {
            root = chart;
            String key = expression.substring(".Chart.".length());
            path = Character.toLowerCase(key.charAt(0)) + key.substring(1);
        } else {
            throw new IllegalArgumentException(template + ": unsupported template expression {{ " + expression + " }}");
        }
        Object node = root;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                throw new IllegalArgumentException(template + ": no value for " + expression);
            }
            node = map.get(part);
        }
        if (node instanceof Map || node instanceof List) {
            throw new IllegalArgumentException(template + ": " + expression + " is not a single value");
        }
        return node;
    }

    private static boolean truthy(Object value) {
        return value != null && !Boolean.FALSE.equals(value) && !"".equals(value) && !Integer.valueOf(0).equals(value);
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> root, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.get(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
    }
}
