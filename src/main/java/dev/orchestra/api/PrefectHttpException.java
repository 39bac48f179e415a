package dev.orchestra.api;

/**
 * An HTTP error with Prefect's {@code {"detail": "..."}} body (FastAPI's HTTPException). Services throw
 * the factories below; {@link ErrorMappers} writes the response.
 */
public class PrefectHttpException extends RuntimeException {

    private final int status;
    private final String bodyKey;

    public PrefectHttpException(int status, String detail) {
        this(status, detail, "detail");
    }

    private PrefectHttpException(int status, String detail, String bodyKey) {
        super(detail, null, false, false);
        this.status = status;
        this.bodyKey = bodyKey;
    }

    /** The key of the message in the body: {@code detail}, or {@code exception_message} for lookups in models. */
    public String bodyKey() {
        return bodyKey;
    }

    /** Prefect's {@code ObjectNotFoundError}: a 404 whose body says {@code exception_message}. */
    public static PrefectHttpException objectNotFound(String message) {
        return new PrefectHttpException(404, message, "exception_message");
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public static PrefectHttpException notFound(String detail) {
        return new PrefectHttpException(404, detail);
    }

    public static PrefectHttpException conflict(String detail) {
        return new PrefectHttpException(409, detail);
    }

    public static PrefectHttpException badRequest(String detail) {
        return new PrefectHttpException(400, detail);
    }

    public static PrefectHttpException unprocessable(String detail) {
        return new PrefectHttpException(422, detail);
    }
}
