#pragma once

#include "store/workspacelocation.h"

#include <QTemporaryDir>

namespace switchboard::tests {

// A folder that lives as long as the test, with a workspace path inside it.
class TemporaryWorkspace final
{
    Q_DISABLE_COPY_MOVE(TemporaryWorkspace)

public:
    TemporaryWorkspace();

    bool isValid() const { return m_dir.isValid(); }
    QString dir() const { return m_dir.path(); }
    QString path(const QString &fileName = QStringLiteral("test.switchboard")) const;
    core::store::WorkspaceLocation location(
        const QString &fileName = QStringLiteral("test.switchboard")) const;

private:
    QTemporaryDir m_dir;
};

} // namespace switchboard::tests
