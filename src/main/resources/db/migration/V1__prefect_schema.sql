-- Prefect 2.14.21's PostgreSQL schema for the tables this server uses: the same table and column names,
-- types, defaults, keys and indexes as Prefect's final migration state, so a database can move between the
-- two servers. Written from Prefect's ORM models and migrations; tables of Prefect features this server
-- does not implement are left out.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TYPE state_type AS ENUM ('SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED',
    'CRASHED', 'PAUSED', 'CANCELLING');

CREATE TABLE flow (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    tags JSONB NOT NULL DEFAULT '[]',
    CONSTRAINT pk_flow PRIMARY KEY (id),
    CONSTRAINT uq_flow__name UNIQUE (name)
);
CREATE INDEX ix_flow__updated ON flow (updated);
CREATE INDEX ix_flow__created ON flow (created);
CREATE INDEX trgm_ix_flow_name ON flow USING gin (name gin_trgm_ops);

CREATE TABLE block_type (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    logo_url VARCHAR,
    documentation_url VARCHAR,
    description VARCHAR,
    code_example VARCHAR,
    is_protected BOOLEAN NOT NULL DEFAULT false,
    slug VARCHAR NOT NULL,
    CONSTRAINT pk_block_type PRIMARY KEY (id)
);
CREATE INDEX ix_block_type__updated ON block_type (updated);
CREATE UNIQUE INDEX uq_block_type__slug ON block_type (slug);
CREATE INDEX trgm_ix_block_type_name ON block_type USING gin (name gin_trgm_ops);

CREATE TABLE block_schema (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    fields JSONB NOT NULL DEFAULT '{}',
    checksum VARCHAR NOT NULL,
    block_type_id UUID NOT NULL,
    capabilities JSONB NOT NULL DEFAULT '[]',
    version VARCHAR NOT NULL DEFAULT 'non-versioned',
    CONSTRAINT pk_block_schema PRIMARY KEY (id),
    CONSTRAINT fk_block_schema__block_type_id__block_type FOREIGN KEY (block_type_id)
        REFERENCES block_type (id) ON DELETE CASCADE
);
CREATE INDEX ix_block_schema__updated ON block_schema (updated);
CREATE INDEX ix_block_schema__block_type_id ON block_schema (block_type_id);
CREATE INDEX ix_block_schema__capabilities ON block_schema USING gin (capabilities);
CREATE INDEX ix_block_schema__created ON block_schema (created);
CREATE UNIQUE INDEX uq_block_schema__checksum_version ON block_schema (checksum, version);

CREATE TABLE block_schema_reference (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    parent_block_schema_id UUID NOT NULL,
    reference_block_schema_id UUID NOT NULL,
    CONSTRAINT pk_block_schema_reference PRIMARY KEY (id),
    CONSTRAINT fk_block_schema_reference__parent_block_schema_id__block_schema FOREIGN KEY
        (parent_block_schema_id) REFERENCES block_schema (id) ON DELETE CASCADE,
    CONSTRAINT fk_block_schema_reference__reference_block_schema_id__block_sch FOREIGN KEY
        (reference_block_schema_id) REFERENCES block_schema (id) ON DELETE CASCADE
);
CREATE INDEX ix_block_schema_reference__updated ON block_schema_reference (updated);

CREATE TABLE block_document (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    data JSONB NOT NULL DEFAULT '{}',
    block_schema_id UUID NOT NULL,
    block_type_id UUID NOT NULL,
    is_anonymous BOOLEAN NOT NULL DEFAULT false,
    block_type_name VARCHAR,
    CONSTRAINT pk_block_document PRIMARY KEY (id),
    CONSTRAINT fk_block__block_schema_id__block_schema FOREIGN KEY (block_schema_id)
        REFERENCES block_schema (id) ON DELETE CASCADE,
    CONSTRAINT fk_block_document__block_type_id__block_type FOREIGN KEY (block_type_id)
        REFERENCES block_type (id) ON DELETE CASCADE
);
CREATE INDEX ix_block_document__updated ON block_document (updated);
CREATE INDEX ix_block_document__name ON block_document (name);
CREATE INDEX ix_block_document__is_anonymous ON block_document (is_anonymous);
CREATE UNIQUE INDEX uq_block__type_id_name ON block_document (block_type_id, name);
CREATE INDEX trgm_ix_block_document_name ON block_document USING gin (name gin_trgm_ops);

CREATE TABLE block_document_reference (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    parent_block_document_id UUID NOT NULL,
    reference_block_document_id UUID NOT NULL,
    CONSTRAINT pk_block_document_reference PRIMARY KEY (id),
    CONSTRAINT fk_block_document_reference__parent_block_document_id__block_do FOREIGN KEY
        (parent_block_document_id) REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT fk_block_document_reference__reference_block_document_id__block FOREIGN KEY
        (reference_block_document_id) REFERENCES block_document (id) ON DELETE CASCADE
);
CREATE INDEX ix_block_document_reference__updated ON block_document_reference (updated);

CREATE TABLE work_pool (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    description VARCHAR,
    type VARCHAR,
    base_job_template JSONB NOT NULL DEFAULT '{}',
    is_paused BOOLEAN NOT NULL DEFAULT false,
    concurrency_limit INTEGER,
    default_queue_id UUID,
    CONSTRAINT pk_work_pool PRIMARY KEY (id),
    CONSTRAINT uq_work_pool__name UNIQUE (name)
);
CREATE INDEX ix_work_pool__updated ON work_pool (updated);
CREATE INDEX ix_work_pool__type ON work_pool (type);

CREATE TABLE work_queue (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    filter JSONB,
    description VARCHAR NOT NULL DEFAULT '',
    is_paused BOOLEAN NOT NULL DEFAULT false,
    concurrency_limit INTEGER,
    last_polled TIMESTAMP WITH TIME ZONE,
    priority INTEGER NOT NULL DEFAULT 1,
    work_pool_id UUID NOT NULL,
    CONSTRAINT pk_work_queue PRIMARY KEY (id),
    CONSTRAINT uq_work_queue__work_pool_id_name UNIQUE (work_pool_id, name),
    CONSTRAINT fk_work_queue__work_pool_id__work_pool FOREIGN KEY (work_pool_id)
        REFERENCES work_pool (id) ON DELETE CASCADE
);
CREATE INDEX ix_work_queue__updated ON work_queue (updated);
CREATE INDEX ix_work_queue__work_pool_id_priority ON work_queue (work_pool_id, priority);
CREATE INDEX ix_work_queue__work_pool_id ON work_queue (work_pool_id);
CREATE INDEX ix_work_queue__priority ON work_queue (priority);

ALTER TABLE work_pool ADD CONSTRAINT fk_work_pool__default_queue_id__work_queue FOREIGN KEY (default_queue_id)
    REFERENCES work_queue (id) ON DELETE RESTRICT;

CREATE TABLE worker (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    last_heartbeat_time TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    work_pool_id UUID NOT NULL,
    heartbeat_interval_seconds INTEGER,
    CONSTRAINT pk_worker PRIMARY KEY (id),
    CONSTRAINT uq_worker__work_pool_id_name UNIQUE (work_pool_id, name),
    CONSTRAINT fk_worker__work_pool_id__work_pool FOREIGN KEY (work_pool_id)
        REFERENCES work_pool (id) ON DELETE CASCADE
);
CREATE INDEX ix_worker__updated ON worker (updated);
CREATE INDEX ix_worker__work_pool_id ON worker (work_pool_id);
CREATE INDEX ix_worker__work_pool_id_last_heartbeat_time ON worker (work_pool_id, last_heartbeat_time);

CREATE TABLE deployment (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    schedule JSONB,
    is_schedule_active BOOLEAN NOT NULL DEFAULT true,
    tags JSONB NOT NULL DEFAULT '[]',
    parameters JSONB NOT NULL DEFAULT '{}',
    flow_id UUID NOT NULL,
    version VARCHAR,
    description TEXT,
    manifest_path VARCHAR,
    work_queue_name VARCHAR,
    parameter_openapi_schema JSONB,
    storage_document_id UUID,
    infrastructure_document_id UUID,
    infra_overrides JSONB NOT NULL DEFAULT '{}',
    path VARCHAR,
    entrypoint VARCHAR,
    created_by JSONB,
    updated_by JSONB,
    work_queue_id UUID,
    pull_steps JSONB,
    enforce_parameter_schema BOOLEAN NOT NULL DEFAULT false,
    last_polled TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_deployment PRIMARY KEY (id),
    CONSTRAINT fk_deployment__flow_id__flow FOREIGN KEY (flow_id) REFERENCES flow (id) ON DELETE CASCADE,
    CONSTRAINT fk_deployment__storage_document_id__block_document FOREIGN KEY (storage_document_id)
        REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT fk_deployment__infrastructure_document_id__block_document FOREIGN KEY
        (infrastructure_document_id) REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT fk_deployment__work_queue_id__work_queue FOREIGN KEY (work_queue_id)
        REFERENCES work_queue (id) ON DELETE SET NULL
);
CREATE INDEX ix_deployment__updated ON deployment (updated);
CREATE INDEX ix_deployment__flow_id ON deployment (flow_id);
CREATE INDEX ix_deployment__work_queue_name ON deployment (work_queue_name);
CREATE INDEX ix_deployment__work_queue_id ON deployment (work_queue_id);
CREATE INDEX ix_deployment__created ON deployment (created);
CREATE UNIQUE INDEX uq_deployment__flow_id_name ON deployment (flow_id, name);
CREATE INDEX trgm_ix_deployment_name ON deployment USING gin (name gin_trgm_ops);

CREATE TABLE flow_run (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    state_type state_type,
    run_count INTEGER NOT NULL DEFAULT 0,
    expected_start_time TIMESTAMP WITH TIME ZONE,
    next_scheduled_start_time TIMESTAMP WITH TIME ZONE,
    start_time TIMESTAMP WITH TIME ZONE,
    end_time TIMESTAMP WITH TIME ZONE,
    total_run_time INTERVAL NOT NULL DEFAULT '0',
    flow_version VARCHAR,
    parameters JSONB NOT NULL DEFAULT '{}',
    idempotency_key VARCHAR,
    context JSONB NOT NULL DEFAULT '{}',
    empirical_policy JSONB NOT NULL DEFAULT '{}',
    tags JSONB NOT NULL DEFAULT '[]',
    auto_scheduled BOOLEAN NOT NULL DEFAULT false,
    flow_id UUID NOT NULL,
    deployment_id UUID,
    parent_task_run_id UUID,
    state_id UUID,
    state_name VARCHAR,
    infrastructure_document_id UUID,
    work_queue_name VARCHAR,
    state_timestamp TIMESTAMP WITH TIME ZONE,
    created_by JSONB,
    infrastructure_pid VARCHAR,
    work_queue_id UUID,
    CONSTRAINT pk_flow_run PRIMARY KEY (id),
    CONSTRAINT fk_flow_run__flow_id__flow FOREIGN KEY (flow_id) REFERENCES flow (id) ON DELETE CASCADE,
    CONSTRAINT fk_flow_run__infrastructure_document_id__block_document FOREIGN KEY
        (infrastructure_document_id) REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT fk_flow_run__work_queue_id__work_queue FOREIGN KEY (work_queue_id)
        REFERENCES work_queue (id) ON DELETE SET NULL
);
CREATE INDEX ix_flow_run__updated ON flow_run (updated);
CREATE INDEX ix_flow_run__name ON flow_run (name);
CREATE INDEX ix_flow_run__flow_id ON flow_run (flow_id);
CREATE INDEX ix_flow_run__deployment_id ON flow_run (deployment_id);
CREATE INDEX ix_flow_run__parent_task_run_id ON flow_run (parent_task_run_id);
CREATE INDEX ix_flow_run__state_id ON flow_run (state_id);
CREATE INDEX ix_flow_run__flow_version ON flow_run (flow_version);
CREATE INDEX ix_flow_run__work_queue_name ON flow_run (work_queue_name);
CREATE INDEX ix_flow_run__work_queue_id ON flow_run (work_queue_id);
CREATE INDEX ix_flow_run__infrastructure_document_id ON flow_run (infrastructure_document_id);
CREATE UNIQUE INDEX uq_flow_run__flow_id_idempotency_key ON flow_run (flow_id, idempotency_key);
CREATE INDEX ix_flow_run__coalesce_start_time_expected_start_time_desc
    ON flow_run (coalesce(start_time, expected_start_time) DESC);
CREATE INDEX ix_flow_run__coalesce_start_time_expected_start_time_asc
    ON flow_run (coalesce(start_time, expected_start_time) ASC);
CREATE INDEX ix_flow_run__expected_start_time_desc ON flow_run (expected_start_time DESC);
CREATE INDEX ix_flow_run__next_scheduled_start_time_asc ON flow_run (next_scheduled_start_time ASC);
CREATE INDEX ix_flow_run__end_time_desc ON flow_run (end_time DESC);
CREATE INDEX ix_flow_run__start_time ON flow_run (start_time);
CREATE INDEX ix_flow_run__state_type ON flow_run (state_type);
CREATE INDEX ix_flow_run__state_name ON flow_run (state_name);
CREATE INDEX ix_flow_run__state_timestamp ON flow_run (state_timestamp);
CREATE INDEX trgm_ix_flow_run_name ON flow_run USING gin (name gin_trgm_ops);
CREATE INDEX ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu
    ON flow_run (deployment_id, auto_scheduled, next_scheduled_start_time) WHERE state_type = 'SCHEDULED';

CREATE TABLE flow_run_state (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    type state_type NOT NULL,
    timestamp TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    message VARCHAR,
    state_details JSONB NOT NULL DEFAULT '{}',
    data JSON,
    flow_run_id UUID NOT NULL,
    result_artifact_id UUID,
    CONSTRAINT pk_flow_run_state PRIMARY KEY (id),
    CONSTRAINT fk_flow_run_state__flow_run_id__flow_run FOREIGN KEY (flow_run_id)
        REFERENCES flow_run (id) ON DELETE CASCADE
);
CREATE INDEX ix_flow_run_state__updated ON flow_run_state (updated);
CREATE INDEX ix_flow_run_state__type ON flow_run_state (type);
CREATE INDEX ix_flow_run_state__name ON flow_run_state (name);
CREATE INDEX ix_flow_run_state__result_artifact_id ON flow_run_state (result_artifact_id);
CREATE UNIQUE INDEX uq_flow_run_state__flow_run_id_timestamp_desc ON flow_run_state (flow_run_id, timestamp DESC);

ALTER TABLE flow_run ADD CONSTRAINT fk_flow_run__state_id__flow_run_state FOREIGN KEY (state_id)
    REFERENCES flow_run_state (id) ON DELETE SET NULL;

CREATE TABLE task_run (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    state_type state_type,
    run_count INTEGER NOT NULL DEFAULT 0,
    expected_start_time TIMESTAMP WITH TIME ZONE,
    next_scheduled_start_time TIMESTAMP WITH TIME ZONE,
    start_time TIMESTAMP WITH TIME ZONE,
    end_time TIMESTAMP WITH TIME ZONE,
    total_run_time INTERVAL NOT NULL DEFAULT '0',
    task_key VARCHAR NOT NULL,
    dynamic_key VARCHAR NOT NULL,
    cache_key VARCHAR,
    cache_expiration TIMESTAMP WITH TIME ZONE,
    task_version VARCHAR,
    empirical_policy JSONB NOT NULL DEFAULT '{}',
    task_inputs JSONB NOT NULL DEFAULT '{}',
    tags JSONB NOT NULL DEFAULT '[]',
    flow_run_id UUID,
    state_id UUID,
    state_name VARCHAR,
    state_timestamp TIMESTAMP WITH TIME ZONE,
    flow_run_run_count INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT pk_task_run PRIMARY KEY (id),
    CONSTRAINT fk_task_run__flow_run_id__flow_run FOREIGN KEY (flow_run_id)
        REFERENCES flow_run (id) ON DELETE CASCADE
);
CREATE INDEX ix_task_run__updated ON task_run (updated);
CREATE INDEX ix_task_run__name ON task_run (name);
CREATE INDEX ix_task_run__flow_run_id ON task_run (flow_run_id);
CREATE INDEX ix_task_run__state_id ON task_run (state_id);
CREATE UNIQUE INDEX uq_task_run__flow_run_id_task_key_dynamic_key ON task_run (flow_run_id, task_key, dynamic_key);
CREATE INDEX ix_task_run__expected_start_time_desc ON task_run (expected_start_time DESC);
CREATE INDEX ix_task_run__next_scheduled_start_time_asc ON task_run (next_scheduled_start_time ASC);
CREATE INDEX ix_task_run__end_time_desc ON task_run (end_time DESC);
CREATE INDEX ix_task_run__start_time ON task_run (start_time);
CREATE INDEX ix_task_run__state_type ON task_run (state_type);
CREATE INDEX ix_task_run__state_name ON task_run (state_name);
CREATE INDEX ix_task_run__state_timestamp ON task_run (state_timestamp);
CREATE INDEX trgm_ix_task_run_name ON task_run USING gin (name gin_trgm_ops);

ALTER TABLE flow_run ADD CONSTRAINT fk_flow_run__parent_task_run_id__task_run FOREIGN KEY (parent_task_run_id)
    REFERENCES task_run (id) ON DELETE SET NULL;

CREATE TABLE task_run_state (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    type state_type NOT NULL,
    timestamp TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    message VARCHAR,
    state_details JSONB NOT NULL DEFAULT '{}',
    data JSON,
    task_run_id UUID NOT NULL,
    result_artifact_id UUID,
    CONSTRAINT pk_task_run_state PRIMARY KEY (id),
    CONSTRAINT fk_task_run_state__task_run_id__task_run FOREIGN KEY (task_run_id)
        REFERENCES task_run (id) ON DELETE CASCADE
);
CREATE INDEX ix_task_run_state__updated ON task_run_state (updated);
CREATE INDEX ix_task_run_state__type ON task_run_state (type);
CREATE INDEX ix_task_run_state__name ON task_run_state (name);
CREATE INDEX ix_task_run_state__result_artifact_id ON task_run_state (result_artifact_id);
CREATE UNIQUE INDEX uq_task_run_state__task_run_id_timestamp_desc ON task_run_state (task_run_id, timestamp DESC);

ALTER TABLE task_run ADD CONSTRAINT fk_task_run__state_id__task_run_state FOREIGN KEY (state_id)
    REFERENCES task_run_state (id) ON DELETE SET NULL;

CREATE TABLE task_run_state_cache (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    cache_key VARCHAR NOT NULL,
    cache_expiration TIMESTAMP WITH TIME ZONE,
    task_run_state_id UUID NOT NULL,
    CONSTRAINT pk_task_run_state_cache PRIMARY KEY (id)
);
CREATE INDEX ix_task_run_state_cache__updated ON task_run_state_cache (updated);
CREATE INDEX ix_task_run_state_cache__cache_key_created_desc ON task_run_state_cache (cache_key, created DESC);

CREATE TABLE concurrency_limit (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    tag VARCHAR NOT NULL,
    concurrency_limit INTEGER NOT NULL,
    active_slots JSONB NOT NULL DEFAULT '[]',
    CONSTRAINT pk_concurrency_limit PRIMARY KEY (id)
);
CREATE INDEX ix_concurrency_limit__updated ON concurrency_limit (updated);
CREATE UNIQUE INDEX uq_concurrency_limit__tag ON concurrency_limit (tag);

CREATE TABLE log (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    name VARCHAR NOT NULL,
    level SMALLINT NOT NULL,
    flow_run_id UUID,
    task_run_id UUID,
    message TEXT NOT NULL,
    timestamp TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_log PRIMARY KEY (id)
);
CREATE INDEX ix_log__updated ON log (updated);
CREATE INDEX ix_log__level ON log (level);
CREATE INDEX ix_log__flow_run_id ON log (flow_run_id);
CREATE INDEX ix_log__task_run_id ON log (task_run_id);
CREATE INDEX ix_log__timestamp ON log (timestamp);
CREATE INDEX ix_log__flow_run_id_timestamp ON log (flow_run_id, timestamp);

CREATE TABLE flow_run_input (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    key VARCHAR NOT NULL,
    value TEXT NOT NULL,
    flow_run_id UUID NOT NULL,
    sender VARCHAR,
    CONSTRAINT pk_flow_run_input PRIMARY KEY (id),
    CONSTRAINT uq_flow_run_input__flow_run_id_key UNIQUE (flow_run_id, key),
    CONSTRAINT fk_flow_run_input__flow_run_id__flow_run FOREIGN KEY (flow_run_id)
        REFERENCES flow_run (id) ON DELETE CASCADE
);
CREATE INDEX ix_flow_run_input__updated ON flow_run_input (updated);
