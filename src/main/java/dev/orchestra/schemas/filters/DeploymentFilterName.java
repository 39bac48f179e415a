package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code deployment.name}. */
public record DeploymentFilterName(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> any,
        @JsonProperty("like_") String like) implements PrefectFilter {

    public DeploymentFilterName {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static DeploymentFilterName empty() {
        return new DeploymentFilterName(null, null);
    }
}
