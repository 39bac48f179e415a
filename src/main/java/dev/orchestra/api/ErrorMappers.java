package dev.orchestra.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.orchestra.errors.Conflict;
import dev.orchestra.errors.DomainError;
import dev.orchestra.errors.Forbidden;
import dev.orchestra.errors.NotFound;
import dev.orchestra.errors.Refused;
import dev.orchestra.errors.Retryable;
import dev.orchestra.orchestration.RetryableErrors;
import dev.orchestra.schemas.ValidationException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into Prefect's error bodies: {@code {"detail": ...}} for HTTP errors, the 422
 * validation body for malformed requests, 409 for integrity conflicts, 503 with {@code Retry-After} for
 * retryable database errors (logged as one WARN line). Anything else is a 500 with Prefect's body and a stack
 * trace logged at ERROR.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    static final String RAW_BODY = "orchestra.raw-body";
    /** Set when the body declared a type other than JSON: a 422 echoes it as text. */
    static final String BODY_NOT_JSON = "orchestra.body-not-json";

    private final ObjectMapper mapper;

    public ErrorMappers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response httpError(PrefectHttpException e) {
        return json(e.status(), Map.of(e.bodyKey(), e.detail()));
    }

    /** Domain errors raised below {@code api}: each kind has one HTTP answer with Prefect's body. */
    @ServerExceptionMapper
    public Response domain(DomainError e) {
        if (e instanceof NotFound n) {
            return json(404, Map.of(n.inModel() ? "exception_message" : "detail", n.getMessage()));
        }
        if (e instanceof Retryable) {
            return serviceUnavailable(e);
        }
        int status = e instanceof Conflict ? 409 : e instanceof Forbidden ? 403 : e instanceof Refused ? 400 : 422;
        return json(status, Map.of("detail", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response validation(ValidationException e, ContainerRequestContext request) {
        return validationResponse(e.errors(), request);
    }

    @ServerExceptionMapper(priority = 1)
    public Response jackson(JsonProcessingException e, ContainerRequestContext request) {
        Object raw = request == null ? null : request.getProperty(RAW_BODY);
        if (raw instanceof byte[] bytes && bytes.length > 0 && PythonJson.text(bytes).isEmpty()) {
            // Starlette cannot even decode the body: FastAPI answers 400
            return json(400, Map.of("detail", "There was an error parsing the body"));
        }
        return validationResponse(List.of(toError(e, request)), request);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, ContainerRequestContext request) {
        return jackson(e, request);
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidJson(JsonParseException e, ContainerRequestContext request) {
        return jackson(e, request);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapping(JsonMappingException e, ContainerRequestContext request) {
        return jackson(e, request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, ContainerRequestContext request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException jpe) {
            return jackson(jpe, request);
        }
        int status = e.getResponse().getStatus();
        if (e instanceof NotFoundException) {
            return json(404, Map.of("detail", "Not Found"));
        }
        if (e instanceof NotAllowedException) {
            return json(405, Map.of("detail", "Method Not Allowed"));
        }
        if (e instanceof NotSupportedException) {
            return json(415, Map.of("detail", "Unsupported Media Type"));
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return json(status, Map.of("detail", reason == null ? String.valueOf(status) : reason));
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        return integrityConflict(e);
    }

    @ServerExceptionMapper
    public Response database(PgException e) {
        return database(e.getSqlState(), e.getErrorMessage(), e);
    }

    /**
     * A database error by its SQLSTATE: integrity (23) a 409; data PostgreSQL refuses (22) and a value too
     * large for an index (54) a 422; retryable ones a 503; anything else a 500.
     */
    private Response database(String state, String message, Throwable e) {
        if (state != null && state.startsWith("23")) {
            return integrityConflict(e);
        }
        if (state != null && (state.startsWith("22") || state.startsWith("54"))) {
            LOG.debugf(e, "invalid data reached the database");
            return json(422, Map.of("detail", "Invalid data: " + message));
        }
        if (RetryableErrors.sqlState(state)) {
            return serviceUnavailable(e);
        }
        LOG.error("Database error in request", e);
        return internalError();
    }

    @ServerExceptionMapper
    public Response fallback(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                return database(pg);
            }
            if (t instanceof ConstraintViolationException cve) {
                return integrityConflict(cve);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                // Hibernate Reactive reports the driver's error as a JDBC exception carrying its SQLSTATE
                return database(sql.getSQLState(), databaseMessage(sql), e);
            }
        }
        if (connectionLost(e)) {
            return serviceUnavailable(e);
        }
        LOG.error("Encountered exception in request", e);
        return internalError();
    }

    /** The server's message without the "ERROR: " prefix and the "(SQLSTATE)" suffix the JDBC wrapper adds. */
    private static String databaseMessage(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.replaceFirst("^ERROR: ", "").replaceFirst(" \\(\\w{5}\\)$", "");
    }

    private static Response internalError() {
        return json(500, Map.of("exception_message", "Internal Server Error"));
    }

    /**
     * A database connection that failed or went away mid-request (reset, closed, refused): Prefect answers 503
     * for asyncpg's lost-connection errors, so the client retries instead of failing the run.
     */
    static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedConnectionException
                    || t instanceof IOException && !(t instanceof JsonProcessingException)) {
                return true;
            }
            if (t instanceof VertxException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("connection")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private Response integrityConflict(Throwable e) {
        LOG.debugf(e, "integrity conflict");
        return json(409, Map.of("detail", "Data integrity conflict. This usually means a unique or foreign key"
                + " constraint was violated. See server logs for details."));
    }

    private Response serviceUnavailable(Throwable e) {
        // Expected while the database restarts or fails over, and answered so the client retries: one line each,
        // the stack trace at DEBUG. Unexpected failures (500) keep their stack trace at ERROR.
        LOG.warnf("Retryable database error in request, answered 503: %s", rootCause(e));
        LOG.debug("Retryable database error", e);
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "1")
                .entity(Map.of("exception_message", "Service Unavailable")).build();
    }

    private Response validationResponse(List<ValidationException.Error> errors,
            ContainerRequestContext request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exception_message", "Invalid request received.");
        body.put("exception_detail", errors);
        body.put("request_body", requestBody(request));
        return json(422, body);
    }

    private Object requestBody(ContainerRequestContext request) {
        Object raw = request == null ? null : request.getProperty(RAW_BODY);
        if (!(raw instanceof byte[] bytes) || bytes.length == 0) {
            return null;
        }
        if (request.getProperty(BODY_NOT_JSON) != null) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return mapper.readTree(bytes);
        } catch (Exception e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /**
     * Maps a Jackson failure to the pydantic error FastAPI would have produced: malformed JSON, missing
     * required fields and errors raised by record constructors here, the rest by
     * {@link ValidationException#from}.
     */
    static ValidationException.Error toError(JsonProcessingException e, ContainerRequestContext request) {
        Object raw = request == null ? null : request.getProperty(RAW_BODY);
        if (raw instanceof byte[] bytes && bytes.length > 0) {
            var decodeError = PythonJson.text(bytes).flatMap(PythonJson::decodeError);
            if (decodeError.isPresent()) {
                // the body is not JSON as Python reads it: FastAPI's error, word for word
                PythonJson.DecodeError d = decodeError.get();
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("msg", d.msg());
                ctx.put("doc", d.doc());
                ctx.put("pos", d.pos());
                ctx.put("lineno", d.lineno());
                ctx.put("colno", d.colno());
                return new ValidationException.Error(List.of("body", d.pos()), d.message(), "value_error.jsondecode",
                        ctx);
            }
        }
        if (e instanceof JsonParseException || e instanceof JsonEOFException) {
            long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 1 : e.getLocation().getColumnNr();
            return new ValidationException.Error(List.of("body", offset),
                    "Expecting value: line " + line + " column " + column + " (char " + offset + ")",
                    "value_error.jsondecode");
        }
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        if (e instanceof JsonMappingException jme) {
            for (JsonMappingException.Reference ref : jme.getPath()) {
                loc.add(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
            }
        }
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof ValidationException ve
                && !ve.errors().isEmpty()) {
            ValidationException.Error inner = ve.errors().get(0);
            List<Object> full = new ArrayList<>(loc);
            full.addAll(inner.loc());
            return new ValidationException.Error(full, inner.msg(), inner.type(), inner.ctx());
        }
        if (e instanceof ValueInstantiationException vie && vie.getCause() != null) {
            return new ValidationException.Error(loc, vie.getCause().getMessage(), "value_error");
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof MismatchedInputException && message.startsWith("Missing required creator property")) {
            String name = message.replaceAll(".*'([^']*)'.*", "$1");
            if (!name.equals(loc.get(loc.size() - 1))) {
                loc.add(name);
            }
            return new ValidationException.Error(loc, "field required", "value_error.missing");
        }
        if (message.contains("No content to map")) {
            return new ValidationException.Error(List.of("body"), "field required", "value_error.missing");
        }
        return ValidationException.from(e, "body").errors().get(0);
    }
}
