#pragma once

#include "common/page.h"

#include <QPointer>

#include <memory>

class QLabel;
class QSplitter;
class QTableView;
class QToolButton;

namespace switchboard::core::replay {
class ReplayRunner;
}

namespace switchboard::ui {

class CallActions;
class CallDetailView;
class ReplayDialog;
class TriageDialog;
class CallLogModel;
class FilterBar;
class StoreClient;

// The request log: every recorded call, newest first, through a filter (time, who, route,
// outcome, figures, free text over payloads), read a page at a time as the table scrolls;
// the selected call's details beside it. Pasting a call id into the filter opens that call.
// Refresh (F5) reads the newest calls again; an empty log is checked again whenever the page
// is shown, so calls recorded since (a gateway started from Settings) appear. Replay opens a
// window per call that runs it again and compares the answers. Selected calls export as a
// reproduction bundle, which another workspace imports, or go to a dataset for evals.
class RequestsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestsPage)

public:
    explicit RequestsPage(QWidget *parent = nullptr);
    ~RequestsPage() override;

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

    FilterBar *filterBar() const { return m_filterBar; }
    QTableView *table() const { return m_table; }
    CallLogModel *model() const { return m_model; }
    CallDetailView *detail() const { return m_detail; }
    QLabel *status() const { return m_status; }
    QToolButton *refreshButton() const { return m_refresh; }
    QToolButton *exportButton() const { return m_export; }
    QToolButton *datasetButton() const { return m_addToDataset; }
    CallActions *actions() const { return m_actions; }
    // What the last export, import or addition to a dataset did.
    QLabel *notice() const { return m_notice; }
    // The ids of the selected calls, in table order.
    QStringList selectedCallIds() const;
    // Reads the log again from the newest call, keeping the filter.
    void refresh();
    // Opens the replay and comparison window for a call (one per call).
    ReplayDialog *openReplay(const QString &callId);
    // Opens support triage on a user (or tenant) around a moment.
    TriageDialog *openTriage(const QString &userId, const QString &tenant, qint64 atMs);

protected:
    EmptyState::Content emptyContent() const override;
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildContent();
    void updateStatus();
    void chooseColumns(const QPoint &at);
    void closeReplays();
    void exportSelection();
    void importBundle();
    void chooseDataset(const QStringList &names);
    void showNotice(const QString &text);

    StoreClient *m_store;
    CallLogModel *m_model;
    FilterBar *m_filterBar;
    QLabel *m_status;
    QToolButton *m_refresh;
    QToolButton *m_export;
    QToolButton *m_import;
    QToolButton *m_addToDataset;
    QLabel *m_notice;
    CallActions *m_actions;
    bool m_empty = true; // showing the empty state for an open workspace
    QTableView *m_table;
    CallDetailView *m_detail;
    QSplitter *m_splitter = nullptr;
    std::unique_ptr<core::replay::ReplayRunner> m_replays; // made on the first replay
    QList<QPointer<ReplayDialog>> m_replayDialogs;
    QPointer<TriageDialog> m_triage;
};

} // namespace switchboard::ui
