#pragma once

#include "model/callrecord.h"

#include <QJsonObject>

namespace switchboard::cli {

// A call of the request log as the CLI prints it with --json (log, replay).
QJsonObject callJson(const core::CallRecord &call);

} // namespace switchboard::cli
