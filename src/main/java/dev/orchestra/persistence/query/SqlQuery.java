package dev.orchestra.persistence.query;

import java.util.Collections;
import java.util.List;

/**
 * A rendered statement and its parameters in placeholder order. Parameter values are plain Java types the
 * PostgreSQL clients bind directly: {@code UUID[]}, {@code String[]}, {@code String}, {@code OffsetDateTime},
 * {@code Long}.
 */
public record SqlQuery(String sql, List<Object> params) {

    public SqlQuery {
        params = Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}
