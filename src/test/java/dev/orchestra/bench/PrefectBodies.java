package dev.orchestra.bench;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Request bodies exactly as the Prefect 2.14.21 Python client sends them (key order, nulls, defaults and
 * Python's {@code json.dumps} spacing), after the recorded traces in
 * {@code shared/fixtures/prefect-client-traces}. Filter, count and history bodies follow the client's
 * {@code read_flow_runs} (filters serialised with {@code dict(json_compatible=True)}) and the UI's history call.
 */
final class PrefectBodies {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private PrefectBodies() {
    }

    static String flow(String name) {
        return "{\"name\": \"" + name + "\", \"tags\": []}";
    }

    /** {@code state_details} with every key the client sends; null arguments stay JSON null. */
    private static String stateDetails(UUID flowRunId, UUID taskRunId, boolean untrackableResult,
            Boolean refreshCache, UUID transitionId) {
        return "{\"flow_run_id\": " + q(flowRunId) + ", \"task_run_id\": " + q(taskRunId)
                + ", \"child_flow_run_id\": null, \"scheduled_time\": null, \"cache_key\": null,"
                + " \"cache_expiration\": null, \"untrackable_result\": " + untrackableResult
                + ", \"pause_timeout\": null, \"pause_reschedule\": false, \"pause_key\": null,"
                + " \"run_input_keyset\": null, \"refresh_cache\": " + (refreshCache == null ? "null" : refreshCache)
                + ", \"retriable\": null, \"transition_id\": " + q(transitionId) + ", \"task_parameters_id\": null}";
    }

    private static String state(String type, String name, String details, String data) {
        return "{\"type\": \"" + type + "\", \"name\": \"" + name + "\", \"message\": null, \"state_details\": "
                + details + ", \"data\": " + data + "}";
    }

    private static final String PENDING = state("PENDING", "Pending", stateDetails(null, null, false, null, null),
            "null");

    private static String unpersisted(String pythonType) {
        return "{\"type\": \"unpersisted\", \"artifact_type\": \"result\", \"artifact_description\":"
                + " \"Unpersisted result of type `" + pythonType + "`\"}";
    }

    /** {@code POST /flow_runs/}: a new run in PENDING, as {@code create_flow_run} sends it. */
    static String flowRunCreate(UUID flowId, String name, String tagsJson) {
        return "{\"state\": " + PENDING + ", \"name\": \"" + name + "\", \"flow_id\": \"" + flowId + "\","
                + " \"deployment_id\": null, \"flow_version\": \"b9d8da3a346238e4d9c164030efbe470\","
                + " \"parameters\": {}, \"context\": {}, \"parent_task_run_id\": null,"
                + " \"infrastructure_document_id\": null, \"empirical_policy\": {\"max_retries\": 0,"
                + " \"retry_delay_seconds\": 0, \"retries\": 0, \"retry_delay\": 0, \"pause_keys\": [],"
                + " \"resuming\": false}, \"tags\": " + tagsJson + ", \"idempotency_key\": null}";
    }

    static String flowRunRunning(UUID flowRunId) {
        return "{\"state\": " + state("RUNNING", "Running",
                stateDetails(flowRunId, null, false, null, UUID.randomUUID()), "null") + ", \"force\": false}";
    }

    static String flowRunCompleted(UUID flowRunId) {
        return "{\"state\": " + state("COMPLETED", "Completed",
                stateDetails(flowRunId, null, false, null, UUID.randomUUID()), unpersisted("int"))
                + ", \"force\": false}";
    }

    /** {@code POST /task_runs/}: a new task run in PENDING, as the engine creates it. */
    static String taskRunCreate(UUID flowRunId, String name, String taskKey, String dynamicKey) {
        return "{\"state\": " + PENDING + ", \"name\": \"" + name + "\", \"flow_run_id\": \"" + flowRunId + "\","
                + " \"task_key\": \"" + taskKey + "\", \"dynamic_key\": \"" + dynamicKey + "\", \"cache_key\": null,"
                + " \"cache_expiration\": null, \"task_version\": null, \"empirical_policy\": {\"max_retries\": 0,"
                + " \"retry_delay_seconds\": 0, \"retries\": 0, \"retry_delay\": 0, \"retry_jitter_factor\": null},"
                + " \"tags\": [], \"task_inputs\": {}}";
    }

    static String taskRunRunning(UUID taskRunId) {
        return "{\"state\": " + state("RUNNING", "Running", stateDetails(null, taskRunId, false, false, null),
                "null") + ", \"force\": false}";
    }

    static String taskRunCompleted(UUID taskRunId) {
        return "{\"state\": " + state("COMPLETED", "Completed", stateDetails(null, taskRunId, true, null, null),
                unpersisted("list")) + ", \"force\": false}";
    }

    /** A {@code FlowFilter} on one flow id, serialised whole as the client does ({@code json_compatible}). */
    static String flowIdFilter(UUID flowId) {
        return "{\"operator\": \"and_\", \"id\": {\"any_\": [\"" + flowId + "\"]}, \"deployment\": null,"
                + " \"name\": null, \"tags\": null}";
    }

    /** {@code read_flow_runs}: the flow-run filter keeps only what was set ({@code exclude_unset}). */
    static String flowRunsFilter(String flowsJson, String flowRunsJson, String sort, int limit) {
        return "{\"flows\": " + flowsJson + ", \"flow_runs\": " + flowRunsJson + ", \"task_runs\": null,"
                + " \"deployments\": null, \"work_pools\": null, \"work_pool_queues\": null, \"sort\": \"" + sort
                + "\", \"limit\": " + limit + ", \"offset\": 0}";
    }

    static String flowRunsCount(String flowRunsJson) {
        return "{\"flows\": null, \"flow_runs\": " + flowRunsJson + ", \"task_runs\": null, \"deployments\": null,"
                + " \"work_pools\": null, \"work_pool_queues\": null}";
    }

    static String history(OffsetDateTime start, OffsetDateTime end, int intervalSeconds) {
        return "{\"history_start\": \"" + ISO.format(start.withOffsetSameInstant(ZoneOffset.UTC))
                + "\", \"history_end\": \"" + ISO.format(end.withOffsetSameInstant(ZoneOffset.UTC))
                + "\", \"history_interval_seconds\": " + intervalSeconds + ".0, \"flows\": null,"
                + " \"flow_runs\": null, \"task_runs\": null, \"deployments\": null, \"work_pools\": null,"
                + " \"work_queues\": null}";
    }

    private static String q(UUID id) {
        return id == null ? "null" : "\"" + id + "\"";
    }
}
