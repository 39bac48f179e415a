package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /concurrency_limits/} ({@code actions.ConcurrencyLimitCreate}). */
public record ConcurrencyLimitCreate(@JsonProperty(required = true) String tag,
        @JsonProperty(required = true) Integer concurrencyLimit) {

    public ConcurrencyLimitCreate {
        Limits.maxLength("tag", tag, Limits.TEXT);
    }
}
