#pragma once

#include <QString>

namespace switchboard::core {

// The name every program registers with Qt, so that the console, the gateway and the CLI
// share one settings file and one default workspace.
void applyProductIdentity();

QString productVersion();

} // namespace switchboard::core
