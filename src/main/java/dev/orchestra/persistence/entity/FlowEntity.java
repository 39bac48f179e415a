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

/** A row of {@code flow}. */
@Entity
@Table(name = "flow")
public class FlowEntity extends BaseEntity {

    @Column(name = "name", nullable = false)
    public String name;

    @Convert(converter = StringListJson.class)
    @ColumnTransformer(read = "tags::text", write = JsonColumns.WRITE)
    @Column(name = "tags", nullable = false, columnDefinition = "jsonb")
    public List<String> tags = new ArrayList<>();
}
