package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.query;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestra.schemas.sorting.FlowRunSort;
import dev.orchestra.schemas.sorting.TaskRunSort;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code POST /flow_runs/paginate} and {@code /task_runs/paginate}: pages by number and by cursor give the same
 * runs in the same total order (the sort, then id) for every sort, with ties and NULL keys; a cursor walk stays
 * exact when runs are added before and after its position; bad pages and cursors are a 422.
 */
@QuarkusTest
class PaginateResourceTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2030, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    /** Runs of one flow with few distinct keys (ties) and NULLs in every nullable sort column. */
    private static String flowWithRuns(int runs, long seed) {
        String flowId = flow(unique("paginate"));
        Random random = new Random(seed);
        for (int i = 0; i < runs; i++) {
            insertRun(flowId, random);
        }
        return flowId;
    }

    private static void insertRun(String flowId, Random random) {
        sql("INSERT INTO flow_run (id, name, flow_id, expected_start_time, start_time, next_scheduled_start_time,"
                + " end_time) VALUES (?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID(), "run-" + random.nextInt(6), flowId,
                maybe(random), maybe(random), maybe(random), maybe(random));
    }

    private static OffsetDateTime maybe(Random random) {
        return random.nextInt(4) == 0 ? null : T0.plusMinutes(random.nextInt(8));
    }

    private static Map<String, Object> body(String flowId, String sort, Integer page, String cursor, int limit) {
        Map<String, Object> body = new HashMap<>();
        body.put("flows", Map.of("id", Map.of("any_", List.of(flowId))));
        body.put("sort", sort);
        body.put("limit", limit);
        if (page != null) {
            body.put("page", page);
        }
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return body;
    }

    private static JsonPath paginate(String route, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/" + route + "/paginate").then()
                .statusCode(200).extract().jsonPath();
    }

    /** The ids in the order the sort gives them, then id, read straight from the table. */
    private static List<String> expected(String flowId, String orderBy) {
        List<String> ids = new ArrayList<>();
        query("SELECT id::text FROM flow_run WHERE flow_id = ? ORDER BY " + orderBy, flowId)
                .forEach(row -> ids.add((String) row.get(0)));
        return ids;
    }

    private static String orderBy(FlowRunSort sort) {
        String key = sort.orderBy();
        return key + ", flow_run.id" + (key.endsWith("DESC") ? " DESC" : " ASC");
    }

    @ParameterizedTest
    @EnumSource(FlowRunSort.class)
    void pagesByNumberAndByCursorListEveryRunOnceInTheSortThenIdOrder(FlowRunSort sort) {
        String flowId = flowWithRuns(47, sort.ordinal());
        List<String> expected = expected(flowId, orderBy(sort).replace("flow_run.", ""));

        List<String> byNumber = new ArrayList<>();
        for (int page = 1; page <= 5; page++) {
            JsonPath p = paginate("flow_runs", body(flowId, sort.name(), page, null, 10));
            assertEquals(47, p.getInt("count"));
            assertEquals(5, p.getInt("pages"));
            assertEquals(page, p.getInt("page"));
            assertEquals(10, p.getInt("limit"));
            byNumber.addAll(p.getList("results.id"));
            if (page == 5) {
                assertNull(p.get("next_cursor"));
            }
        }
        assertEquals(expected, byNumber);

        List<String> byCursor = new ArrayList<>();
        JsonPath p = paginate("flow_runs", body(flowId, sort.name(), 1, null, 10));
        byCursor.addAll(p.getList("results.id"));
        int page = 1;
        while (p.getString("next_cursor") != null) {
            p = paginate("flow_runs", body(flowId, null, null, p.getString("next_cursor"), 10));
            page++;
            assertEquals(page, p.getInt("page"));
            byCursor.addAll(p.getList("results.id"));
        }
        assertEquals(5, page);
        assertEquals(expected, byCursor);

        // a cursor taken from a page asked by number continues it
        JsonPath third = paginate("flow_runs", body(flowId, sort.name(), 3, null, 10));
        JsonPath fourth = paginate("flow_runs", body(flowId, sort.name(), null, third.getString("next_cursor"), 10));
        assertEquals(expected.subList(30, 40), fourth.getList("results.id"));
    }

    @ParameterizedTest
    @EnumSource(value = FlowRunSort.class, names = {"ID_DESC", "EXPECTED_START_TIME_DESC", "NAME_ASC",
        "START_TIME_ASC", "END_TIME_DESC"})
    void aCursorWalkStaysExactWhenRunsAreAddedOnBothSidesOfIt(FlowRunSort sort) {
        String flowId = flowWithRuns(30, 100 + sort.ordinal());
        List<String> before = expected(flowId, orderBy(sort).replace("flow_run.", ""));
        JsonPath p = paginate("flow_runs", body(flowId, sort.name(), 1, null, 8));
        List<String> seen = new ArrayList<>(p.getList("results.id"));
        p = paginate("flow_runs", body(flowId, null, null, p.getString("next_cursor"), 8));
        seen.addAll(p.getList("results.id"));
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            insertRun(flowId, random);
        }
        List<String> after = expected(flowId, orderBy(sort).replace("flow_run.", ""));
        String last = seen.get(seen.size() - 1);
        List<String> rest = after.subList(after.indexOf(last) + 1, after.size());
        List<String> walked = new ArrayList<>();
        while (p.getString("next_cursor") != null) {
            p = paginate("flow_runs", body(flowId, null, null, p.getString("next_cursor"), 8));
            walked.addAll(p.getList("results.id"));
        }
        // the rows after the cursor's row, in order, as the table holds them now: nothing skipped or repeated
        assertEquals(rest, walked);
        Set<String> all = new HashSet<>(seen);
        all.addAll(walked);
        assertEquals(seen.size() + walked.size(), all.size());
        assertTrue(all.containsAll(before), "every run that was there at the start is listed");
    }

    @Test
    void taskRunsPageByCursorInEverySort() {
        String flowId = flow(unique("paginate-tasks"));
        String flowRun = PortFixtures.statelessFlowRun(flowId);
        Random random = new Random(3);
        for (int i = 0; i < 23; i++) {
            sql("INSERT INTO task_run (id, name, flow_run_id, task_key, dynamic_key, expected_start_time, end_time,"
                    + " next_scheduled_start_time) VALUES (?, ?, ?, 'k', ?, ?, ?, ?)", UUID.randomUUID(),
                    "task-" + random.nextInt(4), UUID.fromString(flowRun), String.valueOf(i), maybe(random),
                    maybe(random), maybe(random));
        }
        for (TaskRunSort sort : TaskRunSort.values()) {
            String key = sort.orderBy();
            List<String> expected = new ArrayList<>();
            query("SELECT id::text FROM task_run WHERE flow_run_id = ? ORDER BY " + key.replace("task_run.", "")
                    + ", id" + (key.endsWith("DESC") ? " DESC" : " ASC"), flowRun)
                    .forEach(row -> expected.add((String) row.get(0)));
            Map<String, Object> body = new HashMap<>();
            body.put("flow_runs", Map.of("id", Map.of("any_", List.of(flowRun))));
            body.put("sort", sort.name());
            body.put("limit", 5);
            JsonPath p = paginate("task_runs", body);
            assertEquals(23, p.getInt("count"));
            assertEquals(5, p.getInt("pages"));
            List<String> walked = new ArrayList<>(p.getList("results.id"));
            while (p.getString("next_cursor") != null) {
                body.put("cursor", p.getString("next_cursor"));
                p = paginate("task_runs", body);
                walked.addAll(p.getList("results.id"));
            }
            assertEquals(expected, walked, sort.name());
        }
    }

    @Test
    void defaultsAreThoseOfPrefect3() {
        String flowId = flowWithRuns(3, 1);
        Map<String, Object> body = new HashMap<>();
        body.put("flows", Map.of("id", Map.of("any_", List.of(flowId))));
        given().contentType(ContentType.JSON).body(body).when().post("/api/flow_runs/paginate").then()
                .statusCode(200).body("page", equalTo(1)).body("limit", equalTo(200)).body("count", equalTo(3))
                .body("pages", equalTo(1)).body("results", hasSize(3)).body("next_cursor", nullValue())
                .body("results.id", equalTo(expected(flowId, "id DESC")));
        body.put("limit", 0);
        given().contentType(ContentType.JSON).body(body).when().post("/api/flow_runs/paginate").then()
                .statusCode(200).body("pages", equalTo(0)).body("results", hasSize(0)).body("count", equalTo(3));
        body.put("limit", 1);
        body.put("page", 9);
        given().contentType(ContentType.JSON).body(body).when().post("/api/flow_runs/paginate").then()
                .statusCode(200).body("page", equalTo(9)).body("results", hasSize(0)).body("next_cursor", nullValue());
    }

    @Test
    void badPagesSortsAndCursorsAre422() {
        String flowId = flowWithRuns(3, 2);
        for (Object page : List.of(0, -1)) {
            given().contentType(ContentType.JSON).body(Map.of("page", page)).when().post("/api/flow_runs/paginate")
                    .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "page")));
        }
        given().contentType(ContentType.JSON).body(Map.of("limit", 201)).when().post("/api/task_runs/paginate")
                .then().statusCode(422);
        given().contentType(ContentType.JSON).body(Map.of("sort", "NOPE")).when().post("/api/flow_runs/paginate")
                .then().statusCode(422);
        for (String cursor : List.of("", "xyz", "eyJ2IjoxfQ", "!!!", "eyJ2IjoxLCJzb3J0IjoiSURfREVTQyIsImtleSI6bnVsbCwiaWQiOiJ4IiwicGFnZSI6Mn0")) {
            given().contentType(ContentType.JSON).body(Map.of("cursor", cursor)).when()
                    .post("/api/flow_runs/paginate").then().statusCode(422)
                    .body("exception_detail[0].loc", equalTo(List.of("body", "cursor")));
        }
        String cursor = paginate("flow_runs", body(flowId, "NAME_ASC", 1, null, 1)).getString("next_cursor");
        given().contentType(ContentType.JSON).body(body(flowId, "NAME_DESC", null, cursor, 1)).when()
                .post("/api/flow_runs/paginate").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "cursor")));
        // the cursor of a flow-run sort the task-run route does not have
        String startTime = paginate("flow_runs", body(flowId, "START_TIME_ASC", 1, null, 1)).getString("next_cursor");
        given().contentType(ContentType.JSON).body(Map.of("cursor", startTime)).when()
                .post("/api/task_runs/paginate").then().statusCode(422);
    }
}
