package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Work pools, their queues and workers as the API reads and writes them ({@code core.WorkPool},
 * {@code core.WorkQueue}, {@code core.Worker}, their {@code actions.*Create/Update} and {@code responses.*Response}).
 */
public final class WorkPools {

    /** The pool Prefect's migration creates and that queues named without a pool belong to. */
    public static final String DEFAULT_AGENT_POOL = "default-agent-pool";
    /** The type of {@link #DEFAULT_AGENT_POOL}, and the default type of a new pool. */
    public static final String AGENT_TYPE = "prefect-agent";
    /** {@code WORK_QUEUE_LAST_POLLED_TIMEOUT_SECONDS}, {@code DEPLOYMENT_LAST_POLLED_TIMEOUT_SECONDS}. */
    public static final long LAST_POLLED_TIMEOUT_SECONDS = 60;
    /** {@code DEFAULT_HEARTBEAT_INTERVAL_SECONDS}. */
    public static final int DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 30;
    /** {@code INACTIVITY_HEARTBEAT_MULTIPLE}. */
    public static final int INACTIVITY_HEARTBEAT_MULTIPLE = 3;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([\\w.\\-\\[\\]$]+)\\s*}}",
            Pattern.UNICODE_CHARACTER_CLASS);

    private WorkPools() {
    }

    /** {@code responses.WorkPoolResponse}; {@code status} is null for agent pools. */
    public record WorkPool(UUID id, OffsetDateTime created, OffsetDateTime updated, String name, String description,
            String type, JsonNode baseJobTemplate, boolean isPaused, Integer concurrencyLimit, UUID defaultQueueId,
            String status) {
    }

    /** The body of {@code POST /work_pools/}. */
    public record WorkPoolCreate(@JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String name, String description, @JsonDeserialize(using = NotNull.class) String type,
            @JsonDeserialize(using = NotNull.class) @Schema(type = SchemaType.OBJECT) JsonNode baseJobTemplate, @JsonDeserialize(using = NotNull.class) Boolean isPaused, Integer concurrencyLimit) {

        public WorkPoolCreate {
            Names.requireNoBannedCharacters("name", name);
            Limits.maxLength("name", name, Limits.TEXT);
            Limits.maxLength("type", type, Limits.TEXT);
            type = type == null ? AGENT_TYPE : type;
            Objects.requireJsonObject("base_job_template", baseJobTemplate);
            baseJobTemplate = baseJobTemplate == null || baseJobTemplate.isNull()
                    ? JsonNodeFactory.instance.objectNode() : baseJobTemplate;
            validateBaseJobTemplate(baseJobTemplate);
            isPaused = isPaused != null && isPaused;
            requireAtLeast("concurrency_limit", concurrencyLimit, 0);
        }
    }

    /** The body of {@code PATCH /work_pools/{name}}; only the fields sent are changed. */
    public record WorkPoolUpdate(String description, Boolean isPaused, JsonNode baseJobTemplate,
            Integer concurrencyLimit) {

        public WorkPoolUpdate {
            Objects.requireJsonObject("base_job_template", baseJobTemplate);
            if (baseJobTemplate != null && !baseJobTemplate.isNull()) {
                validateBaseJobTemplate(baseJobTemplate);
            }
            requireAtLeast("concurrency_limit", concurrencyLimit, 0);
        }
    }

    /** {@code core.QueueFilter}: the deprecated tag/deployment filter of a work queue. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QueueFilter(List<String> tags, List<UUID> deploymentIds) {
    }

    /** {@code responses.WorkQueueResponse}. */
    public record WorkQueue(UUID id, OffsetDateTime created, OffsetDateTime updated, String name, String description,
            boolean isPaused, Integer concurrencyLimit, int priority, UUID workPoolId, QueueFilter filter,
            OffsetDateTime lastPolled, String workPoolName, String status) {
    }

    /** The body of {@code POST /work_queues/} and {@code POST /work_pools/{name}/queues}. */
    public record WorkQueueCreate(@JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String name, String description, @JsonDeserialize(using = NotNull.class) Boolean isPaused,
            Integer concurrencyLimit, Integer priority, QueueFilter filter) {

        public WorkQueueCreate {
            Names.requireNoBannedCharacters("name", name);
            Limits.maxLength("name", name, Limits.TEXT);
            description = description == null ? "" : description;
            isPaused = isPaused != null && isPaused;
            requireAtLeast("concurrency_limit", concurrencyLimit, 0);
        }

        public static WorkQueueCreate named(String name, Integer priority, String description) {
            return new WorkQueueCreate(name, description, false, null, priority, null);
        }
    }

    /** The body of {@code PATCH /work_queues/{id}} and {@code PATCH /work_pools/{name}/queues/{name}}. */
    public record WorkQueueUpdate(@JsonDeserialize(using = NotNull.class) String name, String description, @JsonDeserialize(using = NotNull.class) Boolean isPaused, Integer concurrencyLimit,
            Integer priority, OffsetDateTime lastPolled, QueueFilter filter) {

        public WorkQueueUpdate {
            Names.requireNoBannedCharacters("name", name);
            Limits.maxLength("name", name, Limits.TEXT);
            requireAtLeast("concurrency_limit", concurrencyLimit, 0);
            requireAtLeast("priority", priority, 1);
        }
    }

    /** {@code responses.WorkerResponse}. */
    public record Worker(UUID id, OffsetDateTime created, OffsetDateTime updated, String name, UUID workPoolId,
            OffsetDateTime lastHeartbeatTime, Integer heartbeatIntervalSeconds, String status) {
    }

    /** pydantic's {@code conint(ge=...)}. */
    static void requireAtLeast(String field, Integer value, int limit) {
        if (value != null && value < limit) {
            throw new ValidationException(List.of(new ValidationException.Error(List.of(field),
                    "ensure this value is greater than or equal to " + limit, "value_error.number.not_ge",
                    Map.of("limit_value", limit))));
        }
    }

    /**
     * Prefect's {@code validate_base_job_template}: an empty template is allowed; otherwise it needs a
     * {@code job_configuration} and {@code variables}, and every placeholder of the job configuration must be a
     * property of the variables schema.
     */
    static void validateBaseJobTemplate(JsonNode template) {
        if (template.isEmpty()) {
            return;
        }
        JsonNode jobConfiguration = template.get("job_configuration");
        JsonNode variables = template.get("variables");
        if (!truthy(jobConfiguration) || !truthy(variables)) {
            throw baseJobTemplateError("The `base_job_template` must contain both a `job_configuration` key"
                    + " and a `variables` key.");
        }
        Set<String> used = new TreeSet<>();
        Iterator<JsonNode> templates = jobConfiguration.isObject() ? jobConfiguration.elements()
                : List.of(jobConfiguration).iterator();
        while (templates.hasNext()) {
            Matcher m = PLACEHOLDER.matcher(templates.next().toString());
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        JsonNode properties = variables.path("properties");
        List<String> missing = new ArrayList<>();
        for (String name : used) {
            if (!properties.has(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw baseJobTemplateError("The variables specified in the job configuration template must be present"
                    + " as properties in the variables schema. Your job configuration uses the following"
                    + " undeclared variable(s): " + String.join(" ,", missing) + ".");
        }
    }

    private static boolean truthy(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        if (node.isTextual()) {
            return !node.asText().isEmpty();
        }
        if (node.isContainerNode()) {
            return !node.isEmpty();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return !node.isNumber() || node.asDouble() != 0;
    }

    private static ValidationException baseJobTemplateError(String message) {
        return ValidationException.of(List.of("base_job_template"), message, "value_error");
    }
}
