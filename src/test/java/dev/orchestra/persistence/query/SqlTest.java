package dev.orchestra.persistence.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestra.schemas.filters.Operator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void placeholdersAreNumberedAtRenderTime() {
        Sql a = Sql.of("a = ?", "x");
        Sql b = Sql.of("b = ? AND c = ?", 1L, "y");
        SqlQuery q = Sql.and(a, b).render();
        assertEquals("(a = $1 AND b = $2 AND c = $3)", q.sql());
        assertEquals(List.of("x", 1L, "y"), q.params());
        assertEquals("(a = ? AND b = ? AND c = ?)", Sql.and(a, b).render(Sql.Placeholders.JDBC).sql());
        assertEquals("(a = ?1 AND b = ?2 AND c = ?3)", Sql.and(a, b).render(Sql.Placeholders.ORDINAL).sql());
        assertEquals("(b = $1 AND c = $2 AND a = $3)", Sql.and(b, a).render().sql());
    }

    @Test
    void stringParametersAreNeverSqlText() {
        SqlQuery q = Sql.of("name = ?", "'; DROP TABLE flow; --").render();
        assertEquals("name = $1", q.sql());
        assertEquals(List.of("'; DROP TABLE flow; --"), q.params());
    }

    @Test
    void arrayParameterStaysOneParameter() {
        String[] values = {"a", "b"};
        SqlQuery q = Sql.of("x = ANY(?::text[])", (Object) values).render();
        assertEquals(1, q.params().size());
        assertArrayEquals(values, (String[]) q.params().get(0));
    }

    @Test
    void placeholderCountMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> Sql.of("a = ? AND b = ?", 1));
        assertThrows(IllegalArgumentException.class, () -> Sql.of("a = ?", 1, 2));
    }

    @Test
    void trueAndNoneCombineLikeSqlAlchemy() {
        Sql x = Sql.raw("x");
        Sql y = Sql.raw("y");
        assertEquals("x", Sql.and(List.of(Sql.TRUE, x)).toString());
        assertSame(Sql.TRUE, Sql.or(List.of(x, Sql.TRUE)));
        assertSame(Sql.TRUE, Sql.and(List.of(Sql.TRUE, Sql.TRUE)));
        assertEquals("(x OR y)", Sql.or(List.of(x, Sql.NONE, y)).toString());
        assertSame(Sql.NONE, Sql.and(List.of(Sql.NONE)));
        assertSame(Sql.TRUE, Sql.filter(Operator.OR, List.of()));
        assertSame(Sql.TRUE, Sql.NONE.asCondition());
        assertEquals("NOT (x)", x.not().toString());
        assertEquals("((x OR y) AND x)", Sql.and(Sql.or(List.of(x, y)), x).toString());
    }

    @Test
    void page() {
        SqlQuery q = Sql.raw("SELECT 1").append(Sql.page(10, 20)).render();
        assertEquals("SELECT 1 LIMIT $1 OFFSET $2", q.sql());
        assertEquals(List.of(10L, 20L), q.params());
        assertEquals("SELECT 1 OFFSET $1", Sql.raw("SELECT 1").append(Sql.page(null, 0)).toString());
        assertEquals("SELECT 1", Sql.raw("SELECT 1").append(Sql.page(null, null)).toString());
    }

    @Test
    void identifiersAreChecked() {
        assertEquals("flow_run.id", Sql.column("flow_run", "id"));
        assertThrows(IllegalArgumentException.class, () -> Sql.column("flow_run x", "id"));
        assertThrows(IllegalArgumentException.class, () -> Sql.column("flow_run", "id;"));
    }
}
