package dev.orchestra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The load generator's streaming checks of answers read only the top level. */
class PrefectApiTest {

    @Test
    void topLevelStringSkipsNestedValues() {
        Buffer answer = Buffer.buffer("{\"state\": {\"status\": \"nested\", \"id\": \"no\", \"data\": [1, {\"id\": 2}]},"
                + " \"status\": \"ACCEPT\", \"details\": {\"type\": \"accept_details\"}}");
        assertEquals("ACCEPT", PrefectApi.topLevelString(answer, "status"));
        assertNull(PrefectApi.topLevelString(answer, "id"));
        assertNull(PrefectApi.topLevelString(Buffer.buffer("{\"status\": null}"), "status"));
        assertThrows(PrefectApi.BadResponse.class, () -> PrefectApi.topLevelString(Buffer.buffer("[1]"), "id"));
        assertThrows(PrefectApi.BadResponse.class, () -> PrefectApi.topLevelString(Buffer.buffer("{\"a\": "), "id"));
    }

    @Test
    void arraySizeCountsTopLevelElementsOnly() {
        assertEquals(0, PrefectApi.arraySize(Buffer.buffer("[]")));
        assertEquals(3, PrefectApi.arraySize(Buffer.buffer("[{\"a\": [1, 2, 3]}, [4, 5], 6]")));
        assertThrows(PrefectApi.BadResponse.class, () -> PrefectApi.arraySize(Buffer.buffer("{\"a\": 1}")));
        assertThrows(PrefectApi.BadResponse.class, () -> PrefectApi.arraySize(Buffer.buffer("[1, 2")));
    }
}
