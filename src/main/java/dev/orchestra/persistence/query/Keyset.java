package dev.orchestra.persistence.query;

import java.util.UUID;

/**
 * Pages of runs in a total order, the route's sort key then the run's id in the same direction, so that a page
 * can start right after a known row (keyset pagination: an index range, whatever the page's depth) instead of
 * skipping rows with OFFSET. NULL keys sort as PostgreSQL puts them (last ascending, first descending), as the
 * sorts of the filter routes do; the rows with a NULL key come from a second, ordered branch.
 */
public final class Keyset {

    /** A sort key: its SQL expression over the alias ({@code {a}}), its SQL type, and its direction. */
    public record Key(String template, String type, boolean descending) {

        String expression(String alias) {
            return template.replace("{a}", Sql.identifier(alias));
        }
    }

    /** Where a page starts: after the row with this key (its text, null for a NULL key) and id. */
    public record After(String key, UUID id) {
    }

    private Keyset() {
    }

    /**
     * The key of a sort of the filter routes, by its name ({@code FlowRunSort} and {@code TaskRunSort} share
     * their names).
     */
    public static Key key(String sortName) {
        return switch (sortName) {
            case "ID_DESC" -> new Key("{a}.id", "uuid", true);
            case "START_TIME_ASC" -> new Key("COALESCE({a}.start_time, {a}.expected_start_time)", "timestamptz", false);
            case "START_TIME_DESC" -> new Key("COALESCE({a}.start_time, {a}.expected_start_time)", "timestamptz", true);
            case "EXPECTED_START_TIME_ASC" -> new Key("{a}.expected_start_time", "timestamptz", false);
            case "EXPECTED_START_TIME_DESC" -> new Key("{a}.expected_start_time", "timestamptz", true);
            case "NAME_ASC" -> new Key("{a}.name", "text", false);
            case "NAME_DESC" -> new Key("{a}.name", "text", true);
            case "NEXT_SCHEDULED_START_TIME_ASC" -> new Key("{a}.next_scheduled_start_time", "timestamptz", false);
            case "END_TIME_DESC" -> new Key("{a}.end_time", "timestamptz", true);
            default -> throw new IllegalArgumentException("no keyset for sort " + sortName);
        };
    }

    /**
     * {@code SELECT <columns>, <key>::text AS page_key FROM (<page>) <alias> <joins> ORDER BY ...}: one page of
     * {@code limit} rows of {@code table} matching {@code where}, after {@code after} when given, else skipping
     * {@code offset} rows.
     */
    public static Sql page(String table, String columns, String joins, Sql where, Key key, After after, int limit,
            long offset) {
        String t = Sql.identifier(table);
        String k = key.expression(t);
        String dir = key.descending() ? " DESC" : " ASC";
        String order = " ORDER BY " + k + dir + ", " + t + ".id" + dir;
        String byId = " ORDER BY " + t + ".id" + dir;
        String select = "SELECT " + t + ".* FROM " + t + " WHERE ";
        Sql page;
        if (after == null) {
            page = Sql.raw(select).append(where).append(order).append(Sql.of(" LIMIT ? OFFSET ?", limit, offset));
        } else {
            String cmp = key.descending() ? " < " : " > ";
            String cmpOrEqual = key.descending() ? " <= " : " >= ";
            String id = t + ".id" + cmp + "?::uuid";
            if (key.template().equals("{a}.id")) {
                page = Sql.raw(select).append(where).append(Sql.of(" AND " + id, after.id()))
                        .append(order).append(Sql.of(" LIMIT ?", limit));
            } else if (after.key() == null) {
                // among the NULL keys: the rest of them, then (descending, where NULLs come first) every non-NULL
                page = Sql.raw("(" + select).append(where).append(Sql.of(" AND " + k + " IS NULL AND " + id,
                        after.id())).append(byId).append(Sql.of(" LIMIT ?)", limit));
                if (key.descending()) {
                    page = page.append(" UNION ALL (" + select).append(where).append(" AND " + k + " IS NOT NULL")
                            .append(order).append(Sql.of(" LIMIT ?)", limit));
                }
            } else {
                String value = "?::text::" + key.type();
                page = Sql.raw("(" + select).append(where).append(Sql.of(" AND " + k + cmpOrEqual + value + " AND ("
                        + k + cmp + value + " OR " + id + ")", after.key(), after.key(), after.id()))
                        .append(order).append(Sql.of(" LIMIT ?)", limit));
                if (!key.descending()) {
                    page = page.append(" UNION ALL (" + select).append(where).append(" AND " + k + " IS NULL")
                            .append(byId).append(Sql.of(" LIMIT ?)", limit));
                }
            }
        }
        return Sql.raw("SELECT " + columns + ", (" + k + ")::text AS page_key FROM (").append(page)
                .append(") " + t + " " + joins + order).append(Sql.of(" LIMIT ?", limit));
    }
}
