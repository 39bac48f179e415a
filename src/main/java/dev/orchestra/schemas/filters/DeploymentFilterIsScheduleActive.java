package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter by {@code deployment.is_schedule_active}. */
public record DeploymentFilterIsScheduleActive(
        @JsonProperty("eq_") Boolean eq) implements PrefectFilter {

    /** No criteria: matches everything. */
    public static DeploymentFilterIsScheduleActive empty() {
        return new DeploymentFilterIsScheduleActive(null);
    }
}
