#include "alerts/alertspage.h"

#include "alerts/alertruledialog.h"
#include "analytics/alertmonitor.h"
#include "analytics/overview.h"
#include "common/reasondialog.h"
#include "common/storeclient.h"
#include "model/localauthor.h"
#include "requests/callformat.h"
#include "store/budgetrepository.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace switchboard::ui {
namespace {

using core::store::Alert;
using core::store::AlertRule;
using Kind = AlertRule::Kind;

constexpr qint64 kDayMs = 86'400'000;
const QColor kFiring(0xdc2626);
const QColor kAcknowledged(0xd97706);
const QColor kResolved(0x16a34a);

QTableWidgetItem *cell(const QString &text, bool number = false)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(number ? (Qt::AlignRight | Qt::AlignVCenter) : (Qt::AlignLeft | Qt::AlignVCenter));
    return item;
}

QToolButton *button(const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    return b;
}

QTableWidget *table(const QStringList &headers, int stretch)
{
    auto *t = new QTableWidget(0, int(headers.size()));
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setAlternatingRowColors(true);
    t->setShowGrid(false);
    t->setWordWrap(false);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setSectionResizeMode(stretch, QHeaderView::Stretch);
    return t;
}

QString state(const Alert &alert)
{
    if (!alert.isOpen())
        return QObject::tr("Resolved");
    return alert.acknowledgedMs ? QObject::tr("Acknowledged") : QObject::tr("Firing");
}

QColor stateColor(const Alert &alert)
{
    return !alert.isOpen() ? kResolved : alert.acknowledgedMs ? kAcknowledged : kFiring;
}

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
    return rule.value.isEmpty() ? QObject::tr("all gateway traffic") : rule.dimension + u' ' + rule.value;
}

QString judgedOver(const AlertRule &rule)
{
    return rule.kind == Kind::Budget ? QObject::tr("the budget's period")
                                     : QObject::tr("%1 min, at least %2 calls").arg(rule.forMinutes).arg(rule.minCalls);
}

} // namespace

AlertsPage::AlertsPage(QWidget *parent)
    : Page({ QStringLiteral("alerts"), tr("Alerts"),
             tr("Rules on error rates, failures, latency, cost and budgets, and the alerts they raised."),
             QStringLiteral(":/switchboard/icons/pages/alerts.svg") },
           parent)
    , m_store(new StoreClient(this))
    , m_tabs(new QTabWidget)
    , m_alerts(table({ tr("State"), tr("Rule"), tr("What was seen"), tr("First seen"), tr("Last seen"), tr("Resolved"),
                       tr("Acknowledged") },
                     2))
    , m_detail(new QTextBrowser)
    , m_rules(table({ tr("Rule"), tr("Alerts when"), tr("Watches"), tr("Judged over"), tr("Webhook"), tr("State") }, 1))
    , m_notice(new QLabel)
    , m_acknowledge(nullptr)
    , m_edit(nullptr)
    , m_remove(nullptr)
{
    setContentWidget(buildContent());
    connect(emptyState(), &EmptyState::actionTriggered, this, [this] { askForRule({}); });
    clearWorkspace();
}

AlertsPage::~AlertsPage() = default;

QWidget *AlertsPage::buildContent()
{
    auto *content = new QWidget;
    auto *add = button(tr("New rule…"), tr("Add an alert rule"), content);
    m_edit = button(tr("Change rule…"), tr("Change the selected rule (or the rule of the selected alert)"), content);
    m_remove = button(tr("Remove rule…"), tr("Remove the selected rule (asks why, for the audit log); its alerts stay listed"), content);
    m_acknowledge = button(tr("Acknowledge"), tr("Say you are on the selected alert; it stays open until its rule no longer fires"), content);
    auto *refreshButton = button(tr("Refresh"), tr("Read the alerts again (the page does so after each minute's judgement)"), content);
    connect(add, &QToolButton::clicked, this, [this] { askForRule({}); });
    connect(m_edit, &QToolButton::clicked, this, [this] {
        qint64 id = 0;
        if (m_tabs->currentIndex() == 0 && m_alerts->currentRow() >= 0 && m_alerts->currentRow() < int(m_contents.alerts.size()))
            id = m_contents.alerts[std::size_t(m_alerts->currentRow())].ruleId;
        else if (m_rules->currentRow() >= 0 && m_rules->currentRow() < int(m_contents.rules.size()))
            id = m_contents.rules[std::size_t(m_rules->currentRow())].id;
        const auto found = std::ranges::find(m_contents.rules, id, &AlertRule::id);
        if (found != m_contents.rules.end())
            askForRule(*found);
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

    m_notice->setWordWrap(true);
    m_notice->hide();
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildAlertsTab(), tr("Alerts"));
    m_tabs->addTab(buildRulesTab(), tr("Rules"));

    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_notice);
    layout->addWidget(m_tabs, 1);
    return content;
}

QWidget *AlertsPage::buildAlertsTab()
{
    connect(m_alerts, &QTableWidget::currentCellChanged, this, [this](int row) { showAlert(row); });
    m_detail->setOpenExternalLinks(false);
    m_detail->setFrameShape(QFrame::NoFrame);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_alerts);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    return split;
}

QWidget *AlertsPage::buildRulesTab()
{
    connect(m_rules, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (row >= 0 && row < int(m_contents.rules.size()))
            askForRule(m_contents.rules[std::size_t(row)]);
    });
    return m_rules;
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
    m_alerts->setRowCount(0);
    m_rules->setRowCount(0);
    m_detail->clear();
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
    const qint64 selected = m_alerts->currentRow() >= 0 && m_alerts->currentRow() < int(m_contents.alerts.size())
        ? m_contents.alerts[std::size_t(m_alerts->currentRow())].id
        : 0;
    m_contents = contents;
    const auto unacknowledged = std::ranges::count_if(m_contents.alerts, [](const Alert &a) { return a.isOpen() && !a.acknowledgedMs; });
    Q_EMIT openAlertsChanged(int(unacknowledged));
    if (m_contents.rules.empty() && m_contents.alerts.empty()) {
        showEmptyState(emptyContent());
        return;
    }
    showContent();
    {
        const QSignalBlocker quiet(m_alerts);
        m_alerts->setRowCount(int(m_contents.alerts.size()));
        int current = 0;
        for (int r = 0; r < int(m_contents.alerts.size()); ++r) {
            const Alert &a = m_contents.alerts[std::size_t(r)];
            auto *stateItem = cell(state(a));
            stateItem->setForeground(stateColor(a));
            QFont bold = stateItem->font();
            bold.setBold(a.isOpen());
            stateItem->setFont(bold);
            m_alerts->setItem(r, 0, stateItem);
            m_alerts->setItem(r, 1, cell(a.ruleName));
            m_alerts->setItem(r, 2, cell(a.summary));
            m_alerts->item(r, 2)->setToolTip(a.summary);
            m_alerts->setItem(r, 3, cell(callTimeShort(a.firstSeenMs)));
            m_alerts->setItem(r, 4, cell(callTimeShort(a.lastSeenMs)));
            m_alerts->setItem(r, 5, cell(a.resolvedMs ? callTimeShort(*a.resolvedMs) : QString()));
            m_alerts->setItem(r, 6, cell(a.acknowledgedMs ? a.acknowledgedBy : QString()));
            if (a.id == selected)
                current = r;
        }
        if (!m_contents.alerts.empty())
            m_alerts->selectRow(current);
    }
    showAlert(m_contents.alerts.empty() ? -1 : m_alerts->currentRow());

    const QSignalBlocker quiet(m_rules);
    m_rules->setRowCount(int(m_contents.rules.size()));
    for (int r = 0; r < int(m_contents.rules.size()); ++r) {
        const AlertRule &rule = m_contents.rules[std::size_t(r)];
        m_rules->setItem(r, 0, cell(rule.name));
        m_rules->setItem(r, 1, cell(condition(rule)));
        m_rules->setItem(r, 2, cell(watches(rule, m_contents.budgetNames)));
        m_rules->setItem(r, 3, cell(judgedOver(rule)));
        m_rules->setItem(r, 4, cell(rule.webhook.isEmpty() ? tr("console only") : core::store::displayedWebhook(rule.webhook)));
        m_rules->setItem(r, 5, cell(rule.enabled ? tr("judged") : tr("off")));
    }
    if (m_rules->currentRow() < 0 && !m_contents.rules.empty())
        m_rules->selectRow(0);
    m_edit->setEnabled(!m_contents.rules.empty());
    m_remove->setEnabled(!m_contents.rules.empty());
}

void AlertsPage::showAlert(int row)
{
    if (row < 0 || row >= int(m_contents.alerts.size())) {
        m_acknowledge->setEnabled(false);
        m_detail->setHtml(tr("<p style='color: gray'>No alert has been raised yet. Rules are judged every minute while "
                             "the console or a gateway has this workspace open.</p>"));
        return;
    }
    const Alert &a = m_contents.alerts[std::size_t(row)];
    m_acknowledge->setEnabled(a.isOpen() && !a.acknowledgedMs);
    QString html = QStringLiteral("<h3 style='margin-bottom: 4px'>%1 <span style='color: %2'>%3</span></h3><p>%4</p>")
                       .arg(a.ruleName.toHtmlEscaped(), stateColor(a).name(), state(a), a.summary.toHtmlEscaped());
    QString when = tr("First seen %1, last seen %2").arg(callTime(a.firstSeenMs), callTime(a.lastSeenMs));
    if (a.resolvedMs)
        when += tr(", resolved %1").arg(callTime(*a.resolvedMs));
    if (a.acknowledgedMs)
        when += tr("; acknowledged by %1 at %2").arg(a.acknowledgedBy.toHtmlEscaped(), callTime(*a.acknowledgedMs));
    html += QStringLiteral("<p style='color: gray'>%1.</p>").arg(when);
    html += QStringLiteral("<p><b>%1</b><br>%2</p>")
                .arg(tr("Runbook"), a.runbook.isEmpty() ? tr("<i>The rule has no runbook: change the rule to add one.</i>")
                                                         : a.runbook.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    if (!a.delivery.isEmpty())
        html += QStringLiteral("<p style='color: gray'>%1 %2</p>").arg(tr("Webhook:"), a.delivery.toHtmlEscaped());
    m_detail->setHtml(html);
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
    const int row = m_alerts->currentRow();
    if (row < 0 || row >= int(m_contents.alerts.size()))
        return;
    m_store->change(
        [id = m_contents.alerts[std::size_t(row)].id, actor = core::localAuthor(),
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
    int row = m_rules->currentRow();
    if (m_tabs->currentIndex() == 0 && m_alerts->currentRow() >= 0 && m_alerts->currentRow() < int(m_contents.alerts.size())) {
        const qint64 ruleId = m_contents.alerts[std::size_t(m_alerts->currentRow())].ruleId;
        const auto found = std::ranges::find(m_contents.rules, ruleId, &AlertRule::id);
        row = found == m_contents.rules.end() ? -1 : int(found - m_contents.rules.begin());
    }
    if (row < 0 || row >= int(m_contents.rules.size()))
        return;
    // Copies: the list may be read again while the question is open.
    const qint64 id = m_contents.rules[std::size_t(row)].id;
    const QString name = m_contents.rules[std::size_t(row)].name;
    const auto reason = askForReason(this, tr("Remove Alert Rule"), tr("Why does the rule \"%1\" go?").arg(name));
    if (reason)
        removeRule(id, *reason);
}

void AlertsPage::showNotice(const QString &text, bool problem)
{
    m_notice->setText(text);
    m_notice->setStyleSheet(problem ? QStringLiteral("color: #dc2626;") : QString());
    m_notice->show();
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
