package dev.orchestra.schemas.filters;

/**
 * A filter schema as the API accepts it (Prefect's {@code PrefectFilterBaseModel}): every field optional,
 * unknown fields rejected by the global mapper. Criteria a filter holds are AND-ed.
 */
public interface PrefectFilter {
}
