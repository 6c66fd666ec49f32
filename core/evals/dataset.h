#pragma once

#include "model/error.h"
#include "store/recordedcall.h"

#include <QMetaType>
#include <QString>

#include <nlohmann/json.hpp>

#include <vector>

namespace switchboard::core::evals {

// A dataset as the registry lists it. Its items are never edited in place: each change adds
// or retires items and bumps the version, so an eval run names exactly what it ran on.
struct DatasetSummary
{
    qint64 id = 0;
    QString name;
    QString description;
    qint64 version = 0;
    qint64 items = 0; // in the current version
    qint64 updatedMs = 0;

    friend bool operator==(const DatasetSummary &, const DatasetSummary &) = default;
};

// One case: what goes in, the answer taken as right, the checks (for evals), and the call it
// came from.
struct DatasetItem
{
    qint64 id = 0;
    // {"prompt": "name", "prompt_version": N, "variables": {...}} for a call that rendered a
    // prompt with logged variables (an eval renders the version under test with them), else
    // {"messages": [...]}, the messages as sent.
    nlohmann::json input = nlohmann::json::object();
    QString referenceOutput;
    nlohmann::json assertions = nlohmann::json::array();
    QString sourceCallId;

    friend bool operator==(const DatasetItem &, const DatasetItem &) = default;
};

// The item a logged call makes, with its answer as the reference. Fails, saying why, for a
// call whose payloads were not stored in full or that has no answer to take as the reference.
Result<DatasetItem> itemFromCall(const store::RecordedCall &call);

} // namespace switchboard::core::evals

Q_DECLARE_METATYPE(switchboard::core::evals::DatasetSummary)
