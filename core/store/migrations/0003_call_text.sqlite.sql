-- Free text over the request log's payloads (requests and answers, as stored: redacted where
-- the workspace redacts). An FTS5 index that reads its text from call_payloads, kept by
-- triggers so that every writer (the recorder, imports) feeds it. The unicode61 tokenizer
-- folds case and diacritics. PostgreSQL scans the payloads until it has an index of its own.
CREATE VIRTUAL TABLE call_text USING fts5(
    request_json, response_json,
    content = 'call_payloads', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER call_text_insert AFTER INSERT ON call_payloads BEGIN
    INSERT INTO call_text (rowid, request_json, response_json) VALUES (new.rowid, new.request_json, new.response_json);
END;

CREATE TRIGGER call_text_delete AFTER DELETE ON call_payloads BEGIN
    INSERT INTO call_text (call_text, rowid, request_json, response_json)
        VALUES ('delete', old.rowid, old.request_json, old.response_json);
END;

CREATE TRIGGER call_text_update AFTER UPDATE ON call_payloads BEGIN
    INSERT INTO call_text (call_text, rowid, request_json, response_json)
        VALUES ('delete', old.rowid, old.request_json, old.response_json);
    INSERT INTO call_text (rowid, request_json, response_json) VALUES (new.rowid, new.request_json, new.response_json);
END;

-- Calls recorded before this version.
INSERT INTO call_text (call_text) VALUES ('rebuild');
