package dev.orchestra.orchestration;

import dev.orchestra.schemas.OrchestrationResult;
import dev.orchestra.schemas.SetStateStatus;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateResponseDetails;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Governs one transition, as an explicit sequence: enter the policy's rules that govern it, in priority
 * order; enter the bookkeeping transforms; validate (the one place a state is written); exit everything in
 * reverse order. Every step runs after the previous one on the same connection; errors become data (ABORT),
 * except retryable database errors, which propagate so the client can retry, and database errors of the
 * state write itself, which leave the transaction unusable.
 */
@ApplicationScoped
public class OrchestrationEngine {

    private static final Logger LOG = Logger.getLogger(OrchestrationEngine.class);
    /** What a failed state validation is attributed to, for an observer. */
    static final String STATE_VALIDATION = "StateValidation";

    private final OrchestrationObserver observer;

    /** An engine nobody observes (tests). */
    public OrchestrationEngine() {
        this(OrchestrationObserver.NONE);
    }

    @Inject
    public OrchestrationEngine(OrchestrationObserver observer) {
        this.observer = observer;
    }

    /** Runs the transition; the context then holds the outcome ({@link #result}). */
    public <C extends OrchestrationContext> Uni<C> orchestrate(C context, Policy<C> policy, Policy<C> global) {
        StateType from = context.initialStateType();
        StateType to = context.proposedStateType();
        List<Stage> stages = new ArrayList<>(policy.compile(context, from, to));
        stages.addAll(global.compile(context, from, to));
        return inSequence(stages, Stage::enter)
                .chain(() -> validate(context))
                .chain(() -> inSequence(reversed(stages), Stage::exit))
                .chain(() -> context.runChangedSinceWrite && !context.writeFailed ? context.writeRun()
                        : Uni.createFrom().voidItem())
                .invoke(() -> observer.orchestrated(policy.name(), context.decidedBy, context.responseStatus))
                .replaceWith(context);
    }

    /** The API answer for an orchestrated context. */
    public static OrchestrationResult result(OrchestrationContext context) {
        return new OrchestrationResult(context.validatedState, context.responseStatus, context.responseDetails);
    }

    private Uni<Void> validate(OrchestrationContext context) {
        if (context.proposedState == null) {
            context.validatedState = context.initialState;
            return Uni.createFrom().voidItem();
        }
        context.proposedState = context.proposedState.withStoredResult();
        return context.writeState(context.proposedState)
                .invoke(() -> {
                    context.validatedState = context.proposedState;
                    context.stateWritten = true;
                    context.runChangedSinceWrite = false;
                })
                // A database error has aborted the transaction, so an ABORT answer could not be committed
                // (Prefect answers 500 there): it propagates, rolls everything back and is answered by the
                // error mappers (409, 422, 503). Other errors leave the transaction usable and become ABORT.
                .onFailure(error -> !retryable(error) && !(error instanceof PgException)).recoverWithItem(error -> {
                    LOG.error("Encountered error during state validation", error);
                    context.proposedState = null;
                    context.writeFailed = true;
                    context.responseStatus = SetStateStatus.ABORT;
                    context.decidedBy = STATE_VALIDATION;
                    context.responseDetails = new StateResponseDetails.Abort("Error validating state: " + error);
                    return null;
                });
    }

    /** Connection-level failures are worth a retry by the client (503); data errors are not. */
    static boolean retryable(Throwable error) {
        if (error instanceof PgException pg) {
            return RetryableErrors.sqlState(pg.getSqlState());
        }
        return error instanceof io.vertx.core.VertxException || error instanceof java.io.IOException;
    }

    static <T> Uni<Void> inSequence(List<T> items, Function<T, Uni<Void>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item));
        }
        return chain;
    }

    private static <T> List<T> reversed(List<T> items) {
        List<T> copy = new ArrayList<>(items);
        Collections.reverse(copy);
        return copy;
    }
}
