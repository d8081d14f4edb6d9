-- Handing a canvas over to a client (canvas/storage/practice.py, Practice.hand_over), as a
-- second line in row-level security: the app's role may change a canvas's owner only when the
-- person asking owns it now, the new owner is in the practice as a client, and the person
-- asking is the practice owner or that client's coach. Every other update keeps the owner.

-- Whether `giver` may give a canvas to `receiver` (the rule of Practice.hand_over).
CREATE FUNCTION canvas_may_give(giver text, receiver text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM people r
        WHERE r.id = receiver AND r.role = 'client' AND r.removed_at IS NULL)
    AND EXISTS (
        SELECT 1 FROM people g
        WHERE g.id = giver AND g.removed_at IS NULL AND (
            g.role = 'owner'
            OR (g.role = 'coach' AND EXISTS (
                SELECT 1 FROM coach_clients a WHERE a.coach = g.id AND a.client = receiver))))
$$;

-- Whether an update may give canvas `canvas` the owner `new_owner`, for `person`: yes if the
-- owner stays, else only as a hand-over. It reads the owner as stored before the update (the
-- statement does not see its own change), past row-level security, so it runs as the tables'
-- owner; the app's role may call it, nothing else.
CREATE FUNCTION canvas_owner_change_allowed(canvas text, new_owner text, person text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT c.owner IS NOT DISTINCT FROM new_owner
        OR (c.owner = person AND canvas_may_give(person, new_owner))
    FROM canvases c WHERE c.id = canvas
$$;
REVOKE EXECUTE ON FUNCTION canvas_owner_change_allowed(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION canvas_owner_change_allowed(text, text, text) TO canvas_app;

-- Restrictive: every update the app's role makes must pass it as well as canvases_change.
CREATE POLICY canvases_owner_kept ON canvases AS RESTRICTIVE FOR UPDATE TO canvas_app
    USING (true)
    WITH CHECK (canvas_owner_change_allowed(id, owner, current_setting('app.user_id', true)));
