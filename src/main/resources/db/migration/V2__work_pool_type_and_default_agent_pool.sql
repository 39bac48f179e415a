-- Two differences from Prefect 2.14.21's PostgreSQL state that V1 left out:
-- 1. Prefect's migration 0a1250a5aa25 made work_pool.type NOT NULL.
-- 2. Prefect's data migration f98ae6d8e2cc creates the "default-agent-pool" work pool (type "prefect-agent")
--    with its "default" queue, so a fresh Prefect database has them; queues created by name alone go there.

ALTER TABLE work_pool ALTER COLUMN type SET NOT NULL;

INSERT INTO work_pool (name, type) VALUES ('default-agent-pool', 'prefect-agent') ON CONFLICT (name) DO NOTHING;

INSERT INTO work_queue (name, work_pool_id)
SELECT 'default', id FROM work_pool WHERE name = 'default-agent-pool' AND default_queue_id IS NULL
ON CONFLICT (work_pool_id, name) DO NOTHING;

UPDATE work_pool SET default_queue_id = (
    SELECT work_queue.id FROM work_queue WHERE work_queue.work_pool_id = work_pool.id AND work_queue.name = 'default')
WHERE name = 'default-agent-pool' AND default_queue_id IS NULL;
