#include "requests/triagedialog.h"

#include "common/messagebanner.h"
#include "common/storeclient.h"
#include "model/localauthor.h"
#include "requests/callactions.h"
#include "requests/callformat.h"

#include <QDateTimeEdit>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::replay::TriageEntry;

namespace {

enum Column { TimeColumn, OutcomeColumn, PromptColumn, RouteColumn, LatencyColumn, CostColumn, ColumnCount };

constexpr qint64 kHalfDayMs = 12 * 3'600'000LL;

} // namespace

TriageDialog::TriageDialog(StoreClient &store, CallActions &actions, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_actions(actions)
    , m_user(new QLineEdit)
    , m_tenant(new QLineEdit)
    , m_since(new QDateTimeEdit)
    , m_until(new QDateTimeEdit)
    , m_show(new QPushButton(tr("Show")))
    , m_export(new QPushButton(tr("Export redacted bundle...")))
    , m_banner(new MessageBanner)
    , m_summary(new QLabel)
    , m_timeline(new QTreeWidget)
{
    setWindowTitle(tr("Support triage"));
    m_user->setPlaceholderText(tr("user id, as the caller sent it"));
    m_tenant->setPlaceholderText(tr("or a tenant"));
    for (QDateTimeEdit *edit : { m_since, m_until }) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    const QDateTime now = QDateTime::currentDateTime();
    m_since->setDateTime(now.addDays(-1));
    m_until->setDateTime(now);
    m_show->setDefault(true);
    m_export->setEnabled(false);
    m_export->setToolTip(tr("These calls in one reproduction bundle, with what was said taken out: messages, answers and "
                            "variable values masked; routes, timings, costs and errors kept"));
    connect(m_show, &QPushButton::clicked, this, &TriageDialog::load);
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export redacted bundle"),
                                                          QDir::home().filePath(QStringLiteral("triage.repro.json")),
                                                          tr("Reproduction bundles (*.json)"));
        if (!path.isEmpty())
            exportTo(path);
    });

    auto *who = new QHBoxLayout;
    who->addWidget(new QLabel(tr("User")));
    who->addWidget(m_user, 2);
    who->addWidget(new QLabel(tr("Tenant")));
    who->addWidget(m_tenant, 1);
    who->addWidget(new QLabel(tr("from")));
    who->addWidget(m_since);
    who->addWidget(new QLabel(tr("to")));
    who->addWidget(m_until);
    who->addWidget(m_show);

    m_banner->hide();
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_timeline->setRootIsDecorated(false);
    m_timeline->setAlternatingRowColors(true);
    m_timeline->setHeaderLabels({ tr("Time"), tr("Outcome"), tr("Prompt"), tr("Route"), tr("Latency"), tr("Cost") });
    m_timeline->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_timeline->header()->setSectionResizeMode(RouteColumn, QHeaderView::Stretch);
    m_timeline->header()->setStretchLastSection(false);
    m_timeline->setToolTip(tr("Double-click a call to open it in the log"));
    connect(m_timeline, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const int index = m_timeline->indexOfTopLevelItem(item);
        if (index >= 0 && index < m_ids.size())
            Q_EMIT callChosen(m_ids.at(index));
    });

    auto *bottom = new QHBoxLayout;
    bottom->addStretch();
    bottom->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(who);
    layout->addWidget(m_banner);
    layout->addWidget(m_summary);
    layout->addWidget(m_timeline, 1);
    layout->addLayout(bottom);
    resize(980, 560);
}

void TriageDialog::lookInto(const QString &userId, const QString &tenant, qint64 atMs)
{
    m_user->setText(userId);
    m_tenant->setText(userId.isEmpty() ? tenant : QString());
    m_since->setDateTime(QDateTime::fromMSecsSinceEpoch(atMs - kHalfDayMs));
    m_until->setDateTime(QDateTime::fromMSecsSinceEpoch(atMs + kHalfDayMs));
    load();
}

void TriageDialog::load()
{
    core::replay::TriageQuery query;
    query.userId = m_user->text().trimmed();
    query.tenant = m_tenant->text().trimmed();
    query.sinceMs = m_since->dateTime().toMSecsSinceEpoch();
    query.untilMs = m_until->dateTime().toMSecsSinceEpoch();
    m_banner->hide();
    m_summary->setText(tr("Reading the calls\u2026"));
    m_show->setEnabled(false);
    m_store.submit<std::vector<TriageEntry>>(
        [query](core::store::Connection &connection) { return core::replay::triageTimeline(connection, query); }, this,
        [this](const core::Result<std::vector<TriageEntry>> &timeline) {
            m_show->setEnabled(true);
            if (!timeline) {
                m_summary->clear();
                m_banner->showError(timeline.error().message);
                return;
            }
            present(*timeline);
        });
}

void TriageDialog::present(const std::vector<TriageEntry> &timeline)
{
    m_timeline->clear();
    m_ids.clear();
    const QColor failed(0xc6, 0x28, 0x28);
    for (const TriageEntry &entry : timeline) {
        const core::CallRecord &call = entry.call;
        auto *item = new QTreeWidgetItem(m_timeline);
        item->setText(TimeColumn, callTimeShort(call.startedMs));
        item->setText(OutcomeColumn, callOutcome(call) + (call.origin == core::CallOrigin::Gateway ? QString()
                                                                                                  : QStringLiteral(" (%1)").arg(core::nameOf(call.origin))));
        item->setText(PromptColumn, call.promptVersion ? QStringLiteral("%1 v%2").arg(call.promptName).arg(call.promptVersion)
                                                       : QStringLiteral("-"));
        QString route = call.alias.isEmpty() ? QStringLiteral("-") : call.alias;
        route += QStringLiteral(" \u2192 ") + (entry.targets.isEmpty() ? call.provider + u'/' + call.model
                                                                       : entry.targets.join(QStringLiteral(" \u2192 ")));
        item->setText(RouteColumn, route);
        item->setText(LatencyColumn, duration(call.latencyUs));
        item->setText(CostColumn, usd(call.costMicros));
        item->setTextAlignment(LatencyColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(CostColumn, Qt::AlignRight | Qt::AlignVCenter);
        if (call.status != core::CallStatus::Ok)
            item->setForeground(OutcomeColumn, failed);
        if (entry.fellBack())
            item->setToolTip(RouteColumn, tr("Fell back: %1").arg(entry.targets.join(QStringLiteral(" \u2192 "))));
        m_ids << call.id;
    }
    const core::replay::TriageSummary summary = core::replay::summarize(timeline);
    m_summary->setText(
        timeline.empty()
            ? tr("No calls in this window. Widen it, or check the user id as the caller sends it.")
            : tr("<b>%1</b> \u00b7 %2 failed \u00b7 %3 fell back \u00b7 %4 from the cache \u00b7 prompts: %5 \u00b7 models: %6")
                  .arg(countOf(summary.calls, tr("1 call"), tr("%1 calls")))
                  .arg(summary.failed)
                  .arg(summary.fallbacks)
                  .arg(summary.cacheHits)
                  .arg(summary.promptVersions.isEmpty() ? tr("none") : summary.promptVersions.join(QLatin1String(", ")).toHtmlEscaped(),
                       summary.models.join(QLatin1String(", ")).toHtmlEscaped()));
    m_export->setEnabled(!timeline.empty());
    Q_EMIT loaded(static_cast<int>(timeline.size()));
}

void TriageDialog::exportTo(const QString &path)
{
    m_actions.exportCalls(m_ids, path, core::localAuthor(), true);
}

} // namespace switchboard::ui
