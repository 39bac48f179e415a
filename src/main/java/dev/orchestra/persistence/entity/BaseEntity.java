package dev.orchestra.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Prefect's ORM base: a UUID id assigned by the server, and created/updated timestamps. */
@MappedSuperclass
public abstract class BaseEntity {

    @Id
    @Column(name = "id", nullable = false)
    public UUID id;

    @Column(name = "created", nullable = false)
    public OffsetDateTime created;

    @Column(name = "updated", nullable = false)
    public OffsetDateTime updated;

    /** Gives a new row its id and timestamps. */
    public void stamp(OffsetDateTime now) {
        if (id == null) {
            id = UUID.randomUUID();
        }
        created = now;
        updated = now;
    }
}
