-- Beyond Prefect 2.14.21: task runs waiting for a tag concurrency slot.
--
-- concurrency_slot_waiter is the queue of each tag, shared by every server instance on this database: a task run
-- refused because a tag limit is full takes a place there, and a free slot goes to the oldest live place first.
-- A run's places on all its tags share one number, taken when it is first refused (from the sequence, under the
-- limit rows' locks), so every queue orders any two runs the same way: no two waiters can each stand ahead of the
-- other on different tags. A place lapses at `expires` (its waiter stopped asking), and goes with its task run.
CREATE SEQUENCE concurrency_slot_waiter_seq;
CREATE TABLE concurrency_slot_waiter (
    tag VARCHAR NOT NULL,
    task_run_id UUID NOT NULL,
    seq BIGINT NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    expires TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_concurrency_slot_waiter PRIMARY KEY (tag, task_run_id),
    CONSTRAINT fk_concurrency_slot_waiter__task_run_id__task_run FOREIGN KEY (task_run_id)
        REFERENCES task_run (id) ON DELETE CASCADE
);
CREATE INDEX ix_concurrency_slot_waiter__tag_seq ON concurrency_slot_waiter (tag, seq);
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
