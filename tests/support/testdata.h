#pragma once

#include <QByteArray>
#include <QString>

namespace switchboard::tests {

// The bytes of a file under tests/data, e.g. testData("openai/response-refusal.json").
// Fails the calling test (with QFAIL-style output) when the file is missing.
QByteArray testData(const QString &relativePath);

} // namespace switchboard::tests
