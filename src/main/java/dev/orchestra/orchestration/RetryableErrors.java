package dev.orchestra.orchestration;

/** Which database failures a client may retry: one classification for the engine and the error mappers. */
public final class RetryableErrors {

    private RetryableErrors() {
    }

    /**
     * SQLSTATE classes a client may retry: connection exceptions (08), transaction rollbacks such as
     * serialization failures and deadlocks (40), insufficient resources (53) and operator intervention
     * such as a cancelled statement or a shutting-down server (57). Anything else (a syntax error, an
     * undefined column) is a server bug.
     */
    public static boolean sqlState(String sqlState) {
        if (sqlState == null || sqlState.length() < 2) {
            return false;
        }
        return switch (sqlState.substring(0, 2)) {
            case "08", "40", "53", "57" -> true;
            default -> false;
        };
    }
}
