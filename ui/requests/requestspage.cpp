#include "requests/requestspage.h"

#include "common/storeclient.h"
#include "common/tablestyle.h"
#include "model/localauthor.h"
#include "requests/callactions.h"
#include "requests/calldetailview.h"
#include "requests/callformat.h"
#include "requests/calllogmodel.h"
#include "requests/filterbar.h"
#include "requests/replaydialog.h"
#include "requests/triagedialog.h"
#include "replay/replayrunner.h"
#include "store/callrepository.h"
#include "store/workspace.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace switchboard::ui {

namespace {

const QString kHiddenColumnsKey = QStringLiteral("requests/hiddenColumns");

// Shown until the person chooses: what support reads first.
QList<int> defaultHiddenColumns()
{
    return { CallLogModel::ModelColumn, CallLogModel::UserColumn, CallLogModel::PromptColumn, CallLogModel::TtftColumn,
             CallLogModel::TokensColumn, CallLogModel::OriginColumn, CallLogModel::IdColumn };
}

} // namespace

RequestsPage::RequestsPage(QWidget *parent)
    : Page({ QStringLiteral("requests"), tr("Requests"),
             tr("Every recorded call: find it, see why it went where it went, replay it."),
             QStringLiteral(":/switchboard/icons/pages/requests.svg") },
           parent)
    , m_store(new StoreClient(this))
    , m_model(new CallLogModel(*m_store, this))
    , m_filterBar(new FilterBar)
    , m_status(new QLabel)
    , m_refresh(new QToolButton)
    , m_export(new QToolButton)
    , m_import(new QToolButton)
    , m_addToDataset(new QToolButton)
    , m_notice(new QLabel)
    , m_actions(new CallActions(*m_store, this))
    , m_table(new QTableView)
    , m_detail(new CallDetailView(*m_store))
{
    setContentWidget(buildContent());
    connect(m_filterBar, &FilterBar::filterChanged, m_model, &CallLogModel::setFilter);
    // A call id typed or pasted into the filter opens that call.
    connect(m_filterBar, &FilterBar::callIdEntered, this, [this](const QString &id) {
        m_table->clearSelection();
        m_detail->showCall(id);
    });
    connect(m_detail, &CallDetailView::replayRequested, this, &RequestsPage::openReplay);
    connect(m_detail, &CallDetailView::triageRequested, this, &RequestsPage::openTriage);
    connect(m_actions, &CallActions::exported, this, [this](const QString &path, int calls) {
        showNotice(tr("Exported %1, with their replays and what replaying them needs, to %2.")
                       .arg(countOf(calls, tr("1 call"), tr("%1 calls")), QDir::toNativeSeparators(path)));
    });
    connect(m_actions, &CallActions::failed, this, &RequestsPage::showNotice);
    connect(m_actions, &CallActions::datasetsListed, this, &RequestsPage::chooseDataset);
    connect(m_actions, &CallActions::addedToDataset, this, [this](const QString &dataset, int added, int alreadyThere, qint64 version) {
        if (added == 0) {
            showNotice(tr("The dataset %1 (version %2) has these calls already; nothing was added.").arg(dataset).arg(version));
            return;
        }
        QString text = tr("Added %1 to the dataset %2 (now version %3), each with its answer as the reference")
                           .arg(countOf(added, tr("1 call"), tr("%1 calls")), dataset)
                           .arg(version);
        if (alreadyThere)
            text += tr("; %1 already there").arg(countOf(alreadyThere, tr("1 was"), tr("%1 were")));
        showNotice(text + u'.');
    });
    connect(m_actions, &CallActions::imported, this, [this](const core::replay::ImportReport &report, const QString &first) {
        QString text = tr("Imported %1").arg(countOf(report.callsAdded, tr("1 call"), tr("%1 calls")));
        if (report.callsPresent)
            text += tr(" (%1 already here)").arg(report.callsPresent);
        QStringList added = report.providersAdded + report.pinsAdded + report.promptsAdded;
        if (!added.isEmpty())
            text += tr("; added %1").arg(added.join(QLatin1String(", ")));
        text += u'.';
        for (const QString &note : report.notes)
            text += u' ' + note;
        showNotice(text);
        refresh();
        m_filterBar->enter(first);
    });
    connect(m_model, &CallLogModel::pageLoaded, this, [this] {
        updateStatus();
        if (!m_table->selectionModel()->hasSelection() && m_model->rowCount() > 0 && m_detail->callId().isEmpty())
            m_table->selectRow(0);
    });
    connect(m_model, &CallLogModel::modelReset, this, [this] {
        m_detail->showCall({}); // the first call of the new list is shown once it arrives
        updateStatus();
    });
    connect(m_model, &CallLogModel::loadFailed, this, [this](const QString &message) {
        m_status->setText(tr("The request log could not be read: %1").arg(message));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (const core::CallRecord *call = m_model->callAt(current.row()))
            m_detail->showCall(call->id);
    });
    clearWorkspace();
}

QWidget *RequestsPage::buildContent()
{
    styleTable(m_table);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection); // several calls go in one bundle
    m_table->setModel(m_model);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] {
                const bool chosen = m_table->selectionModel()->hasSelection();
                m_export->setEnabled(chosen);
                m_addToDataset->setEnabled(chosen);
            });
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->horizontalHeader()->setToolTip(tr("Right-click to choose the columns"));
    connect(m_table->horizontalHeader(), &QHeaderView::customContextMenuRequested, this, &RequestsPage::chooseColumns);
    const QVariant saved = QSettings().value(kHiddenColumnsKey);
    QList<int> hidden = defaultHiddenColumns();
    if (saved.isValid()) {
        hidden.clear();
        for (const QVariant &column : saved.toList())
            hidden << column.toInt();
    }
    for (int column : std::as_const(hidden))
        m_table->setColumnHidden(column, true);
    // Widths for what the columns hold, known before any row is read (the page may be hidden).
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    const std::pair<int, const char *> widest[] = {
        { CallLogModel::TimeColumn, "Nov 22 15:04:05" },   { CallLogModel::StatusColumn, "Content filter" },
        { CallLogModel::AliasColumn, "chat-smart" },       { CallLogModel::ModelColumn, "gpt-4o-mini-2024-07-18" },
        { CallLogModel::TenantColumn, "initech" },         { CallLogModel::FeatureColumn, "support-answer" },
        { CallLogModel::UserColumn, "user-12345" },        { CallLogModel::PromptColumn, "support/answer v12" },
        { CallLogModel::LatencyColumn, "12.45 s" },        { CallLogModel::TtftColumn, "1,234 ms" },
        { CallLogModel::TokensColumn, "12,345 / 1,234" },  { CallLogModel::CostColumn, "$0.000090" },
        { CallLogModel::OriginColumn, "playground" },      { CallLogModel::IdColumn, "01M84S0KG7HDWZ78R91MJC3NZG" },
    };
    for (const auto &[column, text] : widest)
        header->resizeSection(column, m_table->fontMetrics().horizontalAdvance(QLatin1String(text)) + 18);

    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // never what makes the window wide
    m_status->setMinimumWidth(160);
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the newest calls again (F5)"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    connect(m_refresh, &QToolButton::clicked, this, &RequestsPage::refresh);
    m_export->setText(tr("Export bundle..."));
    m_export->setToolTip(tr("The selected calls, their replays, and the providers, pins and prompts replaying them "
                            "needs, in one file another workspace can import (no keys)"));
    m_export->setEnabled(false);
    connect(m_export, &QToolButton::clicked, this, &RequestsPage::exportSelection);
    m_import->setText(tr("Import bundle..."));
    m_import->setToolTip(tr("Add a reproduction bundle's calls to this workspace, to look at and replay"));
    connect(m_import, &QToolButton::clicked, this, &RequestsPage::importBundle);
    m_addToDataset->setText(tr("Add to dataset..."));
    m_addToDataset->setToolTip(tr("The selected calls become dataset items for evals: their input (the prompt's variables, "
                                  "or the messages) and their answer as the reference"));
    m_addToDataset->setEnabled(false);
    connect(m_addToDataset, &QToolButton::clicked, m_actions, &CallActions::listDatasets);
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();
    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(0, 0, 0, 0);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_addToDataset);
    statusRow->addWidget(m_export);
    statusRow->addWidget(m_import);
    statusRow->addWidget(m_refresh);
    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({ 620, 380 });
    m_splitter->setChildrenCollapsible(false);
    m_table->setMinimumWidth(320);
    m_detail->setMinimumWidth(280);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_filterBar);
    layout->addLayout(statusRow);
    layout->addWidget(m_notice);
    layout->addWidget(m_splitter, 1);
    return content;
}

QStringList RequestsPage::selectedCallIds() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    for (const QModelIndex &row : rows)
        if (const core::CallRecord *call = m_model->callAt(row.row()))
            ids << call->id;
    return ids;
}

void RequestsPage::exportSelection()
{
    const QStringList ids = selectedCallIds();
    if (ids.isEmpty())
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export reproduction bundle"),
        QDir::home().filePath(QStringLiteral("call-%1.repro.json").arg(ids.size() == 1 ? ids.front() : ids.front() + QLatin1String("-and-more"))),
        tr("Reproduction bundles (*.json)"));
    if (!path.isEmpty())
        m_actions->exportCalls(ids, path, core::localAuthor());
}

void RequestsPage::importBundle()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import reproduction bundle"), QDir::homePath(),
                                                      tr("Reproduction bundles (*.json);;All files (*)"));
    if (!path.isEmpty())
        m_actions->importFile(path, core::localAuthor());
}

void RequestsPage::chooseDataset(const QStringList &names)
{
    const QStringList ids = selectedCallIds();
    if (ids.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getItem(this, tr("Add to dataset"),
                                               tr("Add %1 to the dataset (choose one, or type a new name):")
                                                   .arg(countOf(ids.size(), tr("the selected call"), tr("the %1 selected calls"))),
                                               names.isEmpty() ? QStringList { QStringLiteral("regressions") } : names, 0, true, &ok);
    if (ok && !name.trimmed().isEmpty())
        m_actions->addToDataset(ids, name.trimmed(), core::localAuthor());
}

void RequestsPage::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

RequestsPage::~RequestsPage()
{
    closeReplays();
}

ReplayDialog *RequestsPage::openReplay(const QString &callId)
{
    if (!m_store->hasWorkspace() || callId.isEmpty())
        return nullptr;
    for (const QPointer<ReplayDialog> &open : std::as_const(m_replayDialogs)) {
        if (open && open->property("callId").toString() == callId) {
            open->raise();
            open->activateWindow();
            return open;
        }
    }
    if (!m_replays)
        m_replays = std::make_unique<core::replay::ReplayRunner>(*m_store->location());
    auto *dialog = new ReplayDialog(*m_replays, callId, this);
    dialog->setProperty("callId", callId);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_replayDialogs.removeAll(nullptr);
    m_replayDialogs.append(dialog);
    dialog->show();
    return dialog;
}

TriageDialog *RequestsPage::openTriage(const QString &userId, const QString &tenant, qint64 atMs)
{
    if (!m_store->hasWorkspace())
        return nullptr;
    if (!m_triage) {
        m_triage = new TriageDialog(*m_store, *m_actions, this);
        m_triage->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_triage, &TriageDialog::callChosen, m_filterBar, &FilterBar::enter);
    }
    m_triage->lookInto(userId, tenant, atMs);
    m_triage->show();
    m_triage->raise();
    return m_triage;
}

void RequestsPage::closeReplays()
{
    for (const QPointer<ReplayDialog> &open : std::as_const(m_replayDialogs))
        delete open.data();
    m_replayDialogs.clear();
    m_replays.reset();
    delete m_triage.data(); // it reads the workspace being closed
}

void RequestsPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    closeReplays();
    m_store->setLocation(summary.location);
    m_detail->showCall({});
    m_empty = summary.calls == 0;
    if (m_empty) {
        m_model->clear();
        Page::setWorkspace(summary);
        return;
    }
    showContent();
    m_model->setFilter(m_filterBar->filter());
}

void RequestsPage::refresh()
{
    if (!m_store->hasWorkspace())
        return;
    if (!m_empty) {
        m_model->setFilter(m_filterBar->filter());
        return;
    }
    m_store->submit<qint64>([](core::store::Connection &connection) { return core::store::CallRepository(connection).count(); },
                            this, [this](const core::Result<qint64> &calls) {
                                if (!calls || *calls == 0 || !m_empty)
                                    return;
                                m_empty = false;
                                showContent();
                                m_model->setFilter(m_filterBar->filter());
                            });
}

void RequestsPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    if (m_empty)
        refresh(); // calls may have been recorded since the workspace opened
}

void RequestsPage::clearWorkspace()
{
    m_empty = true;
    closeReplays();
    showNotice({});
    m_store->setLocation(std::nullopt);
    m_model->clear();
    m_detail->showCall({});
    Page::clearWorkspace();
}

void RequestsPage::updateStatus()
{
    const int rows = m_model->rowCount();
    const QString count = rows == 1 ? tr("1 call") : tr("%1 calls").arg(QLocale().toString(rows));
    const QString shown = count + (m_model->filter().isEmpty() ? tr(", newest first")
                                                               : rows == 1 ? tr(" matches, newest first") : tr(" match, newest first"));
    if (m_model->isLoading())
        m_status->setText(rows ? shown + tr("; reading more\u2026") : tr("Reading the request log\u2026"));
    else if (!m_model->isExhausted())
        m_status->setText(shown + tr("; more as you scroll"));
    else
        m_status->setText(rows ? shown : tr("No calls match this filter; remove a condition to widen it."));
}

void RequestsPage::chooseColumns(const QPoint &at)
{
    QMenu menu;
    for (int column = 0; column < CallLogModel::ColumnCount; ++column) {
        QAction *action = menu.addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!m_table->isColumnHidden(column));
        action->setEnabled(column != CallLogModel::TimeColumn);
        connect(action, &QAction::toggled, this, [this, column](bool shown) {
            m_table->setColumnHidden(column, !shown);
            QVariantList hidden;
            for (int c = 0; c < CallLogModel::ColumnCount; ++c)
                if (m_table->isColumnHidden(c))
                    hidden << c;
            QSettings().setValue(kHiddenColumnsKey, hidden);
        });
    }
    menu.exec(m_table->horizontalHeader()->mapToGlobal(at));
}

EmptyState::Content RequestsPage::emptyContent() const
{
    return { description().iconPath, tr("The request log is empty"),
             tr("Every call that passes through Switchboard lands here: who made it, the prompt "
                "version and route it took, each attempt, time to first token, tokens, cost and "
                "failure category. Calls made through the gateway, the playground or "
                "<code>switchboard-cli call</code> appear as they are recorded."),
             {} };
}

} // namespace switchboard::ui
