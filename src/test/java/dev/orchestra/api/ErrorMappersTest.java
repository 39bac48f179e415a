package dev.orchestra.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.testing.CapturedLogs;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How database failures become responses. These paths need a failing database to show over HTTP, so they
 * are checked on the mapper itself: retryable failures answer 503 with {@code Retry-After}, data errors
 * 409/422, server bugs 500.
 */
@CapturedLogs.Capture("dev.orchestra.api.ErrorMappers")
class ErrorMappersTest {

    private final ErrorMappers mappers = new ErrorMappers(new ObjectMapper());

    private static PgException pg(String sqlState) {
        return new PgException("boom", "ERROR", sqlState, null);
    }

    @ParameterizedTest
    @CsvSource({
            "40001, 503", // serialization failure
            "40P01, 503", // deadlock detected
            "08006, 503", // connection failure
            "53300, 503", // too many connections
            "57014, 503", // statement cancelled (timeout)
            "57P01, 503", // server shutting down
            "23505, 409", // unique violation
            "23503, 409", // foreign key violation
            "22P02, 422", // invalid text representation
            "42703, 500", // undefined column: a bug, not retryable
            "42601, 500", // syntax error
    })
    void databaseErrorsByClass(String sqlState, int status) {
        Response direct = mappers.database(pg(sqlState));
        Response wrapped = mappers.fallback(new CompletionException(new RuntimeException(pg(sqlState))));
        assertEquals(status, direct.getStatus());
        assertEquals(status, wrapped.getStatus());
        if (status == 500) {
            // an unexpected failure stays loud: ERROR with the stack trace
            assertEquals(2, CapturedLogs.atLeast(Level.SEVERE).size());
            assertNotNull(CapturedLogs.atLeast(Level.SEVERE).get(0).getThrown());
        } else {
            assertEquals(List.of(), CapturedLogs.atLeast(Level.SEVERE), "an expected failure logs no ERROR");
        }
        if (status == 503) {
            // expected while the database fails over: one WARN line each, no stack trace
            assertEquals(2, CapturedLogs.atLeast(Level.WARNING).size());
            assertNull(CapturedLogs.atLeast(Level.WARNING).get(0).getThrown());
            assertEquals("1", direct.getHeaderString("Retry-After"));
            assertEquals(Map.of("exception_message", "Service Unavailable"), direct.getEntity());
        } else {
            assertNull(direct.getHeaderString("Retry-After"));
        }
    }

    @Test
    void lostConnectionIsRetryable() {
        Response response = mappers.fallback(new VertxException("Connection is closed"));
        assertEquals(503, response.getStatus());
        assertEquals("1", response.getHeaderString("Retry-After"));
    }

    @Test
    void unknownFailureIsPrefectsInternalError() {
        Response response = mappers.fallback(new IllegalStateException("bug"));
        assertEquals(500, response.getStatus());
        assertInstanceOf(IllegalStateException.class, CapturedLogs.atLeast(Level.SEVERE).get(0).getThrown());
        assertEquals(Map.of("exception_message", "Internal Server Error"), response.getEntity());
    }
}
