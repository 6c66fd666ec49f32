#pragma once

#include "demo/demobuilder.h"
#include "store/connection.h"
#include "store/workspace.h"

#include <QMainWindow>

#include <optional>
#include <vector>

class QLabel;
class QListWidget;
class QMenu;
class QProgressBar;
class QStackedWidget;

namespace switchboard::ui {

class MessageBanner;
class Page;
class WorkspaceOpener;

// The console's frame: navigation on the left, one page at a time, the open workspace in the
// status bar. It owns no data; it opens workspaces through WorkspaceOpener and hands each
// page the summary.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void openWorkspace(const core::store::WorkspaceLocation &location,
                       core::store::Connection::Mode mode);
    // The last workspace used if it still exists, otherwise the default one; on first run,
    // the default workspace is built as the demo workspace.
    void openLastOrDefaultWorkspace();
    // Builds a demo workspace there (new or empty) with progress shown, then opens it.
    void buildDemoWorkspace(const core::store::WorkspaceLocation &location);
    void setDemoOptions(core::demo::DemoBuilder::Options options) { m_demoOptions = options; }

    const std::optional<core::store::WorkspaceSummary> &workspace() const { return m_workspace; }
    QStringList pageIds() const;
    bool showPage(const QString &id);
    Page *currentPage() const;

Q_SIGNALS:
    void workspaceOpened(const core::store::WorkspaceSummary &summary);
    void workspaceFailed(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *buildNavigationPanel();
    void buildPages();
    void buildMenus();
    void buildStatusBar();
    void rebuildRecentMenu();
    void restoreWindowState();
    void saveWindowState() const;

    void chooseWorkspaceToOpen();
    void chooseWorkspaceToCreate();
    void chooseDemoWorkspaceToCreate();
    void onDemoDone(const core::store::WorkspaceLocation &location, const core::demo::DemoResult &result);
    void onOpening(const core::store::WorkspaceLocation &location);
    void onOpened(const core::store::WorkspaceSummary &summary);
    void onFailed(const core::store::WorkspaceLocation &location, const core::Error &error);

    WorkspaceOpener *m_opener;
    QListWidget *m_navigation;
    QStackedWidget *m_stack;
    MessageBanner *m_banner;
    QLabel *m_workspaceLabel;
    QProgressBar *m_busy;
    QMenu *m_recentMenu = nullptr;
    std::vector<Page *> m_pages;
    std::optional<core::store::WorkspaceSummary> m_workspace;
    core::demo::DemoBuilder::Options m_demoOptions;
};

} // namespace switchboard::ui
