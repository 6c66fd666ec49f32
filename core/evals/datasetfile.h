#pragma once

#include "evals/dataset.h"
#include "model/error.h"

#include <QByteArrayView>
#include <QString>

#include <nlohmann/json.hpp>

#include <vector>

namespace switchboard::core::evals {

// Dataset items written by hand or by other tools, all or nothing: a file with one bad line
// imports nothing and says which line and what is wrong with it.
//
// JSON Lines, one item a line: {"vars": {...}} (the prompt's variables; "variables" too) or
// {"messages": [...]}, with an optional "expected" (or "reference") output and "assert", a
// list of assertions (evals/assertion).
Result<std::vector<DatasetItem>> parseDatasetJsonLines(QByteArrayView bytes);
// One item as a JSON Lines line holds it; `where` ("Line 3") begins each error.
Result<DatasetItem> parseDatasetItem(const nlohmann::json &object, const QString &where);

// CSV with a header, as promptfoo writes it: each column a variable, except __expected (and
// __expected1, __expected2, ...), an assertion written "contains: refund", "not-regex: ^\d+$",
// "is-json", or plain text for equals; __reference, the reference output; and __description,
// which is skipped.
Result<std::vector<DatasetItem>> parseDatasetCsv(QByteArrayView bytes);

// promptfoo's test files, as YAML: a mapping whose "tests" is a list of tests, or the list of
// tests itself. A test's "vars" and "assert" (and "description", which is skipped) make an item;
// "defaultTest" gives every test its vars and assertions too. Values that load other files
// (file://...) and assertion types this import has no check for fail the import, saying where.
Result<std::vector<DatasetItem>> parseDatasetYaml(QByteArrayView bytes);

// By the file's ending: .jsonl (or .ndjson), .csv, or .yaml/.yml. Blocking: for a worker or the CLI.
Result<std::vector<DatasetItem>> readDatasetFile(const QString &path);

} // namespace switchboard::core::evals
