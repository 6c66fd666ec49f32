#pragma once

#include "store/workspacelocation.h"

#include <QList>

class QSettings;

namespace switchboard::ui {

// The workspaces opened last, newest first, kept in the application settings.
class RecentWorkspaces final
{
public:
    static constexpr int kMaximum = 8;

    explicit RecentWorkspaces(QSettings &settings) : m_settings(settings) { }

    QList<core::store::WorkspaceLocation> list() const;
    void add(const core::store::WorkspaceLocation &location);
    void remove(const core::store::WorkspaceLocation &location);
    void clear();

private:
    void store(const QList<core::store::WorkspaceLocation> &locations);

    QSettings &m_settings;
};

} // namespace switchboard::ui
