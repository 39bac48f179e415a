-- Beyond Prefect 2.14.21: task runs waiting for a tag concurrency slot.
--
-- concurrency_slot_waiter is the queue of each tag, shared by every server instance on this database: a task run
-- refused because a tag limit is full takes a place (seq gives the arrival order; places are taken while the
-- limit's row is locked, so they are ordered per tag), and a free slot goes to the oldest live place first.
-- A place lapses at `expires` (its waiter stopped asking), and goes with its task run.
CREATE TABLE concurrency_slot_waiter (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    tag VARCHAR NOT NULL,
    task_run_id UUID NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    expires TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_concurrency_slot_waiter PRIMARY KEY (seq),
    CONSTRAINT uq_concurrency_slot_waiter__tag_task_run_id UNIQUE (tag, task_run_id),
    CONSTRAINT fk_concurrency_slot_waiter__task_run_id__task_run FOREIGN KEY (task_run_id)
        REFERENCES task_run (id) ON DELETE CASCADE
);
CREATE INDEX ix_concurrency_slot_waiter__task_run_id ON concurrency_slot_waiter (task_run_id);

-- Whatever statement frees a slot (a task run leaving RUNNING, a deleted run, a reset, a raised or deleted limit,
-- on any instance), the commit notifies the channel with the limit's tag; every instance LISTENs and wakes the
-- waiters it holds on that tag.
CREATE FUNCTION notify_concurrency_slot_released() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('orchestra_concurrency_slot_released', OLD.tag);
        RETURN OLD;
    END IF;
    IF NEW.concurrency_limit > OLD.concurrency_limit OR NEW.tag IS DISTINCT FROM OLD.tag
            OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(
                           CASE WHEN jsonb_typeof(OLD.active_slots) = 'array' THEN OLD.active_slots ELSE '[]' END) s
                       WHERE NOT (NEW.active_slots ? s)) THEN
        PERFORM pg_notify('orchestra_concurrency_slot_released', OLD.tag);
        IF NEW.tag IS DISTINCT FROM OLD.tag THEN
            PERFORM pg_notify('orchestra_concurrency_slot_released', NEW.tag);
        END IF;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER concurrency_limit_slot_released AFTER UPDATE OR DELETE ON concurrency_limit
    FOR EACH ROW EXECUTE FUNCTION notify_concurrency_slot_released();
