package dev.orchestra.persistence;

import dev.orchestra.persistence.query.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The runs the late-runs, cancellation-cleanup and pause-expiration services act on, a page at a time in id
 * order: each page starts after the last id of the previous one, so a run the service could not change is never
 * read again in the same pass.
 */
@ApplicationScoped
public class MaintenanceRepository {

    /** States a run is not finished in (Prefect's {@code NON_TERMINAL_STATES}). */
    private static final String NOT_FINISHED = "('SCHEDULED', 'PENDING', 'RUNNING', 'PAUSED', 'CANCELLING')";

    /** A run and the time it was due. */
    public record Due(UUID id, OffsetDateTime nextScheduledStartTime) {
    }

    /** SCHEDULED runs still named Scheduled that were due at or before {@code before}. */
    public Uni<List<Due>> lateRuns(SqlClient conn, OffsetDateTime before, UUID afterId, int batch) {
        return WorkPoolRepository.list(conn, Sql.of("SELECT id, next_scheduled_start_time FROM flow_run"
                + " WHERE next_scheduled_start_time <= ? AND state_type = 'SCHEDULED' AND state_name = 'Scheduled'"
                + " AND (?::uuid IS NULL OR id > ?::uuid) ORDER BY id LIMIT ?", before, afterId, afterId, batch),
                r -> new Due(r.getUUID(0), r.getOffsetDateTime(1)));
    }

    /** Unfinished task runs of flow runs CANCELLED since {@code since}. */
    public Uni<List<UUID>> taskRunsOfCancelledFlowRuns(SqlClient conn, OffsetDateTime since, UUID afterId, int batch) {
        return WorkPoolRepository.list(conn, Sql.of("SELECT t.id FROM task_run t JOIN flow_run f ON f.id = t.flow_run_id"
                + " WHERE f.state_type = 'CANCELLED' AND f.end_time IS NOT NULL AND f.end_time >= ?"
                + " AND t.state_type IN " + NOT_FINISHED + " AND (?::uuid IS NULL OR t.id > ?::uuid)"
                + " ORDER BY t.id LIMIT ?", since, afterId, afterId, batch), r -> r.getUUID(0));
    }

    /** Unfinished subflow runs whose parent flow run (the flow run of their parent task run) is CANCELLED. */
    public Uni<List<Subflow>> subflowsOfCancelledFlowRuns(SqlClient conn, UUID afterId, int batch) {
        return WorkPoolRepository.list(conn, Sql.of("SELECT s.id, s.deployment_id FROM flow_run s"
                + " JOIN task_run t ON t.id = s.parent_task_run_id JOIN flow_run p ON p.id = t.flow_run_id"
                + " WHERE s.parent_task_run_id IS NOT NULL AND s.state_type IN " + NOT_FINISHED
                + " AND p.state_type = 'CANCELLED' AND (?::uuid IS NULL OR s.id > ?::uuid) ORDER BY s.id LIMIT ?",
                afterId, afterId, batch), r -> new Subflow(r.getUUID(0), r.getUUID(1)));
    }

    /** PAUSED flow runs whose pause timed out before {@code now} (runs paused without a timeout never expire). */
    public Uni<List<UUID>> expiredPauses(SqlClient conn, OffsetDateTime now, UUID afterId, int batch) {
        return WorkPoolRepository.list(conn, Sql.of("SELECT r.id FROM flow_run r JOIN flow_run_state s ON s.id = r.state_id"
                + " WHERE r.state_type = 'PAUSED' AND s.state_details->>'pause_timeout' IS NOT NULL"
                + " AND (s.state_details->>'pause_timeout')::timestamptz < ? AND (?::uuid IS NULL OR r.id > ?::uuid)"
                + " ORDER BY r.id LIMIT ?", now, afterId, afterId, batch), r -> r.getUUID(0));
    }

    /** A subflow run, and its deployment when it has one. */
    public record Subflow(UUID id, UUID deploymentId) {
    }
}
