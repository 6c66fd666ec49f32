#pragma once

#include "model/callrecord.h"
#include "store/callfilter.h"

#include <QAbstractTableModel>

#include <vector>

namespace switchboard::ui {

class StoreClient;

// The request log as a table: calls newest first through a filter, read from the store a
// page at a time on a worker thread as the view scrolls (keyset paging, never the whole
// table). Changing the filter starts again from the newest call; pages of an older filter
// that arrive late are dropped.
class CallLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallLogModel)

public:
    enum Column {
        TimeColumn,
        StatusColumn,
        AliasColumn,
        ModelColumn,
        TenantColumn,
        FeatureColumn,
        UserColumn,
        PromptColumn,
        LatencyColumn,
        TtftColumn,
        TokensColumn,
        CostColumn,
        OriginColumn,
        IdColumn,
        ColumnCount
    };
    static constexpr int kPageSize = 200;
    static constexpr int CallIdRole = Qt::UserRole + 1;

    explicit CallLogModel(StoreClient &store, QObject *parent = nullptr);

    // Starts over with this filter (relative times are taken from now).
    void setFilter(const core::store::CallFilter &filter);
    const core::store::CallFilter &filter() const { return m_filter; }
    // Forgets every row (the workspace closed).
    void clear();

    const core::CallRecord *callAt(int row) const;
    bool isLoading() const { return m_loading; }
    bool isExhausted() const { return m_exhausted; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void pageLoaded(int rows);             // rows added by the page that arrived
    void loadFailed(const QString &message);

private:
    void loadNextPage();

    StoreClient &m_store;
    core::store::CallFilter m_filter;
    qint64 m_appliedAtMs = 0; // "since:24h" means the day before this moment for every page
    std::vector<core::CallRecord> m_calls;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_exhausted = true;
};

} // namespace switchboard::ui
