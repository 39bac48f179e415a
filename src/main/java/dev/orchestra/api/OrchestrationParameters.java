package dev.orchestra.api;

import dev.orchestra.schemas.OrchestrationResult;
import dev.orchestra.service.OrchestrationService;
import java.util.HashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/** What the API passes to orchestration from the request, and how an outcome becomes a response. */
final class OrchestrationParameters {

    private OrchestrationParameters() {
    }

    /** The parameters rules may read: the client's API version (already checked by {@link RequestFilters}). */
    static Map<String, Object> of(String apiVersion) {
        Map<String, Object> params = new HashMap<>();
        if (apiVersion != null && !apiVersion.isEmpty()) {
            int[] parsed = RequestFilters.parse(apiVersion);
            if (parsed != null) {
                params.put("api-version", parsed);
            }
        }
        return params;
    }

    /** 201 when a new state was written, 200 otherwise, as Prefect answers set_state. */
    static RestResponse<OrchestrationResult> response(OrchestrationService.Outcome outcome) {
        return RestResponse.status(outcome.stateWritten() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                outcome.result());
    }
}
