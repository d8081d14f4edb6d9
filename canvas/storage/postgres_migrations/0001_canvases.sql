-- The canvases and their kept revisions, as the SQLite store keeps them (canvas/storage/sqlite.py).
-- owner: who may open the canvas once people sign in; NULL for now (no one signs in yet).
-- listed_order: creation order, to list canvases saved at the same moment newest first.
CREATE TABLE canvases (
    id text PRIMARY KEY,
    owner text,
    business_name text NOT NULL,
    group_count integer NOT NULL,
    revision integer NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz,
    listed_order bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX canvases_live ON canvases (updated_at DESC, listed_order DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX canvases_owner ON canvases (owner) WHERE owner IS NOT NULL;

-- body: the canvas JSON, zlib-compressed (canvas/storage/revisions.py: pack_body).
CREATE TABLE revisions (
    canvas_id text NOT NULL REFERENCES canvases (id),
    revision integer NOT NULL,
    saved_at timestamptz NOT NULL,
    business_name text NOT NULL,
    note text NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (canvas_id, revision)
);
