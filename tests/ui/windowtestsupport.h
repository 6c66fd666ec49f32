#pragma once

#include "mainwindow/mainwindow.h"
#include "store/connection.h"

#include <QSignalSpy>
#include <QTest>

namespace switchboard::tests {

// Shows the main window at a roomy size, opens the workspace in it and turns to the page;
// false when any step fails.
inline bool openOnPage(ui::MainWindow &window, const core::store::WorkspaceLocation &location, const QString &page)
{
    window.resize(1280, 820);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    QSignalSpy opened(&window, &ui::MainWindow::workspaceOpened);
    window.openWorkspace(location, core::store::Connection::Mode::OpenExisting);
    return opened.wait(10'000) && window.showPage(page);
}

} // namespace switchboard::tests
