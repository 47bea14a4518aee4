-- 0025: a mark per record, kept by the triggers of 0022 beside the
-- generation of its (unit, kind), so that indicator.Parts, holding a
-- unit's records of a kind, re-reads after a write only the records whose
-- mark moved (a range of this table, not of records: after a write SQLite
-- drops every reader's page cache, and the records of one unit and kind
-- lie on a page each). The mark is the generation of the (unit, kind)
-- after the write; any write of what an evaluation reads of the record
-- (its unit, kind, state, year, data, its keyed hashes in pii_index), by
-- any path, sets it; a record deleted or moved to another unit or kind
-- loses its row there.
CREATE TABLE indicator_marks (
    unit_id   INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    record_id INTEGER NOT NULL,
    gen       INTEGER NOT NULL,
    PRIMARY KEY (unit_id, kind, record_id)
) WITHOUT ROWID;
-- Every record marked 0: the first write after sets its mark to a
-- generation, which is at least 1.
INSERT INTO indicator_marks (unit_id, kind, record_id, gen)
    SELECT unit_id, kind, id, 0 FROM records WHERE true;

-- The triggers of 0022 again, each setting the mark after the generation.
DROP TRIGGER records_gen_insert;
DROP TRIGGER records_gen_update;
DROP TRIGGER records_gen_delete;
DROP TRIGGER pii_index_gen_insert;
DROP TRIGGER pii_index_gen_update;
DROP TRIGGER pii_index_gen_delete;

CREATE TRIGGER records_gen_insert AFTER INSERT ON records BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen) VALUES (NEW.unit_id, NEW.kind, 1)
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
    INSERT INTO indicator_marks (unit_id, kind, record_id, gen)
        SELECT NEW.unit_id, NEW.kind, NEW.id, gen FROM indicator_gens WHERE unit_id = NEW.unit_id AND kind = NEW.kind
        ON CONFLICT (unit_id, kind, record_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER records_gen_update AFTER UPDATE OF id, unit_id, kind, state, year, data ON records BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen) VALUES (OLD.unit_id, OLD.kind, 1)
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
    INSERT INTO indicator_gens (unit_id, kind, gen) VALUES (NEW.unit_id, NEW.kind, 1)
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
    DELETE FROM indicator_marks WHERE unit_id = OLD.unit_id AND kind = OLD.kind AND record_id = OLD.id
        AND (OLD.unit_id <> NEW.unit_id OR OLD.kind <> NEW.kind OR OLD.id <> NEW.id);
    INSERT INTO indicator_marks (unit_id, kind, record_id, gen)
        SELECT NEW.unit_id, NEW.kind, NEW.id, gen FROM indicator_gens WHERE unit_id = NEW.unit_id AND kind = NEW.kind
        ON CONFLICT (unit_id, kind, record_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER records_gen_delete AFTER DELETE ON records BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen) VALUES (OLD.unit_id, OLD.kind, 1)
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
    DELETE FROM indicator_marks WHERE unit_id = OLD.unit_id AND kind = OLD.kind AND record_id = OLD.id;
END;
CREATE TRIGGER pii_index_gen_insert AFTER INSERT ON pii_index BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen)
        SELECT unit_id, kind, 1 FROM records WHERE id = NEW.record_id
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
    INSERT INTO indicator_marks (unit_id, kind, record_id, gen)
        SELECT r.unit_id, r.kind, r.id, g.gen FROM records r
        JOIN indicator_gens g ON g.unit_id = r.unit_id AND g.kind = r.kind WHERE r.id = NEW.record_id
        ON CONFLICT (unit_id, kind, record_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER pii_index_gen_update AFTER UPDATE ON pii_index BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen)
        SELECT unit_id, kind, 1 FROM records WHERE id IN (OLD.record_id, NEW.record_id)
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
    INSERT INTO indicator_marks (unit_id, kind, record_id, gen)
        SELECT r.unit_id, r.kind, r.id, g.gen FROM records r
        JOIN indicator_gens g ON g.unit_id = r.unit_id AND g.kind = r.kind WHERE r.id IN (OLD.record_id, NEW.record_id)
        ON CONFLICT (unit_id, kind, record_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER pii_index_gen_delete AFTER DELETE ON pii_index BEGIN
    INSERT INTO indicator_gens (unit_id, kind, gen)
        SELECT unit_id, kind, 1 FROM records WHERE id = OLD.record_id
        ON CONFLICT (unit_id, kind) DO UPDATE SET gen = gen + 1;
    INSERT INTO indicator_marks (unit_id, kind, record_id, gen)
        SELECT r.unit_id, r.kind, r.id, g.gen FROM records r
        JOIN indicator_gens g ON g.unit_id = r.unit_id AND g.kind = r.kind WHERE r.id = OLD.record_id
        ON CONFLICT (unit_id, kind, record_id) DO UPDATE SET gen = excluded.gen;
END;
