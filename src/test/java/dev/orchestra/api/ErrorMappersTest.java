package dev.orchestra.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How database failures become responses. These paths need a failing database to show over HTTP, so they
 * are checked on the mapper itself: retryable failures answer 503 with {@code Retry-After}, data errors
 * 409/422, server bugs 500.
 */
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
        if (status == 503) {
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
        assertEquals(Map.of("exception_message", "Internal Server Error"), response.getEntity());
    }
}
