package dev.orchestra.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.persistence.RunMapper;
import dev.orchestra.persistence.ScheduledRunsRepository;
import dev.orchestra.schemas.FlowRunPolicy;
import dev.orchestra.schemas.ScheduleDates;
import dev.orchestra.schemas.StateDetails;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Prefect's {@code schedule_runs}: the runs of a deployment's schedule between two times, inserted as SCHEDULED
 * runs with the idempotency key {@code scheduled <deployment id> <date>}, so that scheduling the same dates again,
 * from another loop or another instance, inserts nothing.
 */
@ApplicationScoped
public class DeploymentScheduling {

    private final ScheduledRunsRepository repo;

    public DeploymentScheduling(ScheduledRunsRepository repo) {
        this.repo = repo;
    }

    /**
     * Schedules the deployment's runs from {@code start}: dates until both {@code minRuns} dates and
     * {@code start + minTime} are reached, never more than {@code maxRuns} nor after {@code end}. Nothing for a
     * missing deployment, one without a schedule or with its schedule paused. Answers the ids of the runs inserted.
     */
    public Uni<List<UUID>> scheduleRuns(SqlClient conn, UUID deploymentId, OffsetDateTime start, OffsetDateTime end,
            Duration minTime, int minRuns, int maxRuns, boolean autoScheduled, OffsetDateTime now) {
        return repo.deploymentToSchedule(conn, deploymentId).chain(d -> {
            if (d == null || d.schedule() == null || !d.active()) {
                return Uni.createFrom().item(List.<UUID>of());
            }
            List<ZonedDateTime> dates = dates(d.schedule(), start, end, minTime, minRuns, maxRuns);
            if (dates.isEmpty()) {
                return Uni.createFrom().item(List.<UUID>of());
            }
            List<String> tags = new ArrayList<>();
            if (autoScheduled) {
                tags.add("auto-scheduled");
            }
            tags.addAll(d.tags());
            List<ScheduledRunsRepository.NewRun> runs = new ArrayList<>();
            for (ZonedDateTime date : dates) {
                OffsetDateTime at = date.toOffsetDateTime();
                runs.add(new ScheduledRunsRepository.NewRun(UUID.randomUUID(), UUID.randomUUID(), RunNames.generate(),
                        "scheduled " + deploymentId + " " + ScheduleDates.pythonIso(date), at,
                        RunMapper.write(StateDetails.EMPTY.withScheduledTime(at))));
            }
            return repo.insertScheduledRuns(conn, d, runs, RunMapper.write(tags), autoScheduled,
                    RunMapper.write(FlowRunPolicy.DEFAULT), now);
        });
    }

    /** Prefect's date selection of {@code _generate_scheduled_flow_runs}. */
    static List<ZonedDateTime> dates(JsonNode schedule, OffsetDateTime start, OffsetDateTime end, Duration minTime,
            int minRuns, int maxRuns) {
        List<ZonedDateTime> out = new ArrayList<>();
        OffsetDateTime enough = start.plus(minTime);
        Iterator<ZonedDateTime> it = ScheduleDates.dates(schedule, start, end, maxRuns);
        while (it.hasNext()) {
            ZonedDateTime date = it.next();
            out.add(date);
            if (out.size() >= minRuns && !date.toOffsetDateTime().isBefore(enough)) {
                break;
            }
        }
        return out;
    }
}
