-- A hosted practice: its people and their roles, which coach works with which client, and
-- read-only share links (canvas/storage/access.py, practice.py). canvases.owner is the id of
-- the person who owns the canvas (a client, or the coach or owner who made it).
CREATE TABLE people (
    id text PRIMARY KEY,  -- the email address, in lower case
    role text NOT NULL CHECK (role IN ('owner', 'coach', 'client')),
    added_at timestamptz NOT NULL DEFAULT now(),
    removed_at timestamptz  -- set when the owner removes them: they see nothing from then on
);

CREATE TABLE coach_clients (
    coach text NOT NULL REFERENCES people (id),
    client text NOT NULL REFERENCES people (id),
    PRIMARY KEY (coach, client)
);

-- token_digest: the SHA-256 of the link's token; the token itself is never stored.
CREATE TABLE share_links (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_digest text NOT NULL UNIQUE,
    canvas_id text NOT NULL REFERENCES canvases (id),
    made_by text NOT NULL,
    made_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX share_links_canvas ON share_links (canvas_id);

-- The one rule of who may open a canvas, used by the store's queries (the first line) and by
-- the row-level security policies (the second line, 0003_row_security.sql).
CREATE FUNCTION canvas_open_to(person text, canvas_owner text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM people p
        WHERE p.id = person AND p.removed_at IS NULL AND (
            p.role = 'owner'
            OR p.id = canvas_owner
            OR (p.role = 'coach' AND EXISTS (
                SELECT 1 FROM coach_clients a WHERE a.coach = p.id AND a.client = canvas_owner))))
$$;

-- A live share link for the canvas whose token digest the transaction set (app.share).
CREATE FUNCTION canvas_shared(canvas text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM share_links s
        WHERE s.canvas_id = canvas
          AND s.token_digest = current_setting('app.share', true)
          AND s.revoked_at IS NULL AND s.expires_at > now())
$$;
