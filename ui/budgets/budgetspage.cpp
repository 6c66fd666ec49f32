#include "budgets/budgetspage.h"

#include "analytics/overview.h"
#include "budgets/budgetdialog.h"
#include "common/noticeline.h"
#include "common/reasondialog.h"
#include "common/storeclient.h"
#include "common/tablecells.h"
#include "model/localauthor.h"
#include "overview/chartstyle.h"
#include "overview/timechartview.h"
#include "requests/callformat.h"
#include "store/gatewaykeyrepository.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace switchboard::ui {
namespace {

using core::analytics::BudgetStatus;
using core::store::Budget;

constexpr int kRefreshMs = 60'000;
constexpr qint64 kDayMs = 86'400'000;

QString percent(double share)
{
    return QLocale().toString(share * 100.0, 'f', 1) + QStringLiteral(" %");
}

// What the budget's thresholds say: "80 % crossed", "100 % expected by the end".
QString alertText(const BudgetStatus &status)
{
    QStringList parts;
    if (!status.crossed.empty())
        parts << QObject::tr("%1 % crossed").arg(status.crossed.back());
    if (status.projectedToCross)
        parts << QObject::tr("%1 % expected by the end").arg(*status.projectedToCross);
    return parts.isEmpty() ? QObject::tr("within budget") : parts.join(QStringLiteral("; "));
}

} // namespace

BudgetsPage::BudgetsPage(QWidget *parent)
    : Page({ QStringLiteral("budgets"), tr("Budgets"),
             tr("Spending limits per workspace, tenant, feature or gateway key, with alerts."),
             QStringLiteral(":/switchboard/icons/pages/budgets.svg") },
           parent)
    , m_store(new StoreClient(this))
    , m_table(new QTableWidget(0, 8))
    , m_burn(new TimeChartView(TimeChartView::Mode::Lines))
    , m_burnTitle(new QLabel)
    , m_notice(new NoticeLine)
    , m_add(nullptr)
    , m_remove(nullptr)
    , m_autoRefresh(new QTimer(this))
{
    setContentWidget(buildContent());
    connect(emptyState(), &EmptyState::actionTriggered, this, &BudgetsPage::askToAdd);
    m_autoRefresh->setInterval(kRefreshMs);
    connect(m_autoRefresh, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    clearWorkspace();
}

QWidget *BudgetsPage::buildContent()
{
    auto *content = new QWidget;
    m_add = toolButton(tr("Set budget…"), tr("Add a budget, or change the one with the same scope and period"), content);
    m_remove = toolButton(tr("Remove…"), tr("Remove the selected budget (asks why, for the audit log)"), content);
    auto *refreshButton = toolButton(tr("Refresh"), tr("Read spend again (the page does so every minute while shown)"), content);
    connect(m_add, &QToolButton::clicked, this, &BudgetsPage::askToAdd);
    connect(m_remove, &QToolButton::clicked, this, &BudgetsPage::askToRemove);
    connect(refreshButton, &QToolButton::clicked, this, &BudgetsPage::refresh);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_add);
    bar->addWidget(m_remove);
    bar->addStretch(1);
    bar->addWidget(refreshButton);

    m_table->setHorizontalHeaderLabels(
        { tr("Budget"), tr("Period"), tr("Limit"), tr("Spent"), tr("Used"), tr("At this pace"), tr("Alerts"), tr("Enforced") });
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        showBurn(row);
        m_remove->setEnabled(row >= 0);
    });

    QFont bold = m_burnTitle->font();
    bold.setBold(true);
    m_burnTitle->setFont(bold);
    auto *burn = new QWidget;
    auto *burnLayout = new QVBoxLayout(burn);
    burnLayout->setContentsMargins(0, 6, 0, 0);
    burnLayout->addWidget(m_burnTitle);
    burnLayout->addWidget(m_burn, 1);
    auto *split = new QSplitter(Qt::Vertical, content);
    split->addWidget(m_table);
    split->addWidget(burn);
    // The list shows six budgets before it scrolls; the chart takes the rest.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height() + 6 * m_table->verticalHeader()->defaultSectionSize() + 4);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_notice);
    layout->addWidget(split, 1);
    return content;
}

void BudgetsPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    clearWorkspace(); // nothing of the previous workspace stays, ids least of all
    m_store->setLocation(summary.location);
    Page::setWorkspace(summary);
    m_autoRefresh->start();
    refresh();
}

void BudgetsPage::clearWorkspace()
{
    m_store->setLocation(std::nullopt);
    m_autoRefresh->stop();
    m_statuses.clear();
    m_table->setRowCount(0);
    m_burn->setData({}, 3'600'000, {}, {}, [](double) { return QString(); });
    m_burnTitle->clear();
    m_notice->hide();
    Page::clearWorkspace();
}

void BudgetsPage::refresh()
{
    m_store->submit<std::vector<BudgetStatus>>(
        [now = QDateTime::currentMSecsSinceEpoch()](core::store::Connection &connection) {
            return core::analytics::readBudgetStatus(connection, now);
        },
        this,
        [this](const core::Result<std::vector<BudgetStatus>> &read) {
            if (!read) {
                showNotice(tr("Budgets could not be read: %1").arg(read.error().message), true);
                Q_EMIT failed(read.error().message);
                return;
            }
            showStatuses(*read);
            Q_EMIT refreshed();
        });
}

void BudgetsPage::showStatuses(const std::vector<BudgetStatus> &statuses)
{
    const qint64 selected = m_table->currentRow() >= 0 && m_table->currentRow() < int(m_statuses.size())
        ? m_statuses[std::size_t(m_table->currentRow())].budget.id
        : 0;
    m_statuses = statuses;
    if (m_statuses.empty()) {
        showEmptyState(emptyContent());
        return;
    }
    showContent();
    const QSignalBlocker quiet(m_table);
    m_table->setRowCount(int(m_statuses.size()));
    int current = 0;
    for (int r = 0; r < int(m_statuses.size()); ++r) {
        const BudgetStatus &s = m_statuses[std::size_t(r)];
        const double used = s.usedShare();
        auto *usedItem = tableCell(percent(used), true);
        usedItem->setForeground(used >= 1.0 ? QColor(0xdc2626) : used >= 0.8 ? QColor(0xd97706) : QColor(0x16a34a));
        const bool over = s.projectedMicros > s.budget.limitMicros;
        auto *pace = tableCell(money(s.projectedMicros), true);
        if (over)
            pace->setForeground(QColor(0xd97706));
        const QString cells[] = { s.budget.scopeText(), s.budget.period == Budget::Period::Day ? tr("day") : tr("month") };
        m_table->setItem(r, 0, tableCell(cells[0]));
        m_table->setItem(r, 1, tableCell(cells[1]));
        m_table->setItem(r, 2, tableCell(money(s.budget.limitMicros), true));
        m_table->setItem(r, 3, tableCell(money(s.spentMicros), true));
        m_table->setItem(r, 4, usedItem);
        m_table->setItem(r, 5, pace);
        m_table->setItem(r, 6, tableCell(alertText(s)));
        m_table->setItem(r, 7, tableCell(s.budget.hardLimit ? tr("hard limit") : tr("alerts only")));
        if (s.budget.id == selected)
            current = r;
    }
    m_table->selectRow(current);
    showBurn(current);
    m_remove->setEnabled(true);
}

void BudgetsPage::showBurn(int row)
{
    if (row < 0 || row >= int(m_statuses.size())) {
        m_burnTitle->clear();
        return;
    }
    const BudgetStatus &s = m_statuses[std::size_t(row)];
    m_burnTitle->setText(tr("%1: spend this %2 against %3").arg(s.budget.scopeText(),
                                                               s.budget.period == Budget::Period::Day ? tr("day") : tr("month"),
                                                               money(s.budget.limitMicros)));
    std::vector<qint64> buckets;
    for (qint64 b = s.window.startMs; b < s.window.endMs; b += s.bucketMs)
        buckets.push_back(b);
    const double limit = double(s.budget.limitMicros) / 1e6;
    TimeChartView::Series spent { tr("Spent"), seriesColor(0), {}, false };
    TimeChartView::Series pace { tr("At this pace"), seriesColor(1), {}, true };
    TimeChartView::Series cap { tr("Limit"), QColor(0xdc2626), {}, true };
    const std::size_t elapsed = s.burnMicros.size();
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        spent.values.push_back(i < elapsed ? double(s.burnMicros[i]) / 1e6 : std::nan(""));
        // The projection runs from the last bucket with spend to the period's end.
        const double share = buckets.size() > elapsed ? double(i + 1 - std::min(i + 1, elapsed)) / double(buckets.size() - elapsed) : 0;
        pace.values.push_back(i + 1 < elapsed ? std::nan("")
                                              : (double(s.spentMicros) + share * double(s.projectedMicros - s.spentMicros)) / 1e6);
        cap.values.push_back(limit);
    }
    m_burn->setData(std::move(buckets), s.bucketMs, { spent, pace, cap }, tr("US dollars"),
                    [](double dollars) { return money(qint64(std::llround(dollars * 1e6))); });
}

void BudgetsPage::saveBudget(const core::store::Budget &budget)
{
    m_store->submit<Budget>(
        [budget, actor = core::localAuthor(), now = QDateTime::currentMSecsSinceEpoch()](core::store::Connection &connection) {
            return core::store::BudgetRepository(connection).save(budget, actor, now);
        },
        this,
        [this](const core::Result<Budget> &saved) {
            if (!saved) {
                showNotice(saved.error().message, true);
                Q_EMIT failed(saved.error().message);
                return;
            }
            showNotice(tr("Budget for %1 set to %2 per %3.")
                           .arg(saved->scopeText(), money(saved->limitMicros), core::store::nameOf(saved->period)),
                       false);
            refresh();
        });
}

void BudgetsPage::removeBudget(qint64 id, const QString &reason)
{
    m_store->change(
        [id, reason, actor = core::localAuthor(), now = QDateTime::currentMSecsSinceEpoch()](core::store::Connection &connection) {
            return core::store::BudgetRepository(connection).remove(id, reason, actor, now);
        },
        this,
        [this](const QString &problem) {
            if (!problem.isEmpty()) {
                showNotice(problem, true);
                Q_EMIT failed(problem);
                return;
            }
            showNotice(tr("Budget removed."), false);
            refresh();
        });
}

void BudgetsPage::askToAdd()
{
    // What the dialog offers: tenants and features with traffic, and the gateway keys in use.
    m_store->submit<BudgetDialog::Choices>(
        [now = QDateTime::currentMSecsSinceEpoch()](core::store::Connection &connection) -> core::Result<BudgetDialog::Choices> {
            auto dimensions = core::analytics::readDimensions(connection, now - 90 * kDayMs);
            if (!dimensions)
                return std::unexpected(dimensions.error());
            auto keys = core::store::GatewayKeyRepository(connection).list();
            if (!keys)
                return std::unexpected(keys.error());
            BudgetDialog::Choices choices { dimensions->tenants, dimensions->features, {} };
            for (const auto &key : *keys)
                choices.keys.emplace_back(key.name, key.id);
            return choices;
        },
        this,
        [this](const core::Result<BudgetDialog::Choices> &choices) {
            BudgetDialog dialog(choices ? *choices : BudgetDialog::Choices {}, this);
            if (dialog.exec() == QDialog::Accepted)
                saveBudget(dialog.budget());
        });
}

void BudgetsPage::askToRemove()
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= int(m_statuses.size()))
        return;
    // Copies: the list may be read again while the question is open.
    const qint64 id = m_statuses[std::size_t(row)].budget.id;
    const QString scope = m_statuses[std::size_t(row)].budget.scopeText();
    const auto reason = askForReason(this, tr("Remove Budget"), tr("Why does the budget for %1 go?").arg(scope));
    if (reason)
        removeBudget(id, *reason);
}

void BudgetsPage::showNotice(const QString &text, bool problem)
{
    m_notice->say(text, problem);
}

EmptyState::Content BudgetsPage::emptyContent() const
{
    return { description().iconPath, tr("No budgets set"),
             tr("A budget caps spend per UTC day or month for the whole workspace, a tenant, a feature or "
                "a gateway key, and raises alerts at the thresholds you choose (for example 50, 80 and "
                "100 %).<br><br>This page shows spend against each budget with a projection to the end "
                "of the period. The gateway refuses calls once a hard limit is spent: a gateway key's budget "
                "always is one, any other when you say so."),
             m_store->hasWorkspace() ? tr("Set a budget…") : QString() };
}

} // namespace switchboard::ui
