package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

/** Deployments as the API reads and writes them ({@code responses.DeploymentResponse}, {@code actions.Deployment*}). */
public final class Deployments {

    public static final String READY = "READY";
    public static final String NOT_READY = "NOT_READY";

    private Deployments() {
    }

    /** Who last updated an object ({@code core.UpdatedBy}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UpdatedBy(UUID id, String type, String displayValue) {
    }

    /** {@code responses.DeploymentResponse}, fields in Prefect's order. */
    public record Deployment(UUID id, OffsetDateTime created, OffsetDateTime updated, String name, String version,
            String description, UUID flowId, JsonNode schedule, boolean isScheduleActive, JsonNode infraOverrides,
            JsonNode parameters, List<String> tags, String workQueueName, OffsetDateTime lastPolled,
            JsonNode parameterOpenapiSchema, String path, JsonNode pullSteps, String entrypoint, String manifestPath,
            UUID storageDocumentId, UUID infrastructureDocumentId, CreatedBy createdBy, UpdatedBy updatedBy,
            String workPoolName, String status, boolean enforceParameterSchema) {
    }

    /**
     * The body of {@code POST /deployments/}. The fields older clients send ({@code worker_pool_queue_id},
     * {@code worker_pool_name}, {@code worker_pool_queue_name}, {@code work_pool_queue_name}) are dropped, as
     * Prefect drops them. The schedule is checked by the service ({@link Schedules}), which knows the time.
     */
    public record DeploymentCreate(
            @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String name,
            @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) UUID flowId,
            Boolean isScheduleActive,
            @JsonDeserialize(using = NotNull.class) Boolean enforceParameterSchema,
            JsonNode parameterOpenapiSchema,
            @JsonDeserialize(using = NotNull.class) @Schema(type = SchemaType.OBJECT) JsonNode parameters,
            @JsonDeserialize(using = NotNull.class) List<String> tags,
            JsonNode pullSteps,
            String manifestPath,
            String workQueueName,
            String workPoolName,
            UUID storageDocumentId,
            UUID infrastructureDocumentId,
            JsonNode schedule,
            String description,
            String path,
            String version,
            String entrypoint,
            JsonNode infraOverrides,
            @Schema(hidden = true) JsonNode workerPoolQueueId,
            @Schema(hidden = true) JsonNode workerPoolName,
            @Schema(hidden = true) JsonNode workerPoolQueueName,
            @Schema(hidden = true) JsonNode workPoolQueueName) {

        public DeploymentCreate {
            Names.requireNoBannedCharacters("name", name);
            Limits.maxLength("name", name, Limits.TEXT);
            Limits.maxLength("work_queue_name", workQueueName, Limits.TEXT);
            Limits.maxLength("work_pool_name", workPoolName, Limits.TEXT);
            isScheduleActive = isScheduleActive == null || isScheduleActive;
            enforceParameterSchema = enforceParameterSchema != null && enforceParameterSchema;
            Objects.requireJsonObject("parameter_openapi_schema", parameterOpenapiSchema);
            Objects.requireJsonObject("parameters", parameters);
            Objects.requireJsonObject("infra_overrides", infraOverrides);
            requireListOfObjects("pull_steps", pullSteps);
            parameters = parameters == null || parameters.isNull() ? JsonNodeFactory.instance.objectNode() : parameters;
            infraOverrides = infraOverrides == null || infraOverrides.isNull() ? JsonNodeFactory.instance.objectNode()
                    : infraOverrides;
            tags = tags == null ? List.of() : List.copyOf(tags);
            if (parameterOpenapiSchema != null && parameterOpenapiSchema.isNull()) {
                parameterOpenapiSchema = null;
            }
            if (pullSteps != null && pullSteps.isNull()) {
                pullSteps = null;
            }
            if (enforceParameterSchema) {
                String schemaProblem = JsonSchemas.schemaProblem(parameterOpenapiSchema);
                if (schemaProblem != null) {
                    throw ValidationException.of(List.of("parameter_openapi_schema"), schemaProblem, "value_error");
                }
                String problem = JsonSchemas.valuesProblem(parameters, parameterOpenapiSchema, true);
                if (problem != null) {
                    throw ValidationException.of(List.of("parameters"), problem, "value_error");
                }
            }
        }
    }

    /**
     * The body of {@code PATCH /deployments/{id}}; only the fields sent are changed. The fields older clients send
     * are dropped, as on create.
     */
    public record DeploymentUpdate(
            String version,
            JsonNode schedule,
            String description,
            @JsonDeserialize(using = NotNull.class) Boolean isScheduleActive,
            JsonNode parameters,
            @JsonDeserialize(using = NotNull.class) List<String> tags,
            String workQueueName,
            String workPoolName,
            String path,
            JsonNode infraOverrides,
            String entrypoint,
            String manifestPath,
            UUID storageDocumentId,
            UUID infrastructureDocumentId,
            Boolean enforceParameterSchema,
            @Schema(hidden = true) JsonNode workerPoolQueueId,
            @Schema(hidden = true) JsonNode workerPoolName,
            @Schema(hidden = true) JsonNode workerPoolQueueName,
            @Schema(hidden = true) JsonNode workPoolQueueName) {

        public DeploymentUpdate {
            Limits.maxLength("work_queue_name", workQueueName, Limits.TEXT);
            Limits.maxLength("work_pool_name", workPoolName, Limits.TEXT);
            Objects.requireJsonObject("parameters", parameters);
            Objects.requireJsonObject("infra_overrides", infraOverrides);
        }
    }

    /** The body of {@code POST /deployments/{id}/create_flow_run} ({@code actions.DeploymentFlowRunCreate}). */
    public record DeploymentFlowRunCreate(
            StateCreate state,
            String name,
            @JsonDeserialize(using = NotNull.class) @Schema(type = SchemaType.OBJECT) JsonNode parameters,
            @JsonDeserialize(using = NotNull.class) @Schema(type = SchemaType.OBJECT) JsonNode context,
            UUID infrastructureDocumentId,
            @JsonDeserialize(using = NotNull.class) FlowRunPolicy empiricalPolicy,
            @JsonDeserialize(using = NotNull.class) List<String> tags,
            String idempotencyKey,
            UUID parentTaskRunId,
            String workQueueName) {

        public DeploymentFlowRunCreate {
            Limits.maxLength("name", name, Limits.TEXT);
            Limits.maxLength("idempotency_key", idempotencyKey, Limits.TEXT);
            Limits.maxLength("work_queue_name", workQueueName, Limits.TEXT);
            Objects.requireJsonObject("parameters", parameters);
            Objects.requireJsonObject("context", context);
        }
    }

    private static void requireListOfObjects(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isArray()) {
            throw ValidationException.of(List.of(field), "value is not a valid list", "type_error.list");
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw ValidationException.of(List.of(field, i), "value is not a valid dict", "type_error.dict");
            }
        }
    }
}
