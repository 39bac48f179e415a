package dev.orchestra.orchestration.policies;

import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.Policy;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.orchestration.rules.core.AddUnknownResult;
import dev.orchestra.orchestration.rules.core.BypassCancellingScheduledFlowRuns;
import dev.orchestra.orchestration.rules.core.CacheInsertion;
import dev.orchestra.orchestration.rules.core.CacheRetrieval;
import dev.orchestra.orchestration.rules.core.CopyScheduledTime;
import dev.orchestra.orchestration.rules.core.EnforceCancellingToCancelledTransition;
import dev.orchestra.orchestration.rules.core.HandleFlowTerminalStateTransitions;
import dev.orchestra.orchestration.rules.core.HandlePausingFlows;
import dev.orchestra.orchestration.rules.core.HandleResumingPausedFlows;
import dev.orchestra.orchestration.rules.core.HandleTaskTerminalStateTransitions;
import dev.orchestra.orchestration.rules.core.PreventDuplicateTransitions;
import dev.orchestra.orchestration.rules.core.PreventPendingTransitions;
import dev.orchestra.orchestration.rules.core.PreventRunningTasksFromStoppedFlows;
import dev.orchestra.orchestration.rules.core.RenameReruns;
import dev.orchestra.orchestration.rules.core.RetryFailedFlows;
import dev.orchestra.orchestration.rules.core.RetryFailedTasks;
import dev.orchestra.orchestration.rules.core.SecureTaskConcurrencySlots;
import dev.orchestra.orchestration.rules.core.UpdateFlowRunTrackerOnTasks;
import dev.orchestra.orchestration.rules.core.WaitForScheduledTime;
import dev.orchestra.orchestration.rules.core.ReleaseTaskConcurrencySlots;
import dev.orchestra.orchestration.rules.global.IncrementFlowRunCount;
import dev.orchestra.orchestration.rules.global.IncrementRunTime;
import dev.orchestra.orchestration.rules.global.IncrementTaskRunCount;
import dev.orchestra.orchestration.rules.global.RemoveResumingIndicator;
import dev.orchestra.orchestration.rules.global.SetEndTime;
import dev.orchestra.orchestration.rules.global.SetExpectedStartTime;
import dev.orchestra.orchestration.rules.global.SetNextScheduledStartTime;
import dev.orchestra.orchestration.rules.global.SetRunStateName;
import dev.orchestra.orchestration.rules.global.SetRunStateTimestamp;
import dev.orchestra.orchestration.rules.global.SetRunStateType;
import dev.orchestra.orchestration.rules.global.SetStartTime;
import dev.orchestra.orchestration.rules.global.UpdateStateDetails;
import dev.orchestra.orchestration.rules.global.UpdateSubflowParentTask;
import dev.orchestra.orchestration.rules.global.UpdateSubflowStateDetails;

/** Prefect's orchestration policies, as ordered lists. */
public final class Policies {

    private Policies() {
    }

    /** Prefect's CoreFlowPolicy. */
    public static final Policy<FlowOrchestrationContext> CORE_FLOW = Policy.of("CoreFlowPolicy",
            PreventDuplicateTransitions::new,
            HandleFlowTerminalStateTransitions::new,
            EnforceCancellingToCancelledTransition::new,
            BypassCancellingScheduledFlowRuns::new,
            PreventPendingTransitions::new,
            HandlePausingFlows::new,
            HandleResumingPausedFlows::new,
            CopyScheduledTime::new,
            WaitForScheduledTime::new,
            RetryFailedFlows::new);

    /** Prefect's CoreTaskPolicy. */
    public static final Policy<TaskOrchestrationContext> CORE_TASK = Policy.of("CoreTaskPolicy",
            CacheRetrieval::new,
            HandleTaskTerminalStateTransitions::new,
            PreventRunningTasksFromStoppedFlows::new,
            SecureTaskConcurrencySlots::new,
            CopyScheduledTime::new,
            WaitForScheduledTime::new,
            RetryFailedTasks::new,
            RenameReruns::new,
            UpdateFlowRunTrackerOnTasks::new,
            CacheInsertion::new,
            Policy.transform(ReleaseTaskConcurrencySlots::new));

    /** For forced flow-run transitions (and a new run's first state). */
    public static final Policy<FlowOrchestrationContext> MINIMAL_FLOW = Policy.of("MinimalFlowPolicy",
            AddUnknownResult::new);

    /** For forced task-run transitions: slots are still released. */
    public static final Policy<TaskOrchestrationContext> MINIMAL_TASK = Policy.of("MinimalTaskPolicy",
            Policy.transform(ReleaseTaskConcurrencySlots::new),
            AddUnknownResult::new);

    /** Bookkeeping on every flow-run transition, in Prefect's order. */
    public static final Policy<FlowOrchestrationContext> GLOBAL_FLOW = Policy.of("GlobalFlowPolicy",
            Policy.transform(SetRunStateType::new),
            Policy.transform(SetRunStateName::new),
            Policy.transform(SetRunStateTimestamp::new),
            Policy.transform(SetStartTime::new),
            Policy.transform(SetEndTime::new),
            Policy.transform(IncrementRunTime::new),
            Policy.transform(SetExpectedStartTime::new),
            Policy.transform(SetNextScheduledStartTime::new),
            Policy.transform(UpdateStateDetails::new),
            Policy.transform(UpdateSubflowParentTask::new),
            Policy.transform(UpdateSubflowStateDetails::new),
            Policy.transform(IncrementFlowRunCount::new),
            Policy.transform(RemoveResumingIndicator::new));

    /** Bookkeeping on every task-run transition, in Prefect's order. */
    public static final Policy<TaskOrchestrationContext> GLOBAL_TASK = Policy.of("GlobalTaskPolicy",
            Policy.transform(SetRunStateType::new),
            Policy.transform(SetRunStateName::new),
            Policy.transform(SetRunStateTimestamp::new),
            Policy.transform(SetStartTime::new),
            Policy.transform(SetEndTime::new),
            Policy.transform(IncrementRunTime::new),
            Policy.transform(SetExpectedStartTime::new),
            Policy.transform(SetNextScheduledStartTime::new),
            Policy.transform(UpdateStateDetails::new),
            Policy.transform(IncrementTaskRunCount::new));
}
