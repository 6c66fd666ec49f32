#include "mainwindow/mainwindow.h"

#include "alerts/alertspage.h"
#include "budgets/budgetspage.h"
#include "common/messagebanner.h"
#include "evals/evalspage.h"
#include "models/modelspage.h"
#include "overview/overviewpage.h"
#include "prompts/promptspage.h"
#include "requests/filterbar.h"
#include "requests/requestspage.h"
#include "routing/routingpage.h"
#include "settings/settingspage.h"
#include "workspace/demoprogressdialog.h"
#include "workspace/recentworkspaces.h"
#include "workspace/workspaceopener.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

namespace switchboard::ui {
namespace {

const QString kFileFilter = QObject::tr("Switchboard workspaces (*.switchboard);;All files (*)");
constexpr int kNavigationWidth = 190;

// The page icon, drawn in the highlighted-text colour on the selected row, where the grey
// line art would vanish into the highlight.
QIcon navigationIcon(const QString &path, const QPalette &palette)
{
    const QIcon source(path);
    QIcon icon;
    for (const int size : { 20, 40 }) {
        const QPixmap normal = source.pixmap(size, size);
        QPixmap selected = normal;
        QPainter painter(&selected);
        painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
        painter.fillRect(selected.rect(), palette.color(QPalette::HighlightedText));
        painter.end();
        icon.addPixmap(normal, QIcon::Normal);
        icon.addPixmap(selected, QIcon::Selected);
    }
    return icon;
}

QString statusText(const core::store::WorkspaceSummary &summary)
{
    return MainWindow::tr("Workspace: %1  ·  %2  ·  schema %3")
        .arg(summary.info.name, summary.location.displayName())
        .arg(summary.schemaVersion);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_opener(new WorkspaceOpener(this))
    , m_navigation(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_banner(new MessageBanner(this))
    , m_workspaceLabel(new QLabel(this))
    , m_busy(new QProgressBar(this))
{
    setWindowTitle(tr("Switchboard"));
    setWindowIcon(QIcon(QStringLiteral(":/switchboard/icons/switchboard.svg")));

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setUniformItemSizes(true);
    m_navigation->setStyleSheet(QStringLiteral(
        "QListWidget#navigation { background: palette(alternate-base); outline: 0; "
        "padding-top: 4px; }"
        "QListWidget#navigation::item { padding: 9px 10px; margin: 1px 8px; border-radius: 6px; }"
        "QListWidget#navigation::item:selected { background: palette(highlight); "
        "color: palette(highlighted-text); }"));

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(0);
    auto *bannerHolder = new QHBoxLayout;
    bannerHolder->setContentsMargins(16, 12, 16, 0);
    bannerHolder->addWidget(m_banner);
    rightLayout->addLayout(bannerHolder);
    rightLayout->addWidget(m_stack, 1);

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(buildNavigationPanel());
    auto *divider = new QFrame(central);
    divider->setFrameShape(QFrame::VLine);
    divider->setFrameShadow(QFrame::Plain);
    divider->setForegroundRole(QPalette::Mid);
    layout->addWidget(divider);
    layout->addWidget(right, 1);
    setCentralWidget(central);

    buildPages();
    buildMenus();
    buildStatusBar();

    connect(m_navigation, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_opener, &WorkspaceOpener::started, this, &MainWindow::onOpening);
    connect(m_opener, &WorkspaceOpener::opened, this, &MainWindow::onOpened);
    connect(m_opener, &WorkspaceOpener::failed, this, &MainWindow::onFailed);
    connect(m_banner, &MessageBanner::actionTriggered, this, &MainWindow::chooseWorkspaceToOpen);

    restoreWindowState();
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::buildNavigationPanel()
{
    auto *panel = new QWidget(this);
    panel->setObjectName(QStringLiteral("navigationPanel"));
    panel->setFixedWidth(kNavigationWidth);
    panel->setAutoFillBackground(true);
    panel->setBackgroundRole(QPalette::AlternateBase);

    auto *logo = new QLabel(panel);
    logo->setPixmap(QIcon(QStringLiteral(":/switchboard/icons/switchboard.svg")).pixmap(28, 28));
    auto *name = new QLabel(tr("Switchboard"), panel);
    QFont nameFont = name->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.2);
    name->setFont(nameFont);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(16, 14, 12, 10);
    header->setSpacing(10);
    header->addWidget(logo);
    header->addWidget(name, 1);

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_navigation, 1);
    return panel;
}

void MainWindow::buildPages()
{
    auto *settings = new SettingsPage(this);
    connect(settings, &SettingsPage::openWorkspaceRequested, this, &MainWindow::chooseWorkspaceToOpen);
    connect(settings, &SettingsPage::newWorkspaceRequested, this, &MainWindow::chooseWorkspaceToCreate);
    auto *overview = new OverviewPage(this);
    auto *requests = new RequestsPage(this);
    // A point, bar or row of the Overview opens the calls behind it.
    connect(overview, &OverviewPage::requestsWanted, this, [this, requests](const QString &query) {
        showPage(requests->description().id);
        requests->filterBar()->enter(query);
    });
    auto *alerts = new AlertsPage(this);
    // A drift alert listed on the Overview opens on the Alerts page.
    connect(overview, &OverviewPage::alertWanted, this, [this, alerts](qint64 alertId) {
        showPage(alerts->description().id);
        alerts->showAlert(alertId);
    });
    m_pages = { overview,             requests,              new PromptsPage(this),
                new ModelsPage(this), new RoutingPage(this), new EvalsPage(this),
                new BudgetsPage(this), alerts,               settings };
    for (Page *page : m_pages) {
        auto *item = new QListWidgetItem(navigationIcon(page->description().iconPath, palette()),
                                         page->description().title, m_navigation);
        item->setData(Qt::UserRole, page->description().id);
        item->setToolTip(page->description().subtitle);
        m_stack->addWidget(page);
    }
    // The navigation says how many alerts wait for someone.
    connect(alerts, &AlertsPage::openAlertsChanged, this, [this, alerts](int count) {
        for (int row = 0; row < m_navigation->count(); ++row) {
            QListWidgetItem *item = m_navigation->item(row);
            if (item->data(Qt::UserRole).toString() == alerts->description().id)
                item->setText(count > 0 ? tr("%1 (%2)").arg(alerts->description().title).arg(count) : alerts->description().title);
        }
    });
    m_navigation->setCurrentRow(0);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Workspace…"), QKeySequence::New, this, &MainWindow::chooseWorkspaceToCreate);
    file->addAction(tr("New &Demo Workspace…"), this, &MainWindow::chooseDemoWorkspaceToCreate);
    file->addAction(tr("&Open Workspace…"), QKeySequence::Open, this, &MainWindow::chooseWorkspaceToOpen);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setMenuRole(QAction::QuitRole);
    rebuildRecentMenu();

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    for (int i = 0; i < static_cast<int>(m_pages.size()); ++i) {
        QAction *action = go->addAction(m_pages[static_cast<std::size_t>(i)]->description().title);
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { m_navigation->setCurrentRow(i); });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Switchboard"), this, [this] {
        QMessageBox::about(this, tr("About Switchboard"),
                           tr("<h3>Switchboard %1</h3><p>The operator console for large language "
                              "models in production: prompts, pins, routing, request log, "
                              "replay, dashboards, budgets and evals on one workspace.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::buildStatusBar()
{
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setMaximumHeight(14);
    m_busy->hide();
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceLabel"));
    m_workspaceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_workspaceLabel, 1);
    statusBar()->addPermanentWidget(m_busy);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    QSettings settings;
    const auto recent = RecentWorkspaces(settings).list();
    for (const auto &location : recent) {
        m_recentMenu->addAction(location.displayName(), this, [this, location] {
            openWorkspace(location, core::store::Connection::Mode::OpenExisting);
        });
    }
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [this] {
            QSettings writable;
            RecentWorkspaces(writable).clear();
            rebuildRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::openWorkspace(const core::store::WorkspaceLocation &location,
                               core::store::Connection::Mode mode)
{
    m_opener->open(location, mode);
}

void MainWindow::openLastOrDefaultWorkspace()
{
    QSettings settings;
    const auto recent = RecentWorkspaces(settings).list();
    for (const auto &location : recent) {
        if (location.kind() != core::store::WorkspaceLocation::Kind::SqliteFile
            || QFileInfo::exists(location.target())) {
            openWorkspace(location, core::store::Connection::Mode::OpenExisting);
            return;
        }
    }
    const auto fallback = core::store::WorkspaceLocation::defaultLocation();
    if (!QFileInfo::exists(fallback.target())) {
        // First run: the default workspace starts as the demo, so every page has data to show.
        buildDemoWorkspace(fallback);
        return;
    }
    openWorkspace(fallback, core::store::Connection::Mode::OpenExisting);
}

void MainWindow::buildDemoWorkspace(const core::store::WorkspaceLocation &location)
{
    m_busy->show();
    m_workspaceLabel->setText(tr("Building the demo workspace in %1…").arg(location.displayName()));
    auto *dialog = new DemoProgressDialog(location, m_demoOptions, this);
    connect(dialog, &DemoProgressDialog::done, this, &MainWindow::onDemoDone);
    dialog->show();
}

void MainWindow::onDemoDone(const core::store::WorkspaceLocation &location, const core::demo::DemoResult &result)
{
    if (result.ok || (result.cancelled && result.calls > 0)) {
        openWorkspace(location, core::store::Connection::Mode::OpenExisting);
        return;
    }
    onFailed(location, { core::ErrorCode::StoreFailure, result.message });
}

QStringList MainWindow::pageIds() const
{
    QStringList ids;
    for (const Page *page : m_pages)
        ids.append(page->description().id);
    return ids;
}

bool MainWindow::showPage(const QString &id)
{
    const qsizetype row = pageIds().indexOf(id);
    if (row < 0)
        return false;
    m_navigation->setCurrentRow(static_cast<int>(row));
    return true;
}

Page *MainWindow::currentPage() const
{
    return qobject_cast<Page *>(m_stack->currentWidget());
}

void MainWindow::chooseWorkspaceToOpen()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Workspace"), QString(), kFileFilter);
    if (!path.isEmpty())
        openWorkspace(core::store::WorkspaceLocation::sqliteFile(path),
                      core::store::Connection::Mode::OpenExisting);
}

void MainWindow::chooseWorkspaceToCreate()
{
    QString path = QFileDialog::getSaveFileName(this, tr("New Workspace"), QString(), kFileFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1String(".switchboard");
    openWorkspace(core::store::WorkspaceLocation::sqliteFile(path),
                  core::store::Connection::Mode::CreateIfMissing);
}

void MainWindow::chooseDemoWorkspaceToCreate()
{
    QString path = QFileDialog::getSaveFileName(this, tr("New Demo Workspace"), QStringLiteral("demo.switchboard"), kFileFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1String(".switchboard");
    buildDemoWorkspace(core::store::WorkspaceLocation::sqliteFile(path));
}

void MainWindow::onOpening(const core::store::WorkspaceLocation &location)
{
    m_busy->show();
    m_workspaceLabel->setText(tr("Opening %1…").arg(location.displayName()));
}

void MainWindow::onOpened(const core::store::WorkspaceSummary &summary)
{
    m_busy->hide();
    m_banner->hide();
    m_workspace = summary;
    setWindowTitle(tr("%1 — Switchboard").arg(summary.info.name));
    m_workspaceLabel->setText(statusText(summary));
    QSettings settings;
    RecentWorkspaces(settings).add(summary.location);
    rebuildRecentMenu();
    for (Page *page : m_pages)
        page->setWorkspace(summary);
    Q_EMIT workspaceOpened(summary);
}

void MainWindow::onFailed(const core::store::WorkspaceLocation &location, const core::Error &error)
{
    m_busy->hide();
    // The workspace that was open stays open: a failed open loses nothing.
    if (m_workspace) {
        m_workspaceLabel->setText(statusText(*m_workspace));
    } else {
        m_workspaceLabel->setText(tr("No workspace open"));
        for (Page *page : m_pages)
            page->clearWorkspace();
    }
    const QString message = tr("<b>Could not open %1.</b> %2")
                                .arg(location.displayName().toHtmlEscaped(),
                                     error.message.toHtmlEscaped());
    m_banner->showError(message, tr("Open Another…"));
    Q_EMIT workspaceFailed(error.message);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    event->accept();
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1180, 760);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    showPage(settings.value(QStringLiteral("window/page"), QStringLiteral("overview")).toString());
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    if (const Page *page = currentPage())
        settings.setValue(QStringLiteral("window/page"), page->description().id);
}

} // namespace switchboard::ui
