#include "requests/calllogmodel.h"

#include "common/storeclient.h"
#include "requests/callformat.h"
#include "store/callrepository.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QPalette>

namespace switchboard::ui {

using core::CallRecord;
using core::Result;

CallLogModel::CallLogModel(StoreClient &store, QObject *parent) : QAbstractTableModel(parent), m_store(store) { }

void CallLogModel::setFilter(const core::store::CallFilter &filter)
{
    beginResetModel();
    m_filter = filter;
    m_appliedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_calls.clear();
    ++m_generation;
    m_loading = false;
    m_exhausted = false;
    endResetModel();
    if (!m_loading) // the view may have asked for the first page while the model reset
        loadNextPage();
}

void CallLogModel::clear()
{
    beginResetModel();
    m_calls.clear();
    ++m_generation;
    m_loading = false;
    m_exhausted = true;
    endResetModel();
}

const CallRecord *CallLogModel::callAt(int row) const
{
    return row >= 0 && row < rowCount() ? &m_calls[std::size_t(row)] : nullptr;
}

bool CallLogModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_exhausted && !m_loading;
}

void CallLogModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        loadNextPage();
}

void CallLogModel::loadNextPage()
{
    if (!m_store.hasWorkspace()) {
        m_exhausted = true;
        return;
    }
    m_loading = true;
    std::optional<core::store::CallRepository::Cursor> cursor;
    if (!m_calls.empty())
        cursor = core::store::CallRepository::Cursor { m_calls.back().startedMs, m_calls.back().id };
    const quint64 generation = m_generation;
    m_store.submit<std::vector<CallRecord>>(
        [filter = m_filter, cursor, now = m_appliedAtMs](core::store::Connection &connection) {
            return core::store::CallRepository(connection).page(kPageSize, cursor, filter, now);
        },
        this,
        [this, generation](const Result<std::vector<CallRecord>> &page) {
            if (generation != m_generation)
                return; // a page of a filter since replaced
            if (!page) {
                m_loading = false;
                m_exhausted = true;
                Q_EMIT loadFailed(page.error().message);
                return;
            }
            // Still loading while the rows go in: a view that asks for more on seeing them
            // must wait for them, or it would ask again from the same cursor.
            if (!page->empty()) {
                const int first = rowCount();
                beginInsertRows({}, first, first + int(page->size()) - 1);
                m_calls.insert(m_calls.end(), page->begin(), page->end());
                endInsertRows();
            }
            m_loading = false;
            m_exhausted = int(page->size()) < kPageSize;
            Q_EMIT pageLoaded(int(page->size()));
        });
}

int CallLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_calls.size());
}

int CallLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CallLogModel::data(const QModelIndex &index, int role) const
{
    const CallRecord *call = callAt(index.row());
    if (!call || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (role == CallIdRole)
        return call->id;
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case LatencyColumn:
        case TtftColumn:
        case TokensColumn:
        case CostColumn: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default: return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == StatusColumn && call->failure)
        return QColor(0xc0, 0x39, 0x2b);
    if (role == Qt::ToolTipRole && index.column() == StatusColumn && !call->errorMessage.isEmpty())
        return call->errorMessage;
    if (role == Qt::ToolTipRole && index.column() == TimeColumn)
        return callTime(call->startedMs);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn: return callTimeShort(call->startedMs);
    case StatusColumn: return callOutcome(*call);
    case AliasColumn: return call->alias;
    case ModelColumn: return call->model;
    case TenantColumn: return call->tenant;
    case FeatureColumn: return call->feature;
    case UserColumn: return call->userId;
    case PromptColumn:
        return call->promptName.isEmpty() ? QString() : call->promptName + QLatin1String(" v") + QString::number(call->promptVersion);
    case LatencyColumn: return duration(call->latencyUs);
    case TtftColumn: return call->ttftUs ? duration(*call->ttftUs) : QString();
    case TokensColumn: return tokens(*call);
    case CostColumn: return usd(call->costMicros);
    case OriginColumn: return core::nameOf(call->origin);
    case IdColumn: return call->id;
    default: return {};
    }
}

QVariant CallLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case StatusColumn: return tr("Outcome");
    case AliasColumn: return tr("Alias");
    case ModelColumn: return tr("Model");
    case TenantColumn: return tr("Tenant");
    case FeatureColumn: return tr("Feature");
    case UserColumn: return tr("User");
    case PromptColumn: return tr("Prompt");
    case LatencyColumn: return tr("Latency");
    case TtftColumn: return tr("TTFT");
    case TokensColumn: return tr("Tokens in/out");
    case CostColumn: return tr("Cost");
    case OriginColumn: return tr("Origin");
    case IdColumn: return tr("Call id");
    default: return {};
    }
}

} // namespace switchboard::ui
