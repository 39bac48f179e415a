package dev.orchestra.orchestration;

/** Compatibility switches on the client's API version (absent means the latest). */
public final class ApiVersions {

    private ApiVersions() {
    }

    /** Whether the client speaks API 0.8.4 or later (2.14.21 clients send 0.8.4). */
    public static boolean atLeast084(OrchestrationContext context) {
        int[] v = context.apiVersion();
        if (v == null) {
            return true;
        }
        return v[0] != 0 ? v[0] > 0 : v[1] != 8 ? v[1] > 8 : v[2] >= 4;
    }

    /** Whether the client sent an API version older than 0.8.3 (those clients leave flow retries' task reruns to the server). */
    public static boolean before083(OrchestrationContext context) {
        int[] v = context.apiVersion();
        if (v == null) {
            return false;
        }
        return v[0] != 0 ? v[0] < 0 : v[1] != 8 ? v[1] < 8 : v[2] < 3;
    }
}
