package dev.orchestra.schemas.sorting;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.orchestra.schemas.filters.StrictEnumDeserializer;

/**
 * Sort orders for deployments; the JSON value is the constant's name. Each renders its ORDER BY expression with plain
 * ASC/DESC, so NULLs sort where PostgreSQL puts them by default (last for ASC, first for DESC), as in Prefect.
 */
@JsonDeserialize(using = DeploymentSort.Deserializer.class)
public enum DeploymentSort {
    CREATED_DESC("{a}.created DESC"),
    UPDATED_DESC("{a}.updated DESC"),
    NAME_ASC("{a}.name ASC"),
    NAME_DESC("{a}.name DESC");

    /** The route's default when the request names no sort. */
    public static final DeploymentSort DEFAULT = NAME_ASC;

    private final String template;

    DeploymentSort(String template) {
        this.template = template;
    }

    /** The ORDER BY expression over the table's own alias, {@code deployment}. */
    public String orderBy() {
        return orderBy("deployment");
    }

    /** The ORDER BY expression over {@code alias}, which must be a plain SQL identifier. */
    public String orderBy(String alias) {
        return template.replace("{a}", SortAliases.check(alias));
    }

    public static final class Deserializer extends StrictEnumDeserializer<DeploymentSort> {
        public Deserializer() {
            super(DeploymentSort.class, DeploymentSort::name);
        }
    }
}
