#include "alerts/alertspage.h"

#include "alerts/alertlistview.h"
#include "alerts/alertruledialog.h"
#include "analytics/alertmonitor.h"
#include "analytics/overview.h"
#include "common/noticeline.h"
#include "common/reasondialog.h"
#include "common/storeclient.h"
#include "common/tablecells.h"
#include "common/tablestyle.h"
#include "model/localauthor.h"
#include "store/budgetrepository.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace switchboard::ui {
namespace {

using core::store::Alert;
using core::store::AlertRule;
using Kind = AlertRule::Kind;

constexpr qint64 kDayMs = 86'400'000;

QString percent(double share)
{
    return QLocale().toString(share * 100.0, 'f', 1) + QStringLiteral(" %");
}

QString condition(const AlertRule &rule)
{
    switch (rule.kind) {
    case Kind::ErrorRate: return QObject::tr("error rate above %1").arg(percent(rule.threshold));
    case Kind::FailureCategory:
        return QObject::tr("%1 above %2").arg(rule.category, percent(rule.threshold));
    case Kind::P95Latency: return QObject::tr("p95 latency above %1 ms").arg(QLocale().toString(qRound64(rule.threshold)));
    case Kind::CostSpike: return QObject::tr("cost above %1× its usual rate").arg(QLocale().toString(rule.threshold, 'f', 1));
    case Kind::Budget: return QObject::tr("a budget crosses a threshold");
    case Kind::Drift:
        return QObject::tr("answers drift from the week before (p < %1)").arg(QLocale().toString(rule.threshold, 'g', 3));
    }
    return {};
}

QString watches(const AlertRule &rule, const std::map<qint64, QString> &budgets)
{
    if (rule.kind == Kind::Budget) {
        if (rule.value.isEmpty())
            return QObject::tr("every budget");
        const auto found = budgets.find(rule.value.toLongLong());
        return found == budgets.end() ? QObject::tr("budget %1 (removed)").arg(rule.value) : found->second;
    }
    if (rule.kind == Kind::Drift && rule.value.isEmpty())
        return QObject::tr("each feature with traffic");
    return rule.value.isEmpty() ? QObject::tr("all gateway traffic") : rule.dimension + u' ' + rule.value;
}

QString judgedOver(const AlertRule &rule)
{
    if (rule.kind == Kind::Drift)
        return QObject::tr("last %1 min against the 7 days before, at least %2 answered calls each")
            .arg(rule.forMinutes)
            .arg(rule.minCalls);
    return rule.kind == Kind::Budget ? QObject::tr("the budget's period")
                                     : QObject::tr("%1 min, at least %2 calls").arg(rule.forMinutes).arg(rule.minCalls);
}

} // namespace

AlertsPage::AlertsPage(QWidget *parent)
    : Page({ QStringLiteral("alerts"), tr("Alerts"),
             tr("Rules on error rates, failures, latency, cost, budgets and drift, and the alerts they raised."),
             QStringLiteral(":/switchboard/icons/pages/alerts.svg") },
           parent)
    , m_store(new StoreClient(this))
    , m_tabs(new QTabWidget)
    , m_list(new AlertListView)
    , m_rules(new QTableWidget(0, 6))
    , m_notice(new NoticeLine)
    , m_acknowledge(nullptr)
    , m_edit(nullptr)
    , m_remove(nullptr)
{
    setContentWidget(buildContent());
    connect(emptyState(), &EmptyState::actionTriggered, this, [this] { askForRule({}); });
    clearWorkspace();
}

AlertsPage::~AlertsPage() = default;

QTableWidget *AlertsPage::alertTable() const
{
    return m_list->table();
}

QTextBrowser *AlertsPage::detail() const
{
    return m_list->detail();
}

QWidget *AlertsPage::buildContent()
{
    auto *content = new QWidget;
    auto *add = toolButton(tr("New rule…"), tr("Add an alert rule"), content);
    m_edit = toolButton(tr("Change rule…"), tr("Change the selected rule (or the rule of the selected alert)"), content);
    m_remove = toolButton(tr("Remove rule…"), tr("Remove the selected rule (asks why, for the audit log); its alerts stay listed"), content);
    m_acknowledge = toolButton(tr("Acknowledge"), tr("Say you are on the selected alert; it stays open until its rule no longer fires"), content);
    auto *refreshButton = toolButton(tr("Refresh"), tr("Read the alerts again (the page does so after each minute's judgement)"), content);
    connect(add, &QToolButton::clicked, this, [this] { askForRule({}); });
    connect(m_edit, &QToolButton::clicked, this, [this] {
        if (const AlertRule *rule = currentRule())
            askForRule(*rule);
    });
    connect(m_remove, &QToolButton::clicked, this, &AlertsPage::askToRemove);
    connect(m_acknowledge, &QToolButton::clicked, this, &AlertsPage::acknowledgeSelected);
    connect(refreshButton, &QToolButton::clicked, this, &AlertsPage::refresh);
    auto *bar = new QHBoxLayout;
    bar->addWidget(add);
    bar->addWidget(m_edit);
    bar->addWidget(m_remove);
    bar->addSpacing(12);
    bar->addWidget(m_acknowledge);
    bar->addStretch(1);
    bar->addWidget(refreshButton);

    connect(m_list, &AlertListView::selectionChanged, this, [this] {
        const core::store::Alert *alert = m_list->selected();
        m_acknowledge->setEnabled(alert && alert->isOpen() && !alert->acknowledgedMs);
    });
    m_rules->setHorizontalHeaderLabels({ tr("Rule"), tr("Alerts when"), tr("Watches"), tr("Judged over"), tr("Webhook"), tr("State") });
    styleTable(m_rules);
    m_rules->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_rules->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    connect(m_rules, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (row >= 0 && row < int(m_contents.rules.size()))
            askForRule(m_contents.rules[std::size_t(row)]);
    });
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_list, tr("Alerts"));
    m_tabs->addTab(m_rules, tr("Rules"));

    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_notice);
    layout->addWidget(m_tabs, 1);
    return content;
}

const AlertRule *AlertsPage::currentRule() const
{
    qint64 id = 0;
    if (m_tabs->currentIndex() == 0 && m_list->selected())
        id = m_list->selected()->ruleId;
    else if (m_rules->currentRow() >= 0 && m_rules->currentRow() < int(m_contents.rules.size()))
        id = m_contents.rules[std::size_t(m_rules->currentRow())].id;
    const auto found = std::ranges::find(m_contents.rules, id, &AlertRule::id);
    return found == m_contents.rules.end() ? nullptr : &*found;
}

void AlertsPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    clearWorkspace(); // nothing of the previous workspace stays, its monitor least of all
    m_store->setLocation(summary.location);
    Page::setWorkspace(summary);
    m_monitor = new core::analytics::AlertMonitor(summary.location, {}, this);
    connect(m_monitor, &core::analytics::AlertMonitor::checked, this, [this] { refresh(); });
    connect(m_monitor, &core::analytics::AlertMonitor::delivered, this, [this] { refresh(); });
    connect(m_monitor, &core::analytics::AlertMonitor::failed, this, [this](const QString &message) { showNotice(message, true); });
    refresh();
}

void AlertsPage::clearWorkspace()
{
    delete m_monitor;
    m_monitor = nullptr;
    m_store->setLocation(std::nullopt);
    m_contents = {};
    m_list->setAlerts({});
    m_rules->setRowCount(0);
    m_notice->hide();
    Q_EMIT openAlertsChanged(0);
    Page::clearWorkspace();
}

void AlertsPage::refresh()
{
    m_store->submit<Contents>(
        [](core::store::Connection &connection) -> core::Result<Contents> {
            Contents read;
            core::store::AlertRepository repository(connection);
            auto alerts = repository.alerts();
            if (!alerts)
                return std::unexpected(alerts.error());
            auto rules = repository.rules();
            if (!rules)
                return std::unexpected(rules.error());
            auto budgets = core::store::BudgetRepository(connection).list();
            if (!budgets)
                return std::unexpected(budgets.error());
            read.alerts = std::move(*alerts);
            read.rules = std::move(*rules);
            for (const auto &budget : *budgets)
                read.budgetNames[budget.id] = tr("%1, per %2").arg(budget.scopeText(), core::store::nameOf(budget.period));
            return read;
        },
        this,
        [this](const core::Result<Contents> &read) {
            if (!read) {
                showNotice(tr("Alerts could not be read: %1").arg(read.error().message), true);
                Q_EMIT failed(read.error().message);
                return;
            }
            showContents(*read);
            Q_EMIT refreshed();
        });
}

void AlertsPage::showContents(const Contents &contents)
{
    m_contents = contents;
    const auto unacknowledged = std::ranges::count_if(m_contents.alerts, [](const core::store::Alert &a) {
        return a.isOpen() && !a.acknowledgedMs;
    });
    Q_EMIT openAlertsChanged(int(unacknowledged));
    if (m_contents.rules.empty() && m_contents.alerts.empty()) {
        showEmptyState(emptyContent());
        return;
    }
    showContent();
    m_list->setAlerts(m_contents.alerts);
    if (m_wantedAlert != 0 && m_list->select(m_wantedAlert))
        m_tabs->setCurrentIndex(0);
    m_wantedAlert = 0;
    showRules();
}

void AlertsPage::showAlert(qint64 alertId)
{
    m_tabs->setCurrentIndex(0);
    if (m_list->select(alertId))
        return;
    m_wantedAlert = alertId;
    refresh();
}

void AlertsPage::showRules()
{
    const QSignalBlocker quiet(m_rules);
    m_rules->setRowCount(int(m_contents.rules.size()));
    for (int r = 0; r < int(m_contents.rules.size()); ++r) {
        const AlertRule &rule = m_contents.rules[std::size_t(r)];
        m_rules->setItem(r, 0, tableCell(rule.name));
        m_rules->setItem(r, 1, tableCell(condition(rule)));
        m_rules->setItem(r, 2, tableCell(watches(rule, m_contents.budgetNames)));
        m_rules->setItem(r, 3, tableCell(judgedOver(rule)));
        m_rules->setItem(r, 4, tableCell(rule.webhook.isEmpty() ? tr("console only") : core::store::displayedWebhook(rule.webhook)));
        m_rules->setItem(r, 5, tableCell(rule.enabled ? tr("judged") : tr("off")));
    }
    if (m_rules->currentRow() < 0 && !m_contents.rules.empty())
        m_rules->selectRow(0);
    m_edit->setEnabled(!m_contents.rules.empty());
    m_remove->setEnabled(!m_contents.rules.empty());
}

void AlertsPage::saveRule(const AlertRule &rule)
{
    m_store->submit<AlertRule>(
        [rule, actor = core::localAuthor(), now = QDateTime::currentMSecsSinceEpoch()](core::store::Connection &connection) {
            return core::store::AlertRepository(connection).saveRule(rule, actor, now);
        },
        this,
        [this](const core::Result<AlertRule> &saved) {
            if (!saved) {
                showNotice(saved.error().message, true);
                Q_EMIT failed(saved.error().message);
                return;
            }
            showNotice(tr("Rule \"%1\" saved: it is judged within the minute.").arg(saved->name), false);
            m_tabs->setCurrentIndex(1);
            refresh();
        });
}

void AlertsPage::removeRule(qint64 id, const QString &reason)
{
    m_store->change(
        [id, reason, actor = core::localAuthor(), now = QDateTime::currentMSecsSinceEpoch()](core::store::Connection &connection) {
            return core::store::AlertRepository(connection).removeRule(id, reason, actor, now);
        },
        this,
        [this](const QString &problem) {
            if (!problem.isEmpty()) {
                showNotice(problem, true);
                Q_EMIT failed(problem);
                return;
            }
            showNotice(tr("Rule removed; its alerts stay listed."), false);
            refresh();
        });
}

void AlertsPage::acknowledgeSelected()
{
    const core::store::Alert *alert = m_list->selected();
    if (!alert)
        return;
    m_store->change(
        [id = alert->id, actor = core::localAuthor(),
         now = QDateTime::currentMSecsSinceEpoch()](core::store::Connection &connection) {
            return core::store::AlertRepository(connection).acknowledge(id, actor, now);
        },
        this,
        [this](const QString &problem) {
            if (!problem.isEmpty()) {
                showNotice(problem, true);
                Q_EMIT failed(problem);
                return;
            }
            m_notice->hide();
            refresh();
        });
}

void AlertsPage::askForRule(const AlertRule &rule)
{
    // What the dialog offers: features and models with traffic, and the budgets.
    m_store->submit<AlertRuleDialog::Choices>(
        [now = QDateTime::currentMSecsSinceEpoch()](core::store::Connection &connection) -> core::Result<AlertRuleDialog::Choices> {
            auto dimensions = core::analytics::readDimensions(connection, now - 30 * kDayMs);
            if (!dimensions)
                return std::unexpected(dimensions.error());
            auto budgets = core::store::BudgetRepository(connection).list();
            if (!budgets)
                return std::unexpected(budgets.error());
            AlertRuleDialog::Choices choices { dimensions->features, dimensions->models, {} };
            for (const auto &budget : *budgets)
                choices.budgets.emplace_back(tr("%1, per %2").arg(budget.scopeText(), core::store::nameOf(budget.period)), budget.id);
            return choices;
        },
        this,
        [this, rule](const core::Result<AlertRuleDialog::Choices> &choices) {
            AlertRuleDialog dialog(choices ? *choices : AlertRuleDialog::Choices {}, rule, this);
            if (dialog.exec() == QDialog::Accepted)
                saveRule(dialog.rule());
        });
}

void AlertsPage::askToRemove()
{
    const AlertRule *rule = currentRule();
    if (!rule)
        return;
    // Copies: the list may be read again while the question is open.
    const qint64 id = rule->id;
    const QString name = rule->name;
    const auto reason = askForReason(this, tr("Remove Alert Rule"), tr("Why does the rule \"%1\" go?").arg(name));
    if (reason)
        removeRule(id, *reason);
}

void AlertsPage::showNotice(const QString &text, bool problem)
{
    m_notice->say(text, problem);
}

EmptyState::Content AlertsPage::emptyContent() const
{
    return { description().iconPath, tr("No alert rules yet"),
             tr("An alert rule watches the gateway's traffic: an error rate or a failure category above a share, p95 "
                "latency above a time, or cost above its usual rate, over the last minutes; or a budget crossing "
                "its thresholds.<br><br>Rules are judged every minute while the console or a gateway has the "
                "workspace open. An alert shows here with its runbook, and can be sent to a webhook (Slack's "
                "incoming webhooks accept its body)."),
             m_store->hasWorkspace() ? tr("New rule…") : QString() };
}

} // namespace switchboard::ui
