package dev.orchestra.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.schemas.Log;
import dev.orchestra.schemas.LogCreate;
import dev.orchestra.schemas.LogFilter;
import dev.orchestra.schemas.Paging;
import dev.orchestra.service.LogService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Prefect's {@code /logs} router. */
@Path("/api/logs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Logs")
public class LogResource {

    /** Log sort orders ({@code sorting.LogSort}). */
    public enum LogSort {
        TIMESTAMP_ASC,
        TIMESTAMP_DESC
    }

    /** The body of {@code POST /logs/filter}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "LogFilterRequest")
    public record FilterRequest(Integer limit, Integer offset, LogFilter logs, LogSort sort) {
    }

    private final LogService logs;

    public LogResource(LogService logs) {
        this.logs = logs;
    }

    @POST
    @Path("/")
    @ResponseStatus(201)
    @Operation(operationId = "create_logs_logs__post", summary = "Create Logs",
            description = "Stores a batch of log lines.")
    @APIResponse(responseCode = "201", description = "Stored; the body is JSON null.")
    public Uni<JsonNode> create(List<LogCreate> body) {
        return logs.create(Bodies.require(body)).map(v -> Bodies.NULL);
    }

    @POST
    @Path("/filter")
    @Operation(operationId = "read_logs_logs_filter_post", summary = "Read Logs",
            description = "Lists the log lines that match the filters, sorted and paged.")
    public Uni<List<Log>> filter(FilterRequest body) {
        FilterRequest b = body == null ? new FilterRequest(null, null, null, null) : body;
        boolean ascending = b.sort() == null || b.sort() == LogSort.TIMESTAMP_ASC;
        return logs.filter(b.logs(), ascending, Paging.offset(b.offset()), Paging.limit(b.limit()));
    }
}
