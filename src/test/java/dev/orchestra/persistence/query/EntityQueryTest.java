package dev.orchestra.persistence.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.config.JsonConfig;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.sorting.FlowRunSort;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the entry points join cross-entity filters (the SQL shape of Prefect's _apply_*_filters). */
class EntityQueryTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        new JsonConfig().customize(MAPPER);
    }

    static <T> T json(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json.replace('\'', '"'), type);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static final String D = "0b1e6ab8-7f0e-4c7a-9a36-0d8c2a8f2a01";

    @Test
    void noFiltersIsTrue() {
        assertEquals("TRUE", FlowRunQuery.where(EntityFilters.NONE).toString());
        assertEquals("TRUE", TaskRunQuery.where(EntityFilters.NONE).toString());
        assertEquals("TRUE", FlowQuery.where(EntityFilters.NONE).toString());
        assertEquals("TRUE", DeploymentQuery.where(EntityFilters.NONE).toString());
    }

    @Test
    void flowRunsByTagsStateFlowNameAndDeployment() {
        FlowRunFilter runs = json("{'tags': {'all_': ['db', 'prod']}, 'state': {'type': {'any_': ['RUNNING', 'PENDING']}},"
                + " 'deployment_id': {'any_': ['" + D + "']}}", FlowRunFilter.class);
        FlowFilter flows = json("{'name': {'like_': 'etl'}}", FlowFilter.class);
        SqlQuery q = FlowRunQuery.select("flow_run.*", EntityFilters.NONE.withFlows(flows).withFlowRuns(runs),
                FlowRunSort.EXPECTED_START_TIME_DESC, 200, 0).render();
        assertEquals("SELECT flow_run.* FROM flow_run WHERE ((flow_run.tags @> $1::text::jsonb"
                + " AND flow_run.deployment_id = ANY($2::uuid[]) AND flow_run.state_type = ANY($3::text[]::state_type[]))"
                + " AND EXISTS (SELECT 1 FROM flow WHERE flow.id = flow_run.flow_id"
                + " AND flow.name ILIKE ('%' || $4::text || '%')))"
                + " ORDER BY flow_run.expected_start_time DESC LIMIT $5 OFFSET $6", q.sql());
        assertEquals("[\"db\",\"prod\"]", q.params().get(0));
        assertEquals("etl", q.params().get(3));
        assertEquals(List.of(200L, 0L), q.params().subList(4, 6));
    }

    @Test
    void flowRunsThroughEveryRelatedEntity() {
        EntityFilters f = new EntityFilters(FlowFilter.empty(), null, TaskRunFilter.empty(),
                DeploymentFilter.empty(), WorkPoolFilter.empty(), WorkQueueFilter.empty());
        assertEquals("(EXISTS (SELECT 1 FROM deployment WHERE deployment.id = flow_run.deployment_id AND TRUE)"
                + " AND EXISTS (SELECT 1 FROM work_queue JOIN work_pool ON work_pool.id = work_queue.work_pool_id"
                + " WHERE work_queue.id = flow_run.work_queue_id AND TRUE)"
                + " AND EXISTS (SELECT 1 FROM work_queue WHERE work_queue.id = flow_run.work_queue_id AND TRUE)"
                + " AND EXISTS (SELECT 1 FROM flow WHERE flow.id = flow_run.flow_id AND TRUE)"
                + " AND EXISTS (SELECT 1 FROM task_run WHERE task_run.flow_run_id = flow_run.id AND TRUE))",
                FlowRunQuery.where(f).toString());
    }

    @Test
    void taskRunsCheckTheirFlowRunInOneExists() {
        EntityFilters f = new EntityFilters(json("{'name': {'any_': ['f']}}", FlowFilter.class),
                json("{'name': {'like_': 'x'}}", FlowRunFilter.class), json("{'name': {'like_': 't'}}", TaskRunFilter.class),
                DeploymentFilter.empty(), WorkPoolFilter.empty(), null);
        assertEquals("(task_run.name ILIKE ('%' || $1::text || '%') AND EXISTS (SELECT 1 FROM flow_run"
                + " JOIN flow ON flow.id = flow_run.flow_id JOIN deployment ON deployment.id = flow_run.deployment_id"
                + " JOIN work_queue ON work_queue.id = flow_run.work_queue_id"
                + " JOIN work_pool ON work_pool.id = work_queue.work_pool_id"
                + " WHERE (flow_run.id = task_run.flow_run_id AND flow_run.name ILIKE ('%' || $2::text || '%')"
                + " AND flow.name = ANY($3::text[]))))", TaskRunQuery.where(f).toString());
    }

    @Test
    void taskRunsByFlowRunIdsOnlySkipTheSubquery() {
        FlowRunFilter ids = json("{'id': {'any_': ['" + D + "']}}", FlowRunFilter.class);
        assertEquals("task_run.flow_run_id = ANY($1::uuid[])",
                TaskRunQuery.where(EntityFilters.NONE.withFlowRuns(ids)).toString());
        assertEquals("EXISTS (SELECT 1 FROM flow_run JOIN flow ON flow.id = flow_run.flow_id WHERE"
                + " (flow_run.id = task_run.flow_run_id AND flow_run.id = ANY($1::uuid[])))",
                TaskRunQuery.where(EntityFilters.NONE.withFlowRuns(ids).withFlows(FlowFilter.empty())).toString());
    }

    @Test
    void flowsThroughDeploymentsAndRuns() {
        EntityFilters f = new EntityFilters(null, FlowRunFilter.empty(), json("{'name': {'like_': 't'}}", TaskRunFilter.class),
                json("{'name': {'any_': ['d']}}", DeploymentFilter.class), WorkPoolFilter.empty(), WorkQueueFilter.empty());
        assertEquals("(EXISTS (SELECT 1 FROM deployment JOIN work_queue ON work_queue.id = deployment.work_queue_id"
                + " JOIN work_pool ON work_pool.id = work_queue.work_pool_id"
                + " WHERE (deployment.flow_id = flow.id AND deployment.name = ANY($1::text[])))"
                + " AND EXISTS (SELECT 1 FROM flow_run JOIN task_run ON task_run.flow_run_id = flow_run.id"
                + " WHERE (flow_run.flow_id = flow.id AND task_run.name ILIKE ('%' || $2::text || '%'))))",
                FlowQuery.where(f).toString());
    }

    @Test
    void deploymentsThroughFlowsRunsAndQueues() {
        EntityFilters f = new EntityFilters(FlowFilter.empty(), json("{'name': {'like_': 'x'}}", FlowRunFilter.class),
                null, json("{'is_schedule_active': {'eq_': true}}", DeploymentFilter.class), null,
                json("{'name': {'any_': ['default']}}", WorkQueueFilter.class));
        assertEquals("(deployment.is_schedule_active IS TRUE"
                + " AND EXISTS (SELECT 1 FROM flow WHERE deployment.flow_id = flow.id AND TRUE)"
                + " AND EXISTS (SELECT 1 FROM flow_run WHERE (flow_run.deployment_id = deployment.id"
                + " AND flow_run.name ILIKE ('%' || $1::text || '%')))"
                + " AND EXISTS (SELECT 1 FROM work_queue WHERE (deployment.work_queue_id = work_queue.id"
                + " AND work_queue.name = ANY($2::text[]))))", DeploymentQuery.where(f).toString());
    }

    @Test
    void countsAndPoolQueries() {
        assertEquals("SELECT count(*) FROM flow_run WHERE TRUE", FlowRunQuery.count(EntityFilters.NONE).toString());
        assertEquals("SELECT work_queue.* FROM work_queue WHERE work_queue.work_pool_id = $1 AND TRUE"
                + " ORDER BY work_queue.priority ASC LIMIT $2",
                WorkPoolQuery.selectPoolQueues("work_queue.*", java.util.UUID.fromString(D), null, 10, null).toString());
    }
}
