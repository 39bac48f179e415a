package dev.orchestra.persistence.query;

/**
 * Prefect's computed run columns (the hybrid expressions of {@code ORMRun}) as SQL over a flow_run or task_run
 * alias, for SELECT lists and ORDER BY. Both read the database clock, as Prefect's do.
 */
public final class RunExpressions {

    private RunExpressions() {
    }

    /** Total run time, plus the time spent so far in the current state when that state is RUNNING. */
    public static String estimatedRunTime(String alias) {
        String a = Sql.identifier(alias);
        return "(CASE WHEN " + a + ".state_type = 'RUNNING' THEN " + a + ".total_run_time + (now() - "
                + a + ".state_timestamp) ELSE " + a + ".total_run_time END)";
    }

    /**
     * Lateness: start minus expected start once started late; for a run not started, not in a final state and
     * expected in the past, now minus expected start; zero otherwise.
     */
    public static String estimatedStartTimeDelta(String alias) {
        String a = Sql.identifier(alias);
        return "(CASE WHEN " + a + ".start_time > " + a + ".expected_start_time THEN " + a + ".start_time - "
                + a + ".expected_start_time WHEN " + a + ".start_time IS NULL AND " + a
                + ".state_type NOT IN ('COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED') AND " + a
                + ".expected_start_time < now() THEN now() - " + a + ".expected_start_time"
                + " ELSE interval '0' END)";
    }
}
