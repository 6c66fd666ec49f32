#pragma once

#include <QString>

namespace switchboard::core {

// Who is making a change, for version authors and the audit log: the name set in the
// settings ("identity/author"), else the operating system's user name.
QString localAuthor();

} // namespace switchboard::core
