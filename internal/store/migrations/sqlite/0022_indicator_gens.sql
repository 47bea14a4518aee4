-- 0022: a write generation per (unit, kind), kept by triggers, so an
-- indicator evaluation can keep each unit's own figures of a kind
-- (indicator.Parts) and recompute only those a write changed. Triggers,
-- not the Go write paths, bump it: every path that changes what an
-- evaluation reads — a create, a step, a 更正, an import and its undo,
-- key rotation rewriting pii_index, direct SQL — goes through them, in
-- the writing transaction. A unit move changes no record's unit_id,
-- state, year or data, so no unit's own figures; the roll-up reads the
-- tree as it is.
CREATE TABLE indicator_gens (
    unit_id INTEGER NOT NULL,
    kind    TEXT    NOT NULL,
    gen     INTEGER NOT NULL,
    PRIMARY KEY (unit_id, kind)
) WITHOUT ROWID;
INSERT INTO indicator_gens (unit_id, kind, gen)
    SELECT DISTINCT unit_id, kind, 1 FROM records WHERE true;

CREATE TRIGGER records_gen_insert AFTER INSERT ON records BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen) VALUES (NEW.unit_id, NEW.kind, 1)
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER records_gen_update AFTER UPDATE OF unit_id, kind, state, year, data ON records BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen) VALUES (OLD.unit_id, OLD.kind, 1)
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
    INSERT INTO indicator_gens (unit_id, kind, gen) VALUES (NEW.unit_id, NEW.kind, 1)
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER records_gen_delete AFTER DELETE ON records BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen) VALUES (OLD.unit_id, OLD.kind, 1)
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
END;
-- The keyed hashes the distinct-person indicators count by.
CREATE TRIGGER pii_index_gen_insert AFTER INSERT ON pii_index BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen)
        SELECT unit_id, kind, 1 FROM records WHERE id = NEW.record_id
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER pii_index_gen_update AFTER UPDATE ON pii_index BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen)
        SELECT unit_id, kind, 1 FROM records WHERE id IN (OLD.record_id, NEW.record_id)
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER pii_index_gen_delete AFTER DELETE ON pii_index BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen)
        SELECT unit_id, kind, 1 FROM records WHERE id = OLD.record_id
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
END;
