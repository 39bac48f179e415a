package dev.orchestra.persistence.query;

import dev.orchestra.schemas.filters.Operator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An immutable piece of parameterised SQL. Text comes only from code constants; every value that came from a
 * request travels as a bound parameter. Pieces compose freely, and placeholders are numbered only when the
 * statement is rendered, so fragments never need to know their position.
 *
 * <p>Combination follows SQLAlchemy as Prefect uses it: a filter without criteria is {@link #TRUE}; AND drops
 * TRUE operands, OR with a TRUE operand is TRUE; {@link #NONE} (an empty OR, which SQLAlchemy omits) vanishes
 * from any combination.
 */
public final class Sql {

    /** Matches every row. */
    public static final Sql TRUE = new Sql(List.of("TRUE"), Kind.TRUE);

    /** No condition at all: dropped from AND/OR; as a whole WHERE clause it means TRUE. */
    public static final Sql NONE = new Sql(List.of(), Kind.NONE);

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private enum Kind { PLAIN, TRUE, NONE }

    /** A bound value; wrapped so that String values cannot be mistaken for SQL text. */
    private record Param(Object value) {
    }

    private final List<Object> parts;
    private final Kind kind;

    private Sql(List<Object> parts, Kind kind) {
        this.parts = parts;
        this.kind = kind;
    }

    /** SQL text without parameters. Must be a code constant. */
    public static Sql raw(String text) {
        return new Sql(List.of(Objects.requireNonNull(text)), Kind.PLAIN);
    }

    /**
     * SQL text (a code constant) in which each {@code ?} stands for the next of {@code params}, e.g.
     * {@code Sql.of("flow_run.name ILIKE ('%' || ?::text || '%')", userText)}.
     */
    public static Sql of(String template, Object... params) {
        List<Object> parts = new ArrayList<>();
        int from = 0;
        int used = 0;
        for (int i = template.indexOf('?'); i >= 0; i = template.indexOf('?', from)) {
            if (used == params.length) {
                throw new IllegalArgumentException("more placeholders than parameters in: " + template);
            }
            if (i > from) {
                parts.add(template.substring(from, i));
            }
            parts.add(new Param(params[used++]));
            from = i + 1;
        }
        if (used != params.length) {
            throw new IllegalArgumentException("more parameters than placeholders in: " + template);
        }
        if (from < template.length()) {
            parts.add(template.substring(from));
        }
        return new Sql(List.copyOf(parts), Kind.PLAIN);
    }

    /** {@code alias.column}, refusing anything that is not a plain lower-case identifier. */
    public static String column(String alias, String column) {
        return identifier(alias) + "." + identifier(column);
    }

    /** Returns {@code name} if it is a plain lower-case SQL identifier, else throws. */
    public static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
        return name;
    }

    public boolean isTrue() {
        return kind == Kind.TRUE;
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }

    /** This followed by {@code other}, as text. */
    public Sql append(Sql other) {
        List<Object> joined = new ArrayList<>(parts);
        joined.addAll(other.parts);
        return new Sql(List.copyOf(joined), Kind.PLAIN);
    }

    public Sql append(String rawText) {
        return append(raw(rawText));
    }

    public static Sql and(Sql... operands) {
        return combine(Operator.AND, Arrays.asList(operands));
    }

    public static Sql and(List<Sql> operands) {
        return combine(Operator.AND, operands);
    }

    public static Sql or(List<Sql> operands) {
        return combine(Operator.OR, operands);
    }

    /** A filter's criteria joined by its operator; no criteria at all is TRUE. */
    public static Sql filter(Operator operator, List<Sql> criteria) {
        return criteria.isEmpty() ? TRUE : combine(operator, criteria);
    }

    /** The operands joined by {@code operator}, parenthesised; see the class comment for TRUE and NONE. */
    public static Sql combine(Operator operator, List<Sql> operands) {
        List<Sql> kept = new ArrayList<>();
        boolean sawTrue = false;
        for (Sql s : operands) {
            if (s.isNone()) {
                continue;
            }
            if (s.isTrue()) {
                sawTrue = true;
                if (operator == Operator.OR) {
                    return TRUE;
                }
                continue;
            }
            kept.add(s);
        }
        if (kept.isEmpty()) {
            return sawTrue ? TRUE : NONE;
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        String glue = operator == Operator.AND ? " AND " : " OR ";
        Sql out = raw("(");
        for (int i = 0; i < kept.size(); i++) {
            out = out.append(i == 0 ? kept.get(i) : raw(glue).append(kept.get(i)));
        }
        return out.append(")");
    }

    /** {@code NOT (this)}; NOT TRUE is FALSE, and NOT of nothing stays nothing. */
    public Sql not() {
        if (isNone()) {
            return NONE;
        }
        return raw("NOT (").append(this).append(")");
    }

    /** {@code EXISTS (subquery)}. */
    public static Sql exists(Sql subquery) {
        return raw("EXISTS (").append(subquery).append(")");
    }

    /** This as a complete WHERE condition: {@link #NONE} becomes TRUE. */
    public Sql asCondition() {
        return isNone() ? TRUE : this;
    }

    /** {@code  LIMIT ? OFFSET ?} for whichever is non-null (bound as {@code Long}, which the PG clients want). */
    public static Sql page(Integer limit, Integer offset) {
        Sql out = raw("");
        if (limit != null) {
            out = out.append(of(" LIMIT ?", limit.longValue()));
        }
        if (offset != null) {
            out = out.append(of(" OFFSET ?", offset.longValue()));
        }
        return out;
    }

    /** Renders with the Vert.x reactive PostgreSQL client's {@code $1, $2, ...} placeholders. */
    public SqlQuery render() {
        return render(Placeholders.DOLLAR);
    }

    public SqlQuery render(Placeholders style) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Param p) {
                params.add(p.value());
                sql.append(style.placeholder(params.size()));
            } else {
                sql.append((String) part);
            }
        }
        return new SqlQuery(sql.toString(), params);
    }

    @Override
    public String toString() {
        return render().sql();
    }

    /** Placeholder styles. */
    public enum Placeholders {
        /** {@code $1}: Vert.x reactive PG client, PostgreSQL's own syntax. */
        DOLLAR,
        /** {@code ?}: JDBC. */
        JDBC,
        /** {@code ?1}: Hibernate native queries. */
        ORDINAL;

        String placeholder(int n) {
            return switch (this) {
                case DOLLAR -> "$" + n;
                case JDBC -> "?";
                case ORDINAL -> "?" + n;
            };
        }
    }
}
