#pragma once

#include "common/page.h"

class QLabel;
class QSplitter;
class QTableView;

namespace switchboard::ui {

class CallDetailView;
class CallLogModel;
class FilterBar;
class StoreClient;

// The request log: every recorded call, newest first, through a filter (time, who, route,
// outcome, figures, free text over payloads), read a page at a time as the table scrolls;
// the selected call's details beside it. Pasting a call id into the filter opens that call.
class RequestsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestsPage)

public:
    explicit RequestsPage(QWidget *parent = nullptr);

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

    FilterBar *filterBar() const { return m_filterBar; }
    QTableView *table() const { return m_table; }
    CallLogModel *model() const { return m_model; }
    CallDetailView *detail() const { return m_detail; }
    QLabel *status() const { return m_status; }

protected:
    EmptyState::Content emptyContent() const override;

private:
    QWidget *buildContent();
    void updateStatus();
    void chooseColumns(const QPoint &at);

    StoreClient *m_store;
    CallLogModel *m_model;
    FilterBar *m_filterBar;
    QLabel *m_status;
    QTableView *m_table;
    CallDetailView *m_detail;
    QSplitter *m_splitter = nullptr;
};

} // namespace switchboard::ui
