package dev.orchestra.api.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Test-only: while the API tests run, records (method, route template, status, body) of the answers the
 * resources give, up to {@value #SAMPLES} per route and status, into the file the system property
 * {@value #PROPERTY} names (set by the build for the main test run). {@code ResponseConformanceCheck}, run
 * after all other tests, holds them against the served OpenAPI document.
 */
public class ResponseRecorder {

    static final String PROPERTY = "orchestra.response-recording";
    private static final String STARTED = "orchestra.response-recording.started";
    private static final int SAMPLES = 25;
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private final ObjectMapper mapper;

    public ResponseRecorder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, SimpleResourceInfo info) {
        String file = System.getProperty(PROPERTY);
        if (file == null || info == null || info.getResourceClass() == null || info.getMethodName() == null) {
            return;
        }
        Method method = method(info);
        if (method == null) {
            return;
        }
        String template = template(info.getResourceClass(), method);
        if (!template.startsWith("/api/")) {
            return; // the web UI's pages are not part of the API the document describes
        }
        String key = request.getMethod() + " " + template + " " + response.getStatus();
        if (COUNTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > SAMPLES) {
            return;
        }
        ObjectNode line = mapper.createObjectNode();
        line.put("method", request.getMethod().toLowerCase());
        line.put("path", template);
        line.put("status", response.getStatus());
        line.put("media_type", response.getMediaType() == null ? null : response.getMediaType().toString());
        Object entity = response.getEntity();
        line.set("body", entity == null ? null : entity instanceof JsonNode node ? node : mapper.valueToTree(entity));
        write(file, line.toString() + "\n");
    }

    private static synchronized void write(String file, String text) {
        // String.getBytes replaces what UTF-8 cannot encode (a lone surrogate the fuzz test echoes back) instead of
        // throwing as Files.writeString does: the recorder must never change the answer it records.
        byte[] line = text.getBytes(StandardCharsets.UTF_8);
        try {
            java.nio.file.Path path = java.nio.file.Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            if (System.getProperty(STARTED) == null) {
                // the first answer of this test run starts the file afresh (Quarkus restarts keep appending)
                System.setProperty(STARTED, "true");
                Files.write(path, line, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
            } else {
                Files.write(path, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Method method(SimpleResourceInfo info) {
        try {
            return info.getResourceClass().getMethod(info.getMethodName(), info.parameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The route as the document names it: class and method {@code @Path}, no trailing slash. */
    static String template(Class<?> resource, Method method) {
        String base = resource.isAnnotationPresent(Path.class) ? resource.getAnnotation(Path.class).value() : "";
        String sub = method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "";
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
