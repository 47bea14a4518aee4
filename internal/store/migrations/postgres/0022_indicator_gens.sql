-- 0022: a write generation per (unit, kind), kept by triggers, so an
-- indicator evaluation can keep each unit's own figures of a kind
-- (indicator.Parts) and recompute only those a write changed. Triggers,
-- not the Go write paths, bump it: every path that changes what an
-- evaluation reads — a create, a step, a 更正, an import and its undo,
-- key rotation rewriting pii_index, direct SQL — goes through them, in
-- the writing transaction. A unit move changes no record's unit_id,
-- state, year or data, so no unit's own figures; the roll-up reads the
-- tree as it is.
--
-- The generation is the id of the last transaction that wrote: an import
-- of 100,000 rows updates its (unit, kind) row once, not 100,000 times
-- (each update of one row in one transaction would leave a row version
-- that later updates walk past).
CREATE TABLE indicator_gens (
    unit_id BIGINT NOT NULL,
    kind    TEXT   NOT NULL,
    gen     BIGINT NOT NULL,
    PRIMARY KEY (unit_id, kind)
);
INSERT INTO indicator_gens (unit_id, kind, gen)
    SELECT DISTINCT unit_id, kind, txid_current() FROM records;

CREATE FUNCTION indicator_gen_bump(u BIGINT, k TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    g BIGINT := txid_current();
BEGIN
    UPDATE indicator_gens SET gen = g WHERE unit_id = u AND kind = k AND gen <> g;
    IF NOT FOUND THEN
        INSERT INTO indicator_gens (unit_id, kind, gen) VALUES (u, k, g)
            ON CONFLICT (unit_id, kind) DO UPDATE SET gen = EXCLUDED.gen WHERE indicator_gens.gen <> EXCLUDED.gen;
    END IF;
END $$;

CREATE FUNCTION records_gen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM indicator_gen_bump(OLD.unit_id, OLD.kind);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.unit_id <> OLD.unit_id OR NEW.kind <> OLD.kind) THEN
        PERFORM indicator_gen_bump(NEW.unit_id, NEW.kind);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER records_gen_insert_delete AFTER INSERT OR DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION records_gen();
CREATE TRIGGER records_gen_update AFTER UPDATE OF unit_id, kind, state, year, data ON records
    FOR EACH ROW EXECUTE FUNCTION records_gen();

-- The keyed hashes the distinct-person indicators count by.
CREATE FUNCTION pii_index_gen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        FOR r IN SELECT unit_id, kind FROM records WHERE id = OLD.record_id LOOP
            PERFORM indicator_gen_bump(r.unit_id, r.kind);
        END LOOP;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.record_id <> OLD.record_id) THEN
        FOR r IN SELECT unit_id, kind FROM records WHERE id = NEW.record_id LOOP
            PERFORM indicator_gen_bump(r.unit_id, r.kind);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER pii_index_gen AFTER INSERT OR UPDATE OR DELETE ON pii_index
    FOR EACH ROW EXECUTE FUNCTION pii_index_gen();
