#pragma once

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

namespace switchboard::tests {

// The bytes of a file under tests/data, e.g. testData("openai/response-refusal.json").
// Fails the calling test (with QFAIL-style output) when the file is missing.
QByteArray testData(const QString &relativePath);
// The same file parsed as JSON.
nlohmann::json testJson(const char *relativePath);

} // namespace switchboard::tests
