-- The part of Prefect 2.14.21's PostgreSQL schema that filters and sorts touch (same names and types),
-- used by FilterSqlPostgresTest when the project's Flyway migration is not available.
CREATE TYPE state_type AS ENUM ('SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED',
    'PAUSED', 'CANCELLING');

CREATE TABLE flow (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name varchar NOT NULL UNIQUE,
    tags jsonb NOT NULL DEFAULT '[]'
);

CREATE TABLE work_pool (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name varchar NOT NULL UNIQUE,
    type varchar,
    default_queue_id uuid
);

CREATE TABLE work_queue (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name varchar NOT NULL,
    priority integer NOT NULL DEFAULT 1,
    work_pool_id uuid NOT NULL REFERENCES work_pool (id) ON DELETE CASCADE
);

CREATE TABLE deployment (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name varchar NOT NULL,
    flow_id uuid NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
    is_schedule_active boolean NOT NULL DEFAULT true,
    tags jsonb NOT NULL DEFAULT '[]',
    work_queue_name varchar,
    work_queue_id uuid REFERENCES work_queue (id) ON DELETE SET NULL
);

CREATE TABLE flow_run (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name varchar NOT NULL,
    state_type state_type,
    state_name varchar,
    state_timestamp timestamptz,
    run_count integer NOT NULL DEFAULT 0,
    expected_start_time timestamptz,
    next_scheduled_start_time timestamptz,
    start_time timestamptz,
    end_time timestamptz,
    total_run_time interval NOT NULL DEFAULT '0',
    flow_id uuid NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
    deployment_id uuid,
    work_queue_name varchar,
    flow_version varchar,
    idempotency_key varchar,
    tags jsonb NOT NULL DEFAULT '[]',
    parent_task_run_id uuid,
    work_queue_id uuid REFERENCES work_queue (id) ON DELETE SET NULL
);

CREATE TABLE task_run (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name varchar NOT NULL,
    state_type state_type,
    state_name varchar,
    state_timestamp timestamptz,
    run_count integer NOT NULL DEFAULT 0,
    expected_start_time timestamptz,
    next_scheduled_start_time timestamptz,
    start_time timestamptz,
    end_time timestamptz,
    total_run_time interval NOT NULL DEFAULT '0',
    flow_run_id uuid REFERENCES flow_run (id) ON DELETE CASCADE,
    task_key varchar NOT NULL,
    dynamic_key varchar NOT NULL,
    tags jsonb NOT NULL DEFAULT '[]'
);

ALTER TABLE flow_run ADD FOREIGN KEY (parent_task_run_id) REFERENCES task_run (id) ON DELETE SET NULL;

CREATE TABLE worker (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name varchar NOT NULL,
    last_heartbeat_time timestamptz NOT NULL DEFAULT now(),
    work_pool_id uuid NOT NULL REFERENCES work_pool (id) ON DELETE CASCADE
);
