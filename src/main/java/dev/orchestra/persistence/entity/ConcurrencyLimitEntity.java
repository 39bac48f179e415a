package dev.orchestra.persistence.entity;

import dev.orchestra.persistence.convert.JsonColumns;
import dev.orchestra.persistence.convert.StringListJson;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code concurrency_limit}: a tag limit and the task runs holding its slots. */
@Entity
@Table(name = "concurrency_limit")
public class ConcurrencyLimitEntity extends BaseEntity {

    @Column(name = "tag", nullable = false)
    public String tag;

    @Column(name = "concurrency_limit", nullable = false)
    public int concurrencyLimit;

    @Convert(converter = StringListJson.class)
    @ColumnTransformer(read = "active_slots::text", write = JsonColumns.WRITE)
    @Column(name = "active_slots", nullable = false, columnDefinition = "jsonb")
    public List<String> activeSlots = new ArrayList<>();
}
