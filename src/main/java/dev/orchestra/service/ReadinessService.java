package dev.orchestra.service;

import dev.orchestra.persistence.NativeQueries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Whether the server can serve requests: Prefect's readiness check asks whether the database answers. */
@ApplicationScoped
public class ReadinessService {

    private final NativeQueries queries;

    public ReadinessService(NativeQueries queries) {
        this.queries = queries;
    }

    public Uni<Boolean> ready() {
        return queries.databaseReachable();
    }
}
