#include "overview/sloview.h"

#include "analytics/overview.h"
#include "common/reasondialog.h"
#include "common/storeclient.h"
#include "model/localauthor.h"
#include "overview/slodialog.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace switchboard::ui {
namespace {

using core::analytics::ObjectiveStatus;
using core::analytics::SloStatus;

constexpr qint64 kDayMs = 86'400'000;
const QStringList kHeaders { QStringLiteral("Feature"), QStringLiteral("Objective"), QStringLiteral("Attained"),
                             QStringLiteral("Error budget used"), QStringLiteral("Burn rate, 24 h"), QStringLiteral("Status") };

QString percent(std::optional<double> share, int decimals = 1)
{
    return share ? QLocale().toString(*share * 100.0, 'f', decimals) + QStringLiteral(" %") : QStringLiteral("–");
}

QString msText(qint64 ms)
{
    return ms >= 1000 ? QLocale().toString(double(ms) / 1000.0, 'f', 2) + QStringLiteral(" s") : QLocale().toString(ms) + QStringLiteral(" ms");
}

// One row per objective set: what it says and how it fares.
struct Row
{
    QString feature;
    QString objective;
    const ObjectiveStatus *status;
};

std::vector<Row> rowsOf(const std::vector<SloStatus> &statuses)
{
    std::vector<Row> rows;
    for (const SloStatus &s : statuses) {
        const QString window = QObject::tr(" over %1 days").arg(s.slo.windowDays);
        if (s.latency)
            rows.push_back({ s.slo.feature, QObject::tr("95 % within %1").arg(msText(*s.slo.latencyMs)) + window, &*s.latency });
        if (s.ttft)
            rows.push_back({ s.slo.feature, QObject::tr("95 % first token within %1").arg(msText(*s.slo.ttftMs)) + window, &*s.ttft });
        if (s.errors)
            rows.push_back({ s.slo.feature, QObject::tr("errors at most %1").arg(percent(*s.slo.maxErrorRate, 2)) + window, &*s.errors });
    }
    return rows;
}

QString statusText(const ObjectiveStatus &status)
{
    if (!status.attained())
        return QObject::tr("no calls");
    if (!status.met())
        return QObject::tr("breached");
    return status.burnRate24h && *status.burnRate24h > 1.0 ? QObject::tr("at risk") : QObject::tr("met");
}

} // namespace

SloView::SloView(QWidget *parent)
    : QWidget(parent)
    , m_store(new StoreClient(this))
    , m_table(new QTableWidget(0, int(kHeaders.size()), this))
    , m_empty(new QLabel(tr("No objectives yet. Set a feature's p95 latency, time to first token or error rate "
                            "to follow its attainment and error budget here."),
                         this))
    , m_set(new QToolButton(this))
    , m_remove(new QToolButton(this))
{
    m_set->setText(tr("Set objectives…"));
    m_remove->setText(tr("Remove…"));
    m_remove->setEnabled(false);
    connect(m_set, &QToolButton::clicked, this, &SloView::askToSet);
    connect(m_remove, &QToolButton::clicked, this, &SloView::askToRemove);
    m_table->setHorizontalHeaderLabels(kHeaders);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->setToolTip(tr("Error budget used: the bad calls against those the objective allows over its window. "
                           "Burn rate: how fast the last 24 hours spend it (above 1, the budget runs out before the window ends)."));
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { m_remove->setEnabled(row >= 0); });
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_set);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);
    m_table->hide();
}

void SloView::setLocation(const std::optional<core::store::WorkspaceLocation> &location)
{
    m_store->setLocation(location);
    m_statuses.clear();
    m_table->setRowCount(0);
}

void SloView::refresh()
{
    const quint64 generation = ++m_generation;
    m_store->submit<std::vector<SloStatus>>(
        [now = QDateTime::currentMSecsSinceEpoch()](core::store::Connection &connection) {
            return core::analytics::readSloStatus(connection, now);
        },
        this,
        [this, generation](const core::Result<std::vector<SloStatus>> &read) {
            if (generation != m_generation)
                return; // a newer read is on its way
            if (!read) {
                Q_EMIT failed(read.error().message);
                return;
            }
            show(*read);
            Q_EMIT refreshed();
        });
}

void SloView::show(const std::vector<SloStatus> &statuses)
{
    m_statuses = statuses;
    const auto rows = rowsOf(m_statuses);
    m_table->setVisible(!rows.empty());
    m_empty->setVisible(rows.empty());
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const Row &row = rows[std::size_t(r)];
        const ObjectiveStatus &s = *row.status;
        const QString status = statusText(s);
        const QString cells[] = { row.feature,
                                  row.objective,
                                  percent(s.attained(), 2),
                                  percent(s.budgetUsed(), 0),
                                  s.burnRate24h ? QLocale().toString(*s.burnRate24h, 'f', 2) + QStringLiteral("×") : QStringLiteral("–"),
                                  status };
        for (int c = 0; c < int(kHeaders.size()); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c >= 2 && c <= 4)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (c == 5)
                item->setForeground(status == tr("breached") ? QColor(0xdc2626) : status == tr("at risk") ? QColor(0xd97706) : QColor(0x16a34a));
            m_table->setItem(r, c, item);
        }
    }
    m_table->setMinimumHeight(m_table->horizontalHeader()->height() + 6 + m_table->verticalHeader()->defaultSectionSize() * std::min<int>(int(rows.size()), 8));
}

QByteArray SloView::csv() const
{
    QByteArray out = kHeaders.join(QLatin1Char(',')).toUtf8() + "\r\n";
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m_table->columnCount(); ++c) {
            QString text = m_table->item(r, c)->text();
            if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')))
                text = QLatin1Char('"') + text.replace(QStringLiteral("\""), QStringLiteral("\"\"")) + QLatin1Char('"');
            cells << text;
        }
        out += cells.join(QLatin1Char(',')).toUtf8() + "\r\n";
    }
    return out;
}

void SloView::saveSlo(const core::store::Slo &slo)
{
    m_store->submit<std::monostate>(
        [slo, actor = core::localAuthor(), now = QDateTime::currentMSecsSinceEpoch()](
            core::store::Connection &connection) -> core::Result<std::monostate> {
            if (auto saved = core::store::SloRepository(connection).save(slo, actor, now); !saved)
                return std::unexpected(saved.error());
            return std::monostate {};
        },
        this,
        [this](const core::Result<std::monostate> &saved) {
            if (!saved) {
                Q_EMIT failed(saved.error().message);
                return;
            }
            refresh();
        });
}

void SloView::removeSlo(const QString &feature, const QString &reason)
{
    m_store->submit<std::monostate>(
        [feature, reason, actor = core::localAuthor(), now = QDateTime::currentMSecsSinceEpoch()](
            core::store::Connection &connection) -> core::Result<std::monostate> {
            if (auto removed = core::store::SloRepository(connection).remove(feature, reason, actor, now); !removed)
                return std::unexpected(removed.error());
            return std::monostate {};
        },
        this,
        [this](const core::Result<std::monostate> &removed) {
            if (!removed) {
                Q_EMIT failed(removed.error().message);
                return;
            }
            refresh();
        });
}

void SloView::askToSet()
{
    std::optional<core::store::Slo> current;
    if (const int row = m_table->currentRow(); row >= 0) {
        const QString feature = m_table->item(row, 0)->text();
        for (const SloStatus &s : m_statuses) {
            if (s.slo.feature == feature)
                current = s.slo;
        }
    }
    // The features that had traffic, read when asked for rather than with every refresh.
    m_store->submit<QStringList>(
        [now = QDateTime::currentMSecsSinceEpoch()](core::store::Connection &connection) -> core::Result<QStringList> {
            auto dimensions = core::analytics::readDimensions(connection, now - 90 * kDayMs);
            if (!dimensions)
                return std::unexpected(dimensions.error());
            return dimensions->features;
        },
        this,
        [this, current](const core::Result<QStringList> &features) {
            SloDialog dialog(features ? *features : QStringList(), current, this);
            if (dialog.exec() == QDialog::Accepted)
                saveSlo(dialog.slo());
        });
}

void SloView::askToRemove()
{
    const int row = m_table->currentRow();
    if (row < 0)
        return;
    const QString feature = m_table->item(row, 0)->text();
    if (const auto reason = askForReason(this, tr("Remove Objectives"), tr("Why do the objectives of %1 go?").arg(feature)))
        removeSlo(feature, *reason);
}

} // namespace switchboard::ui
