package dev.orchestra.api;

/**
 * An HTTP error with Prefect's {@code {"detail": "..."}} body (FastAPI's HTTPException). Services throw
 * the factories below; {@link ErrorMappers} writes the response.
 */
public class PrefectHttpException extends RuntimeException {

    private final int status;

    public PrefectHttpException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
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
