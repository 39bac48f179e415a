package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** The body of {@code POST /concurrency_limits/} ({@code actions.ConcurrencyLimitCreate}). */
public record ConcurrencyLimitCreate(@JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String tag,
        @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) Integer concurrencyLimit) {

    public ConcurrencyLimitCreate {
        Limits.maxLength("tag", tag, Limits.TEXT);
    }
}
