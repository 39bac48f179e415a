package dev.orchestra.persistence.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.DeploymentFilterId;
import dev.orchestra.schemas.filters.DeploymentFilterIsScheduleActive;
import dev.orchestra.schemas.filters.DeploymentFilterName;
import dev.orchestra.schemas.filters.DeploymentFilterTags;
import dev.orchestra.schemas.filters.DeploymentFilterWorkQueueName;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowFilterDeployment;
import dev.orchestra.schemas.filters.FlowFilterId;
import dev.orchestra.schemas.filters.FlowFilterName;
import dev.orchestra.schemas.filters.FlowFilterTags;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.FlowRunFilterDeploymentId;
import dev.orchestra.schemas.filters.FlowRunFilterExpectedStartTime;
import dev.orchestra.schemas.filters.FlowRunFilterFlowVersion;
import dev.orchestra.schemas.filters.FlowRunFilterId;
import dev.orchestra.schemas.filters.FlowRunFilterIdempotencyKey;
import dev.orchestra.schemas.filters.FlowRunFilterName;
import dev.orchestra.schemas.filters.FlowRunFilterNextScheduledStartTime;
import dev.orchestra.schemas.filters.FlowRunFilterParentFlowRunId;
import dev.orchestra.schemas.filters.FlowRunFilterParentTaskRunId;
import dev.orchestra.schemas.filters.FlowRunFilterStartTime;
import dev.orchestra.schemas.filters.FlowRunFilterState;
import dev.orchestra.schemas.filters.FlowRunFilterStateName;
import dev.orchestra.schemas.filters.FlowRunFilterStateType;
import dev.orchestra.schemas.filters.FlowRunFilterTags;
import dev.orchestra.schemas.filters.FlowRunFilterWorkQueueName;
import dev.orchestra.schemas.filters.Operator;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilterFlowRunId;
import dev.orchestra.schemas.filters.TaskRunFilterId;
import dev.orchestra.schemas.filters.TaskRunFilterName;
import dev.orchestra.schemas.filters.TaskRunFilterStartTime;
import dev.orchestra.schemas.filters.TaskRunFilterState;
import dev.orchestra.schemas.filters.TaskRunFilterStateName;
import dev.orchestra.schemas.filters.TaskRunFilterStateType;
import dev.orchestra.schemas.filters.TaskRunFilterSubFlowRuns;
import dev.orchestra.schemas.filters.TaskRunFilterTags;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkPoolFilterId;
import dev.orchestra.schemas.filters.WorkPoolFilterName;
import dev.orchestra.schemas.filters.WorkPoolFilterType;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.filters.WorkQueueFilterId;
import dev.orchestra.schemas.filters.WorkQueueFilterName;
import dev.orchestra.schemas.filters.WorkerFilter;
import dev.orchestra.schemas.filters.WorkerFilterLastHeartbeatTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Each filter schema as a condition over one row of its table, given the alias that row has in the query
 * (Prefect's {@code as_sql_filter}). A filter's criteria are combined with its operator, a nested filter
 * contributes its own combined condition, and a filter without criteria is TRUE.
 */
public final class FilterSql {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FilterSql() {
    }

    // ------------------------------------------------------------------ flow

    public static Sql where(FlowFilter f, String alias) {
        return new Conditions(alias)
                .add(f.id(), FilterSql::where)
                .add(f.deployment(), FilterSql::where)
                .add(f.name(), FilterSql::where)
                .add(f.tags(), FilterSql::where)
                .join(f.operator());
    }

    public static Sql where(FlowFilterId f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyUuid(c, alias, "id", f.any());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(FlowFilterDeployment f, String alias) {
        List<Sql> c = new ArrayList<>();
        if (f.isNull() != null) {
            String d = Sql.identifier(alias + "_deployment");
            String flowsWithDeployments = "(SELECT " + d + ".flow_id FROM deployment AS " + d + ")";
            c.add(Sql.raw(Sql.column(alias, "id") + (f.isNull() ? " NOT IN " : " IN ") + flowsWithDeployments));
        }
        return Sql.filter(f.operator(), c);
    }

    public static Sql where(FlowFilterName f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "name", f.any());
        like(c, alias, "name", f.like());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(FlowFilterTags f, String alias) {
        return Sql.filter(f.operator(), tags(alias, f.all(), f.isNull()));
    }

    // ------------------------------------------------------------------ flow run

    public static Sql where(FlowRunFilter f, String alias) {
        return new Conditions(alias)
                .add(f.id(), FilterSql::where)
                .add(f.name(), FilterSql::where)
                .add(f.tags(), FilterSql::where)
                .add(f.deploymentId(), FilterSql::where)
                .add(f.workQueueName(), FilterSql::where)
                .add(f.flowVersion(), FilterSql::where)
                .add(f.state(), FilterSql::where)
                .add(f.startTime(), FilterSql::where)
                .add(f.expectedStartTime(), FilterSql::where)
                .add(f.nextScheduledStartTime(), FilterSql::where)
                .add(f.parentFlowRunId(), FilterSql::where)
                .add(f.parentTaskRunId(), FilterSql::where)
                .add(f.idempotencyKey(), FilterSql::where)
                .join(f.operator());
    }

    public static Sql where(FlowRunFilterId f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyUuid(c, alias, "id", f.any());
        if (f.notAny() != null) {
            c.add(Sql.of(Sql.column(alias, "id") + " = ANY(?::uuid[])", uuids(f.notAny())).not());
        }
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(FlowRunFilterName f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "name", f.any());
        like(c, alias, "name", f.like());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(FlowRunFilterTags f, String alias) {
        return Sql.filter(f.operator(), tags(alias, f.all(), f.isNull()));
    }

    public static Sql where(FlowRunFilterDeploymentId f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyUuid(c, alias, "deployment_id", f.any());
        isNull(c, alias, "deployment_id", f.isNull());
        return Sql.filter(f.operator(), c);
    }

    public static Sql where(FlowRunFilterWorkQueueName f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "work_queue_name", f.any());
        isNull(c, alias, "work_queue_name", f.isNull());
        return Sql.filter(f.operator(), c);
    }

    /** The type and name criteria are flattened into this filter's own list, as Prefect does. */
    public static Sql where(FlowRunFilterState f, String alias) {
        List<Sql> c = new ArrayList<>();
        if (f.type() != null) {
            c.addAll(criteria(f.type(), alias));
        }
        if (f.name() != null) {
            c.addAll(criteria(f.name(), alias));
        }
        return Sql.filter(f.operator(), c);
    }

    public static Sql where(FlowRunFilterStateType f, String alias) {
        return Sql.filter(Operator.AND, criteria(f, alias));
    }

    public static Sql where(FlowRunFilterStateName f, String alias) {
        return Sql.filter(Operator.AND, criteria(f, alias));
    }

    private static List<Sql> criteria(FlowRunFilterStateType f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyStateType(c, alias, f.any());
        return c;
    }

    private static List<Sql> criteria(FlowRunFilterStateName f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "state_name", f.any());
        return c;
    }

    public static Sql where(FlowRunFilterFlowVersion f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "flow_version", f.any());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(FlowRunFilterStartTime f, String alias) {
        List<Sql> c = new ArrayList<>();
        between(c, alias, "start_time", f.before(), f.after());
        isNull(c, alias, "start_time", f.isNull());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(FlowRunFilterExpectedStartTime f, String alias) {
        List<Sql> c = new ArrayList<>();
        between(c, alias, "expected_start_time", f.before(), f.after());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(FlowRunFilterNextScheduledStartTime f, String alias) {
        List<Sql> c = new ArrayList<>();
        between(c, alias, "next_scheduled_start_time", f.before(), f.after());
        return Sql.filter(Operator.AND, c);
    }

    /** Subflow runs of the given flow runs: runs whose parent task run belongs to one of them. */
    public static Sql where(FlowRunFilterParentFlowRunId f, String alias) {
        List<Sql> c = new ArrayList<>();
        if (f.any() != null) {
            String t = Sql.identifier(alias + "_parent_task");
            c.add(Sql.exists(Sql.of("SELECT 1 FROM task_run AS " + t
                    + " WHERE " + Sql.column(t, "id") + " = " + Sql.column(alias, "parent_task_run_id")
                    + " AND " + Sql.column(t, "flow_run_id") + " = ANY(?::uuid[])", uuids(f.any()))));
        }
        return Sql.filter(f.operator(), c);
    }

    public static Sql where(FlowRunFilterParentTaskRunId f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyUuid(c, alias, "parent_task_run_id", f.any());
        isNull(c, alias, "parent_task_run_id", f.isNull());
        return Sql.filter(f.operator(), c);
    }

    public static Sql where(FlowRunFilterIdempotencyKey f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "idempotency_key", f.any());
        if (f.notAny() != null) {
            c.add(Sql.of(Sql.column(alias, "idempotency_key") + " = ANY(?::text[])", strings(f.notAny())).not());
        }
        return Sql.filter(Operator.AND, c);
    }

    // ------------------------------------------------------------------ task run

    public static Sql where(TaskRunFilter f, String alias) {
        return new Conditions(alias)
                .add(f.id(), FilterSql::where)
                .add(f.name(), FilterSql::where)
                .add(f.tags(), FilterSql::where)
                .add(f.state(), FilterSql::where)
                .add(f.startTime(), FilterSql::where)
                .add(f.subflowRuns(), FilterSql::where)
                .add(f.flowRunId(), FilterSql::where)
                .join(f.operator());
    }

    /** {@code is_null_ = true} wins: it alone applies, and {@code any_} is ignored. */
    public static Sql where(TaskRunFilterFlowRunId f, String alias) {
        List<Sql> c = new ArrayList<>();
        if (Boolean.TRUE.equals(f.isNull())) {
            c.add(Sql.raw(Sql.column(alias, "flow_run_id") + " IS NULL"));
        } else {
            anyUuid(c, alias, "flow_run_id", f.any());
        }
        return Sql.filter(f.operator(), c);
    }

    public static Sql where(TaskRunFilterId f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyUuid(c, alias, "id", f.any());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(TaskRunFilterName f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "name", f.any());
        like(c, alias, "name", f.like());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(TaskRunFilterTags f, String alias) {
        return Sql.filter(f.operator(), tags(alias, f.all(), f.isNull()));
    }

    public static Sql where(TaskRunFilterState f, String alias) {
        List<Sql> c = new ArrayList<>();
        if (f.type() != null) {
            anyStateType(c, alias, f.type().any());
        }
        if (f.name() != null) {
            anyText(c, alias, "state_name", f.name().any());
        }
        return Sql.filter(f.operator(), c);
    }

    public static Sql where(TaskRunFilterStateType f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyStateType(c, alias, f.any());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(TaskRunFilterStateName f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "state_name", f.any());
        return Sql.filter(Operator.AND, c);
    }

    /** Whether some flow run has this task run as its parent task run. */
    public static Sql where(TaskRunFilterSubFlowRuns f, String alias) {
        List<Sql> c = new ArrayList<>();
        if (f.exists() != null) {
            String s = Sql.identifier(alias + "_subflow");
            Sql exists = Sql.exists(Sql.raw("SELECT 1 FROM flow_run AS " + s + " WHERE "
                    + Sql.column(s, "parent_task_run_id") + " = " + Sql.column(alias, "id")));
            c.add(f.exists() ? exists : exists.not());
        }
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(TaskRunFilterStartTime f, String alias) {
        List<Sql> c = new ArrayList<>();
        between(c, alias, "start_time", f.before(), f.after());
        isNull(c, alias, "start_time", f.isNull());
        return Sql.filter(Operator.AND, c);
    }

    // ------------------------------------------------------------------ deployment

    public static Sql where(DeploymentFilter f, String alias) {
        return new Conditions(alias)
                .add(f.id(), FilterSql::where)
                .add(f.name(), FilterSql::where)
                .add(f.isScheduleActive(), FilterSql::where)
                .add(f.tags(), FilterSql::where)
                .add(f.workQueueName(), FilterSql::where)
                .join(f.operator());
    }

    public static Sql where(DeploymentFilterId f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyUuid(c, alias, "id", f.any());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(DeploymentFilterName f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "name", f.any());
        like(c, alias, "name", f.like());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(DeploymentFilterWorkQueueName f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "work_queue_name", f.any());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(DeploymentFilterIsScheduleActive f, String alias) {
        List<Sql> c = new ArrayList<>();
        if (f.eq() != null) {
            c.add(Sql.raw(Sql.column(alias, "is_schedule_active") + (f.eq() ? " IS TRUE" : " IS FALSE")));
        }
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(DeploymentFilterTags f, String alias) {
        return Sql.filter(f.operator(), tags(alias, f.all(), f.isNull()));
    }

    // ------------------------------------------------------------------ work queue, work pool, worker

    public static Sql where(WorkQueueFilter f, String alias) {
        return new Conditions(alias)
                .add(f.id(), FilterSql::where)
                .add(f.name(), FilterSql::where)
                .join(f.operator());
    }

    public static Sql where(WorkQueueFilterId f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyUuid(c, alias, "id", f.any());
        return Sql.filter(Operator.AND, c);
    }

    /** {@code startswith_}: any of the prefixes, case-insensitive; an empty list adds no condition. */
    public static Sql where(WorkQueueFilterName f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "name", f.any());
        if (f.startswith() != null) {
            List<Sql> prefixes = new ArrayList<>();
            for (String prefix : f.startswith()) {
                prefixes.add(Sql.of(Sql.column(alias, "name") + " ILIKE (?::text || '%')", prefix));
            }
            c.add(prefixes.isEmpty() ? Sql.NONE : Sql.or(prefixes));
        }
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(WorkPoolFilter f, String alias) {
        return new Conditions(alias)
                .add(f.id(), FilterSql::where)
                .add(f.name(), FilterSql::where)
                .add(f.type(), FilterSql::where)
                .join(f.operator());
    }

    public static Sql where(WorkPoolFilterId f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyUuid(c, alias, "id", f.any());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(WorkPoolFilterName f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "name", f.any());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(WorkPoolFilterType f, String alias) {
        List<Sql> c = new ArrayList<>();
        anyText(c, alias, "type", f.any());
        return Sql.filter(Operator.AND, c);
    }

    public static Sql where(WorkerFilter f, String alias) {
        return new Conditions(alias)
                .add(f.lastHeartbeatTime(), FilterSql::where)
                .join(f.operator());
    }

    public static Sql where(WorkerFilterLastHeartbeatTime f, String alias) {
        List<Sql> c = new ArrayList<>();
        between(c, alias, "last_heartbeat_time", f.before(), f.after());
        return Sql.filter(Operator.AND, c);
    }

    // ------------------------------------------------------------------ operators

    private static void anyUuid(List<Sql> c, String alias, String column, List<UUID> any) {
        if (any != null) {
            c.add(Sql.of(Sql.column(alias, column) + " = ANY(?::uuid[])", uuids(any)));
        }
    }

    private static void anyText(List<Sql> c, String alias, String column, List<String> any) {
        if (any != null) {
            c.add(Sql.of(Sql.column(alias, column) + " = ANY(?::text[])", strings(any)));
        }
    }

    /** Bound as text[] and cast, so that no client needs to know the {@code state_type} enum's OID. */
    private static void anyStateType(List<Sql> c, String alias, List<StateType> any) {
        if (any != null) {
            String[] names = any.stream().map(StateType::name).toArray(String[]::new);
            c.add(Sql.of(Sql.column(alias, "state_type") + " = ANY(?::text[]::state_type[])", (Object) names));
        }
    }

    /** Case-insensitive substring match; like Prefect, % and _ in the user's text keep their LIKE meaning. */
    private static void like(List<Sql> c, String alias, String column, String like) {
        if (like != null) {
            c.add(Sql.of(Sql.column(alias, column) + " ILIKE ('%' || ?::text || '%')", like));
        }
    }

    private static void isNull(List<Sql> c, String alias, String column, Boolean isNull) {
        if (isNull != null) {
            c.add(Sql.raw(Sql.column(alias, column) + (isNull ? " IS NULL" : " IS NOT NULL")));
        }
    }

    private static void between(List<Sql> c, String alias, String column, OffsetDateTime before,
            OffsetDateTime after) {
        if (before != null) {
            c.add(Sql.of(Sql.column(alias, column) + " <= ?::timestamptz", before));
        }
        if (after != null) {
            c.add(Sql.of(Sql.column(alias, column) + " >= ?::timestamptz", after));
        }
    }

    /**
     * {@code all_}: the JSONB array contains every given tag; {@code is_null_}: the array is (not) empty. The tags
     * travel as one JSON text parameter, cast to jsonb in SQL (a String bound straight to a jsonb parameter would
     * be taken as a JSON string by the reactive client).
     */
    private static List<Sql> tags(String alias, List<String> all, Boolean isNull) {
        List<Sql> c = new ArrayList<>();
        String column = Sql.column(alias, "tags");
        if (all != null) {
            c.add(Sql.of(column + " @> ?::text::jsonb", jsonArray(all)));
        }
        if (isNull != null) {
            c.add(Sql.raw(column + (isNull ? " = '[]'::jsonb" : " <> '[]'::jsonb")));
        }
        return c;
    }

    /** Returned as Object so that varargs never spreads the array into separate parameters. */
    private static Object uuids(List<UUID> values) {
        return values.toArray(UUID[]::new);
    }

    private static Object strings(List<String> values) {
        return values.toArray(String[]::new);
    }

    private static String jsonArray(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The conditions of a composite filter: each sub-filter that is set, translated by its own {@code where}. */
    private static final class Conditions {
        private final String alias;
        private final List<Sql> parts = new ArrayList<>();

        Conditions(String alias) {
            this.alias = alias;
        }

        <T> Conditions add(T subFilter, BiFunction<T, String, Sql> where) {
            if (subFilter != null) {
                parts.add(where.apply(subFilter, alias));
            }
            return this;
        }

        Sql join(Operator operator) {
            return Sql.filter(operator, parts);
        }
    }
}
