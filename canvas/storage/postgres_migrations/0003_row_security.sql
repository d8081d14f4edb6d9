-- The second line of access: row-level security for the role the app connects as. The database
-- owner runs the migrations; the app logs in as a role that is a member of canvas_app (not a
-- superuser, not the tables' owner), so these policies apply to every query it makes.
-- Each transaction of a signed-in person sets app.user_id (and a share link's app.share);
-- without them the app's role sees no canvas at all.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'canvas_app') THEN
        CREATE ROLE canvas_app NOLOGIN;
    END IF;
END
$$;

GRANT SELECT ON schema_migrations TO canvas_app;
GRANT SELECT, INSERT, UPDATE ON canvases TO canvas_app;
GRANT SELECT, INSERT, DELETE ON revisions TO canvas_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON people, coach_clients, share_links TO canvas_app;

ALTER TABLE canvases ENABLE ROW LEVEL SECURITY;
CREATE POLICY canvases_read ON canvases FOR SELECT TO canvas_app
    USING (canvas_open_to(current_setting('app.user_id', true), owner) OR canvas_shared(id));
CREATE POLICY canvases_add ON canvases FOR INSERT TO canvas_app
    WITH CHECK (canvas_open_to(current_setting('app.user_id', true), owner));
CREATE POLICY canvases_change ON canvases FOR UPDATE TO canvas_app
    USING (canvas_open_to(current_setting('app.user_id', true), owner))
    WITH CHECK (canvas_open_to(current_setting('app.user_id', true), owner));

ALTER TABLE revisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY revisions_read ON revisions FOR SELECT TO canvas_app
    USING (EXISTS (SELECT 1 FROM canvases c WHERE c.id = canvas_id));
CREATE POLICY revisions_add ON revisions FOR INSERT TO canvas_app
    WITH CHECK (EXISTS (
        SELECT 1 FROM canvases c
        WHERE c.id = canvas_id AND canvas_open_to(current_setting('app.user_id', true), c.owner)));
CREATE POLICY revisions_prune ON revisions FOR DELETE TO canvas_app
    USING (EXISTS (
        SELECT 1 FROM canvases c
        WHERE c.id = canvas_id AND canvas_open_to(current_setting('app.user_id', true), c.owner)));
