-- 0025: a mark per record, kept by the triggers of 0022 beside the
-- generation of its (unit, kind), so that indicator.Parts, holding a
-- unit's records of a kind, re-reads after a write only the records whose
-- mark moved (a range of this table, not of records). The mark is the id
-- of the last transaction that wrote what an evaluation reads of the
-- record (its unit, kind, state, year, data, its keyed hashes in
-- pii_index), by any path; a record deleted or moved to another unit or
-- kind loses its row there. As for indicator_gens, a transaction writing
-- a record and its hashes updates its mark once.
CREATE TABLE indicator_marks (
    unit_id   BIGINT NOT NULL,
    kind      TEXT   NOT NULL,
    record_id BIGINT NOT NULL,
    gen       BIGINT NOT NULL,
    PRIMARY KEY (unit_id, kind, record_id)
);
INSERT INTO indicator_marks (unit_id, kind, record_id, gen)
    SELECT unit_id, kind, id, txid_current() FROM records;

CREATE FUNCTION indicator_mark(u BIGINT, k TEXT, rec BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_marks (unit_id, kind, record_id, gen) VALUES (u, k, rec, txid_current())
        ON CONFLICT (unit_id, kind, record_id) DO UPDATE SET gen = EXCLUDED.gen WHERE indicator_marks.gen <> EXCLUDED.gen;
END $$;

CREATE OR REPLACE FUNCTION records_gen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM indicator_gen_bump(OLD.unit_id, OLD.kind);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.unit_id <> OLD.unit_id OR NEW.kind <> OLD.kind) THEN
        PERFORM indicator_gen_bump(NEW.unit_id, NEW.kind);
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (NEW.unit_id <> OLD.unit_id OR NEW.kind <> OLD.kind OR NEW.id <> OLD.id)) THEN
        DELETE FROM indicator_marks WHERE unit_id = OLD.unit_id AND kind = OLD.kind AND record_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM indicator_mark(NEW.unit_id, NEW.kind, NEW.id);
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER records_gen_update ON records;
CREATE TRIGGER records_gen_update AFTER UPDATE OF id, unit_id, kind, state, year, data ON records
    FOR EACH ROW EXECUTE FUNCTION records_gen();

CREATE OR REPLACE FUNCTION pii_index_gen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        FOR r IN SELECT id, unit_id, kind FROM records WHERE id = OLD.record_id LOOP
            PERFORM indicator_gen_bump(r.unit_id, r.kind);
            PERFORM indicator_mark(r.unit_id, r.kind, r.id);
        END LOOP;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.record_id <> OLD.record_id) THEN
        FOR r IN SELECT id, unit_id, kind FROM records WHERE id = NEW.record_id LOOP
            PERFORM indicator_gen_bump(r.unit_id, r.kind);
            PERFORM indicator_mark(r.unit_id, r.kind, r.id);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
