#include "routing/whatifview.h"

#include "analytics/whatifsample.h"
#include "common/storeclient.h"
#include "common/treewidgets.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::analytics::WhatIfReport;
using core::analytics::WhatIfTarget;

namespace {

QString dollars(qint64 micros)
{
    // Sub-cent amounts matter in a sample; past $100 cents are enough.
    return QStringLiteral("$") + QLocale().toString(double(micros) / 1e6, 'f', qAbs(micros) < 100'000'000 ? 4 : 2);
}

QString latency(const std::optional<qint64> &us)
{
    if (!us)
        return QObject::tr("no history");
    return *us >= 1'000'000 ? QStringLiteral("%1 s").arg(double(*us) / 1e6, 0, 'f', 2)
                            : QStringLiteral("%1 ms").arg(double(*us) / 1e3, 0, 'f', 0);
}

QString share(qint64 part, qint64 whole)
{
    return whole > 0 ? QStringLiteral("%1 %").arg(100.0 * double(part) / double(whole), 0, 'f', 1) : QString();
}

QString change(qint64 before, qint64 after)
{
    if (before == 0)
        return after == 0 ? QStringLiteral("±0") : QStringLiteral("new");
    const double percent = 100.0 * double(after - before) / double(before);
    return QStringLiteral("%1%2 %").arg(percent > 0 ? QStringLiteral("+") : QString()).arg(percent, 0, 'f', 1);
}

QLineEdit *filter(const QString &placeholder)
{
    auto *edit = new QLineEdit;
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

} // namespace

WhatIfView::WhatIfView(StoreClient *store, std::function<std::optional<core::routing::RuleSet>()> draftRules, QWidget *parent)
    : QWidget(parent), m_store(store), m_draftRules(std::move(draftRules)), m_window(new QComboBox),
      m_tenant(filter(tr("any tenant"))), m_feature(filter(tr("any feature"))), m_alias(filter(tr("any model asked for"))),
      m_run(new QPushButton(tr("Run What-If"))), m_cancel(new QPushButton(tr("Cancel"))), m_summary(new QLabel),
      m_targets(makeTable({ tr("Target"), tr("Runs on"), tr("Calls"), tr("Share"), tr("Moved here"), tr("Cost as run"),
                            tr("Projected cost"), tr("Change"), tr("p50 latency"), tr("p95 latency") },
                          QStringLiteral("whatif-targets"))),
      m_rules(makeTable({ tr("Rule"), tr("Calls"), tr("Share") }, QStringLiteral("whatif-rules")))
{
    m_window->addItem(tr("last hour"), 3'600'000);
    m_window->addItem(tr("last 24 hours"), 86'400'000);
    m_window->addItem(tr("last 7 days"), 7 * 86'400'000LL);
    m_window->addItem(tr("last 30 days"), 30 * 86'400'000LL);
    m_window->setCurrentIndex(1);
    m_run->setObjectName(QStringLiteral("whatif-run"));
    m_run->setDefault(true);
    m_summary->setObjectName(QStringLiteral("whatif-summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_rules->header()->setStretchLastSection(false);
    m_rules->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_targets->setToolTip(tr("Latency is what the target's model showed on successful, uncached calls in the same sample."));

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Gateway calls from the")));
    controls->addWidget(m_window);
    controls->addStretch(1);
    controls->addWidget(m_run);
    controls->addWidget(m_cancel);
    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Only")));
    filters->addWidget(m_tenant, 1);
    filters->addWidget(m_feature, 1);
    filters->addWidget(m_alias, 1);

    auto *hint = new QLabel(tr("Latency is what each target's model showed in the same sample. The log keeps no user tier or "
                               "prompt label, so rules on those match as if they were unset."));
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: #6b6b6b"));

    auto *rulesBox = new QWidget;
    auto *rulesLayout = new QVBoxLayout(rulesBox);
    rulesLayout->setContentsMargins(0, 0, 0, 0);
    rulesLayout->addWidget(new QLabel(tr("<b>Calls per rule</b>")));
    rulesLayout->addWidget(m_rules);
    auto *targetsBox = new QWidget;
    auto *targetsLayout = new QVBoxLayout(targetsBox);
    targetsLayout->setContentsMargins(0, 0, 0, 0);
    targetsLayout->addWidget(new QLabel(tr("<b>Where the calls would go</b> — shadow calls are extra, on top of the primary ones")));
    targetsLayout->addWidget(m_targets);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(targetsBox);
    split->addWidget(rulesBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addLayout(filters);
    layout->addWidget(m_summary);
    layout->addWidget(hint);
    layout->addWidget(split, 1);

    connect(m_run, &QPushButton::clicked, this, &WhatIfView::run);
    connect(m_cancel, &QPushButton::clicked, this, &WhatIfView::cancel);
    clear();
}

void WhatIfView::clear()
{
    ++m_runId;
    setRunning(false);
    m_targets->clear();
    m_rules->clear();
    m_summary->setText(tr("Run the draft in the editor over calls already in the log to see, before activating it, how many "
                          "calls would move, to where, and what they would cost. Nothing is sent to any provider."));
}

void WhatIfView::run()
{
    const auto rules = m_draftRules();
    if (!rules) {
        m_summary->setText(tr("<span style='color:#b3261e'>The draft has problems.</span> Fix them on the Rules tab first."));
        return;
    }
    core::analytics::WhatIfWindow window;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    window.sinceMs = now - m_window->currentData().toLongLong();
    window.tenant = m_tenant->text().trimmed();
    window.feature = m_feature->text().trimmed();
    window.alias = m_alias->text().trimmed();
    const quint64 runId = ++m_runId;
    setRunning(true);
    m_summary->setText(tr("Reading calls and routing them…"));
    m_store->submit<WhatIfReport>(
        [rules = *rules, window, now](core::store::Connection &connection) {
            return core::analytics::whatIfOverLog(connection, rules, window, now);
        },
        this,
        [this, runId](const core::Result<WhatIfReport> &report) {
            if (runId != m_runId)
                return; // cancelled, or run again since
            setRunning(false);
            if (!report)
                m_summary->setText(tr("<span style='color:#b3261e'>The calls could not be read:</span> %1")
                                       .arg(report.error().message.toHtmlEscaped()));
            else
                showReport(*report);
            Q_EMIT finished();
        });
}

void WhatIfView::cancel()
{
    if (!m_running)
        return;
    ++m_runId;
    setRunning(false);
    m_summary->setText(tr("Cancelled."));
}

void WhatIfView::setRunning(bool running)
{
    m_running = running;
    m_run->setEnabled(!running);
    m_cancel->setVisible(running);
}

void WhatIfView::showReport(const WhatIfReport &report)
{
    m_targets->clear();
    m_rules->clear();
    if (report.calls == 0) {
        m_summary->setText(tr("No gateway calls in that window and filter. Widen the window, or send traffic through the "
                              "gateway first."));
        return;
    }
    const QLocale locale;
    QString text = tr("<b>%1</b> calls: <b>%2</b> (%3) would run on another model. Cost as they ran %4; projected %5 (%6).")
                       .arg(locale.toString(report.calls), locale.toString(report.moved), share(report.moved, report.calls),
                            dollars(report.actualCostMicros), dollars(report.projectedCostMicros),
                            change(report.actualCostMicros, report.projectedCostMicros));
    if (report.unresolved > 0)
        text += tr(" <span style='color:#b3261e'>%1 calls go to a target the workspace cannot resolve.</span>")
                    .arg(locale.toString(report.unresolved));
    if (report.unpriced > 0)
        text += tr(" %1 calls have no price for their target and are left out of the projection.").arg(locale.toString(report.unpriced));
    m_summary->setText(text);

    for (const WhatIfTarget &target : report.targets) {
        const QString name = target.shadow ? tr("%1 (shadow)").arg(target.target) : target.target;
        auto *item = new QTreeWidgetItem(
            { name, target.resolved.isEmpty() ? tr("not found") : target.resolved, locale.toString(target.calls),
              target.shadow ? QString() : share(target.calls, report.calls), target.shadow ? QString() : locale.toString(target.moved),
              target.shadow ? QString() : dollars(target.actualCostMicros),
              target.projectedCostMicros ? dollars(*target.projectedCostMicros) : tr("no price"),
              target.shadow || !target.projectedCostMicros ? QString() : change(target.actualCostMicros, *target.projectedCostMicros),
              latency(target.p50LatencyUs), latency(target.p95LatencyUs) });
        for (int column = 2; column < item->columnCount(); ++column)
            item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
        if (target.resolved.isEmpty())
            item->setForeground(1, QColor(0xb3, 0x26, 0x1e));
        item->setToolTip(8, tr("From %1 successful calls on this model in the sample").arg(target.observedCalls));
        m_targets->addTopLevelItem(item);
    }
    for (const auto &rule : report.rules) {
        auto *item = new QTreeWidgetItem({ rule.rule.isEmpty() ? tr("(no rule matched: the model asked for)") : rule.rule,
                                           locale.toString(rule.calls), share(rule.calls, report.calls) });
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        m_rules->addTopLevelItem(item);
    }
    fitColumns(m_targets);
    fitColumns(m_rules);
}

} // namespace switchboard::ui
