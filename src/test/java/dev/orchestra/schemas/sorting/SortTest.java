package dev.orchestra.schemas.sorting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.orchestra.config.JsonConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        new JsonConfig().customize(MAPPER);
    }

    @Test
    void valuesAreExactlyPrefects() {
        assertEquals(List.of("ID_DESC", "START_TIME_ASC", "START_TIME_DESC", "EXPECTED_START_TIME_ASC",
                "EXPECTED_START_TIME_DESC", "NAME_ASC", "NAME_DESC", "NEXT_SCHEDULED_START_TIME_ASC", "END_TIME_DESC"),
                Arrays.stream(FlowRunSort.values()).map(Enum::name).toList());
        assertEquals(List.of("ID_DESC", "EXPECTED_START_TIME_ASC", "EXPECTED_START_TIME_DESC", "NAME_ASC",
                "NAME_DESC", "NEXT_SCHEDULED_START_TIME_ASC", "END_TIME_DESC"),
                Arrays.stream(TaskRunSort.values()).map(Enum::name).toList());
        assertEquals(List.of("CREATED_DESC", "UPDATED_DESC", "NAME_ASC", "NAME_DESC"),
                Arrays.stream(FlowSort.values()).map(Enum::name).toList());
        assertEquals(List.of("CREATED_DESC", "UPDATED_DESC", "NAME_ASC", "NAME_DESC"),
                Arrays.stream(DeploymentSort.values()).map(Enum::name).toList());
        assertEquals(FlowRunSort.ID_DESC, FlowRunSort.DEFAULT);
        assertEquals(TaskRunSort.ID_DESC, TaskRunSort.DEFAULT);
        assertEquals(FlowSort.NAME_ASC, FlowSort.DEFAULT);
        assertEquals(DeploymentSort.NAME_ASC, DeploymentSort.DEFAULT);
    }

    @Test
    void flowRunOrderBy() {
        assertEquals("flow_run.id DESC", FlowRunSort.ID_DESC.orderBy());
        assertEquals("COALESCE(flow_run.start_time, flow_run.expected_start_time) ASC",
                FlowRunSort.START_TIME_ASC.orderBy());
        assertEquals("COALESCE(fr.start_time, fr.expected_start_time) DESC", FlowRunSort.START_TIME_DESC.orderBy("fr"));
        assertEquals("flow_run.expected_start_time ASC", FlowRunSort.EXPECTED_START_TIME_ASC.orderBy());
        assertEquals("flow_run.expected_start_time DESC", FlowRunSort.EXPECTED_START_TIME_DESC.orderBy());
        assertEquals("flow_run.name ASC", FlowRunSort.NAME_ASC.orderBy());
        assertEquals("flow_run.name DESC", FlowRunSort.NAME_DESC.orderBy());
        assertEquals("flow_run.next_scheduled_start_time ASC", FlowRunSort.NEXT_SCHEDULED_START_TIME_ASC.orderBy());
        assertEquals("flow_run.end_time DESC", FlowRunSort.END_TIME_DESC.orderBy());
    }

    @Test
    void otherOrderBys() {
        assertEquals("task_run.id DESC", TaskRunSort.ID_DESC.orderBy());
        assertEquals("task_run.expected_start_time ASC", TaskRunSort.EXPECTED_START_TIME_ASC.orderBy());
        assertEquals("task_run.expected_start_time DESC", TaskRunSort.EXPECTED_START_TIME_DESC.orderBy());
        assertEquals("task_run.name ASC", TaskRunSort.NAME_ASC.orderBy());
        assertEquals("task_run.name DESC", TaskRunSort.NAME_DESC.orderBy());
        assertEquals("task_run.next_scheduled_start_time ASC", TaskRunSort.NEXT_SCHEDULED_START_TIME_ASC.orderBy());
        assertEquals("task_run.end_time DESC", TaskRunSort.END_TIME_DESC.orderBy());
        assertEquals("flow.created DESC", FlowSort.CREATED_DESC.orderBy());
        assertEquals("flow.updated DESC", FlowSort.UPDATED_DESC.orderBy());
        assertEquals("flow.name ASC", FlowSort.NAME_ASC.orderBy());
        assertEquals("flow.name DESC", FlowSort.NAME_DESC.orderBy());
        assertEquals("deployment.created DESC", DeploymentSort.CREATED_DESC.orderBy());
        assertEquals("deployment.updated DESC", DeploymentSort.UPDATED_DESC.orderBy());
        assertEquals("deployment.name ASC", DeploymentSort.NAME_ASC.orderBy());
        assertEquals("deployment.name DESC", DeploymentSort.NAME_DESC.orderBy());
    }

    @Test
    void aliasMustBeAnIdentifier() {
        assertThrows(IllegalArgumentException.class, () -> FlowRunSort.ID_DESC.orderBy("x; DROP TABLE flow_run"));
        assertThrows(IllegalArgumentException.class, () -> FlowRunSort.ID_DESC.orderBy("Flow_Run"));
    }

    @Test
    void jsonIsStrict() throws Exception {
        assertEquals(FlowRunSort.EXPECTED_START_TIME_DESC,
                MAPPER.readValue("\"EXPECTED_START_TIME_DESC\"", FlowRunSort.class));
        assertEquals("\"NAME_ASC\"", MAPPER.writeValueAsString(DeploymentSort.NAME_ASC));
        assertThrows(InvalidFormatException.class, () -> MAPPER.readValue("\"id_desc\"", FlowRunSort.class));
        assertThrows(InvalidFormatException.class, () -> MAPPER.readValue("\"START_TIME_ASC\"", TaskRunSort.class));
        assertThrows(MismatchedInputException.class, () -> MAPPER.readValue("0", FlowSort.class));
    }
}
