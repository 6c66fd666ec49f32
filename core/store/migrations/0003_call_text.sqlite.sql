-- Free text over the request log's payloads (requests and answers as stored: redacted where
-- the workspace redacts). An FTS5 index that reads its text from call_payloads. It is fed
-- off the write path, in the recorder's idle time (TextIndexer), up to the payload rowid in
-- call_text_progress; searches scan the few payloads above it directly. The unicode61
-- tokenizer folds case and diacritics. PostgreSQL scans payloads until it has an index.
CREATE VIRTUAL TABLE call_text USING fts5(
    request_json, response_json,
    content = 'call_payloads', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- How many payloads hold each word: a search for common words reads the log in time order
-- and checks each call, one for rare words starts from the index.
CREATE VIRTUAL TABLE call_text_vocab USING fts5vocab(call_text, row);

CREATE TABLE call_text_progress (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_rowid BIGINT NOT NULL -- every payload up to this rowid is in call_text
);
INSERT INTO call_text_progress (id, indexed_rowid) VALUES (1, 0);
