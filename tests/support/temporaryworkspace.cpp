#include "temporaryworkspace.h"

namespace switchboard::tests {

TemporaryWorkspace::TemporaryWorkspace() : m_dir(QDir::tempPath() + QLatin1String("/sbtest-XXXXXX"))
{
}

QString TemporaryWorkspace::path(const QString &fileName) const
{
    return m_dir.filePath(fileName);
}

core::store::WorkspaceLocation TemporaryWorkspace::location(const QString &fileName) const
{
    return core::store::WorkspaceLocation::sqliteFile(path(fileName));
}

} // namespace switchboard::tests
