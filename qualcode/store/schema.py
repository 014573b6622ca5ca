"""The SQLite schema of a project database, as numbered migrations.

A new database runs every migration; an older one is brought up to `SCHEMA_VERSION` when it is
opened, each step in its own transaction, so an interrupted upgrade leaves a whole version
behind. A database from a newer qualcode is refused rather than misread. Add a step by
appending to `MIGRATIONS` and raising `SCHEMA_VERSION`; never edit a step that has shipped.
"""

SCHEMA_VERSION = 9

# Each migration takes the schema from version i to i + 1 (index i).
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sites (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        site_id INTEGER NOT NULL REFERENCES sites(id),
        method TEXT NOT NULL CHECK (method IN ('interview', 'fgd', 'observation', 'document')),
        title TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT 'id',
        text TEXT NOT NULL,
        words INTEGER NOT NULL,
        origin_path TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL
    );
    CREATE TABLE informants (
        id INTEGER PRIMARY KEY,
        site_id INTEGER NOT NULL REFERENCES sites(id),
        label TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        organisation TEXT NOT NULL DEFAULT '',
        sector TEXT NOT NULL DEFAULT '',
        grp TEXT NOT NULL DEFAULT '',
        attributes TEXT NOT NULL DEFAULT '{}',
        UNIQUE (site_id, label)
    );
    CREATE TABLE source_informants (
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        informant_id INTEGER NOT NULL REFERENCES informants(id),
        PRIMARY KEY (source_id, informant_id)
    );
    CREATE TABLE turns (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        speaker TEXT NOT NULL,
        is_researcher INTEGER NOT NULL,
        timestamp TEXT
    );
    CREATE INDEX turns_source ON turns (source_id, start);
    CREATE TABLE codebooks (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('nominal', 'ordinal', 'thematic')),
        position INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE categories (
        codebook_id TEXT NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (codebook_id, id)
    );
    CREATE TABLE codes (
        id TEXT PRIMARY KEY,
        codebook_id TEXT NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        position INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE category_indicators (
        codebook_id TEXT NOT NULL,
        category_id TEXT NOT NULL,
        code_id TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        role TEXT NOT NULL CHECK (role IN ('defining', 'excluding', 'typical')),
        position INTEGER NOT NULL,
        FOREIGN KEY (codebook_id, category_id) REFERENCES categories(codebook_id, id)
            ON DELETE CASCADE
    );
    CREATE TABLE codings (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        code_id TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        stance TEXT NOT NULL CHECK (stance IN ('supports', 'contradicts')),
        coder TEXT NOT NULL,
        memo TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT 'human' CHECK (origin IN ('human', 'suggestion', 'import')),
        model_version TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (start >= 0 AND end > start)
    );
    CREATE INDEX codings_source ON codings (source_id, start);
    CREATE INDEX codings_code ON codings (code_id);
    CREATE UNIQUE INDEX codings_unique ON codings (source_id, start, end, code_id, coder);
    CREATE TABLE memos (
        id INTEGER PRIMARY KEY,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'site', 'source', 'code')),
        target TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 1 -> 2: the REFI-QDA GUIDs of imported objects (and the project's GUID namespace), so
    # that a project exported again keeps them.
    """
    CREATE TABLE refi_guids (kind TEXT NOT NULL, key TEXT NOT NULL, guid TEXT NOT NULL,
                             PRIMARY KEY (kind, key));
    """,
    # 2 -> 3: rejected code suggestions, never suggested again and learned from as negatives.
    """
    CREATE TABLE rejections (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        code_id TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        coder TEXT NOT NULL,
        model_version TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (source_id, start, end, code_id)
    );
    """,
    # 3 -> 4: identities that are never reused (AUTOINCREMENT), a version on every coding and
    # memo that each change raises (an update names the version it saw), the journal of coding
    # actions that undo and redo work from, and the adjudication decisions.
    """
    CREATE TABLE codings4 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        code_id TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        stance TEXT NOT NULL CHECK (stance IN ('supports', 'contradicts')),
        coder TEXT NOT NULL,
        memo TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT 'human' CHECK (origin IN ('human', 'suggestion', 'import')),
        model_version TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        CHECK (start >= 0 AND end > start)
    );
    INSERT INTO codings4 (id, source_id, start, end, code_id, stance, coder, memo, origin,
                          model_version, created_at, updated_at)
        SELECT id, source_id, start, end, code_id, stance, coder, memo, origin, model_version,
               created_at, updated_at FROM codings;
    DROP TABLE codings;
    ALTER TABLE codings4 RENAME TO codings;
    CREATE INDEX codings_source ON codings (source_id, start);
    CREATE INDEX codings_code ON codings (code_id);
    CREATE UNIQUE INDEX codings_unique ON codings (source_id, start, end, code_id, coder);
    CREATE TABLE memos4 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'site', 'source', 'code')),
        target TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO memos4 (id, target_kind, target, text, author, created_at, updated_at)
        SELECT id, target_kind, target, text, author, created_at, updated_at FROM memos;
    DROP TABLE memos;
    ALTER TABLE memos4 RENAME TO memos;
    CREATE TABLE journal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        coder TEXT NOT NULL,
        action TEXT NOT NULL,
        summary TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone')),
        refers_to INTEGER REFERENCES journal(id),
        source TEXT,
        start INTEGER,
        changes TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX journal_coder ON journal (coder, id);
    CREATE TABLE journal_rows (
        entry_id INTEGER NOT NULL REFERENCES journal(id),
        tbl TEXT NOT NULL,
        row_id INTEGER NOT NULL
    );
    CREATE INDEX journal_rows_row ON journal_rows (tbl, row_id, entry_id);
    CREATE TABLE adjudications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        code_id TEXT NOT NULL,
        consensus TEXT NOT NULL,
        accepted TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        UNIQUE (source_id, start, end, code_id, consensus)
    );
    """,
    # 4 -> 5: what a source file says about itself besides its text (a transcript's header
    # block, a PDF's page starts), as JSON.
    """
    ALTER TABLE sources ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
    """,
    # 5 -> 6: corrections. Codings that a new version of their source's text could not place
    # are kept apart (same id, their old span and quote) for the researcher to place or drop;
    # source-informant links get an id, so the journal can undo a source's deletion.
    """
    CREATE TABLE detached_codings (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        quote TEXT NOT NULL,
        code_id TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        stance TEXT NOT NULL,
        coder TEXT NOT NULL,
        memo TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT 'human',
        model_version TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        detached_at TEXT NOT NULL
    );
    CREATE TABLE source_informants6 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        informant_id INTEGER NOT NULL REFERENCES informants(id),
        UNIQUE (source_id, informant_id)
    );
    INSERT INTO source_informants6 (source_id, informant_id)
        SELECT source_id, informant_id FROM source_informants ORDER BY source_id, informant_id;
    DROP TABLE source_informants;
    ALTER TABLE source_informants6 RENAME TO source_informants;
    """,
    # 6 -> 7: the researcher's reading of an indicator at a site (established or not, by
    # judgement, with its rationale): one per site and indicator, the latest standing.
    """
    CREATE TABLE readings (
        id INTEGER PRIMARY KEY,
        site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        code_id TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        established INTEGER NOT NULL,
        rationale TEXT NOT NULL,
        coder TEXT NOT NULL,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        UNIQUE (site_id, code_id)
    );
    """,
    # 7 -> 8: pseudonyms for anonymised exports (qualcode.store.pseudonyms): one current row
    # per informant (site and label, by name: renames follow) or source (by name), holding its
    # default code (prefix and number, never given to anyone else) and the code the researcher
    # set, if any. A row retired when its informant's group changed keeps its number taken.
    # No two current rows show the same code, in Indonesian or in English exports (the
    # English prefixes of qualcode.store.pseudonyms.ENGLISH are written out here).
    """
    CREATE TABLE pseudonyms (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('informant', 'source')),
        site TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL,
        prefix TEXT NOT NULL,
        number INTEGER NOT NULL CHECK (number > 0),
        code TEXT,
        assigned_at TEXT NOT NULL,
        retired_at TEXT,
        version INTEGER NOT NULL DEFAULT 0,
        UNIQUE (prefix, number)
    );
    CREATE UNIQUE INDEX pseudonyms_current ON pseudonyms (kind, site, label)
        WHERE retired_at IS NULL;
    CREATE UNIQUE INDEX pseudonyms_shown ON pseudonyms (coalesce(code, prefix || number))
        WHERE retired_at IS NULL;
    CREATE UNIQUE INDEX pseudonyms_shown_en ON pseudonyms (coalesce(code, CASE prefix
        WHEN 'IK' THEN 'K' WHEN 'IU' THEN 'M' WHEN 'IP' THEN 'SP' WHEN 'IT' THEN 'T'
        ELSE prefix END || number)) WHERE retired_at IS NULL;
    """,
    # 8 -> 9: the file line a source's stored text starts on (after its front matter), so
    # that exports number lines as the transcript file does.
    """
    ALTER TABLE sources ADD COLUMN body_line INTEGER NOT NULL DEFAULT 1;
    """,
]
