#include "overview/overviewpage.h"

#include "analytics/drilldown.h"
#include "overview/chartpanel.h"
#include "overview/driftalertsview.h"
#include "overview/headlinetiles.h"
#include "overview/overviewcharts.h"
#include "overview/overviewcontrols.h"
#include "overview/overviewpdf.h"
#include "overview/sloview.h"
#include "store/connection.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QLabel>
#include <QSaveFile>
#include <QScrollArea>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace switchboard::ui {
namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr int kAutoRefreshMs = 60'000;

struct Loaded
{
    core::Result<core::analytics::OverviewReport> report;
    core::analytics::TrafficDimensions dimensions;
    std::vector<core::store::Alert> drift;
};

Loaded load(const core::store::WorkspaceLocation &location, const core::analytics::OverviewQuery &query)
{
    auto connection = core::store::Connection::open(location);
    if (!connection)
        return { std::unexpected(connection.error()), {}, {} };
    Loaded loaded { core::analytics::readOverview(**connection, query), {}, {} };
    // The pickers offer what had traffic over the last 90 days, whatever the range.
    if (auto dimensions = core::analytics::readDimensions(**connection, query.toMs - 90 * kDayMs))
        loaded.dimensions = *dimensions;
    // Drift alerts are worth a glance whatever the range; unreadable ones are the Alerts page's to say.
    if (auto drift = core::store::AlertRepository(**connection).openAlerts(core::store::AlertRule::Kind::Drift))
        loaded.drift = std::move(*drift);
    return loaded;
}

QString rangeText(qint64 fromMs, qint64 toMs)
{
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm");
    return QDateTime::fromMSecsSinceEpoch(fromMs).toString(format) + QStringLiteral(" – ")
        + QDateTime::fromMSecsSinceEpoch(toMs).toString(format);
}

QString grainText(qint64 grainMs)
{
    return grainMs >= kDayMs ? QObject::tr("per day (UTC)") : grainMs >= 3'600'000 ? QObject::tr("per hour") : QObject::tr("per minute");
}

QString filterText(const core::analytics::TrafficFilter &filter)
{
    QStringList parts;
    for (const auto &[label, value] : { std::pair { "tenant", &filter.tenant }, { "feature", &filter.feature },
                                        { "model", &filter.model }, { "prompt", &filter.prompt } }) {
        if (!value->isEmpty())
            parts << QLatin1String(label) + QLatin1Char(':') + *value;
    }
    return parts.isEmpty() ? QObject::tr("all gateway traffic") : parts.join(QLatin1Char(' '));
}

QToolButton *toolButton(const QString &text, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

} // namespace

OverviewPage::OverviewPage(QWidget *parent)
    : Page({ QStringLiteral("overview"), tr("Overview"),
             tr("Latency, time to first token, cost and failures of gateway traffic, against the period before."),
             QStringLiteral(":/switchboard/icons/pages/overview.svg") },
           parent)
    , m_controls(new OverviewControls)
    , m_tiles(new HeadlineTiles)
    , m_charts(new OverviewCharts)
    , m_slos(new SloView)
    , m_drift(new DriftAlertsView)
    , m_sloPanel(nullptr)
    , m_notice(new QLabel)
    , m_range(new QLabel)
    , m_refresh(nullptr)
    , m_pdf(nullptr)
    , m_autoRefresh(new QTimer(this))
{
    setContentWidget(buildContent());
    m_autoRefresh->setInterval(kAutoRefreshMs);
    connect(m_autoRefresh, &QTimer::timeout, this, [this] {
        if (isVisible() && m_controls->range() != OverviewControls::Custom)
            reload();
    });
    connect(m_controls, &OverviewControls::changed, this, &OverviewPage::reload);
    connect(m_charts, &OverviewCharts::costSplitChanged, this, &OverviewPage::reload);
    connect(m_charts, &OverviewCharts::drillDown, this, [this](const core::analytics::DrillDown &drill) {
        Q_EMIT requestsWanted(core::analytics::drillDownFilter(m_report, m_controls->filter(), drill).toQueryString());
    });
    connect(m_charts, &OverviewCharts::callActivated, this, &OverviewPage::requestsWanted);
    connect(m_drift, &DriftAlertsView::alertWanted, this, &OverviewPage::alertWanted);
    for (ChartPanel *panel : m_charts->panels()) {
        connect(panel, &ChartPanel::savedTo, this,
                [this](const QString &path) { showNotice(tr("Saved %1").arg(QDir::toNativeSeparators(path)), false); });
        connect(panel, &ChartPanel::saveFailed, this, [this](const QString &message) { showNotice(message, true); });
    }
    clearWorkspace();
}

QWidget *OverviewPage::buildContent()
{
    auto *content = new QWidget;
    m_refresh = toolButton(tr("Refresh"), tr("Read the range again (the page refreshes every minute while shown)"), content);
    m_pdf = toolButton(tr("PDF report…"), tr("Save this Overview as a PDF report, for a cost review"), content);
    connect(m_refresh, &QToolButton::clicked, this, &OverviewPage::reload);
    connect(m_pdf, &QToolButton::clicked, this, &OverviewPage::choosePdfFile);
    // The range read and its grain, with the page's actions beside it.
    auto *status = new QHBoxLayout;
    status->setSpacing(6);
    status->addWidget(m_range, 1);
    status->addWidget(m_refresh);
    status->addWidget(m_pdf);

    m_range->setForegroundRole(QPalette::PlaceholderText);
    m_range->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_notice->setWordWrap(true);
    m_notice->hide();

    auto *inner = new QWidget;
    auto *innerLayout = new QVBoxLayout(inner);
    innerLayout->setContentsMargins(0, 0, 6, 0);
    innerLayout->setSpacing(10);
    innerLayout->addWidget(m_tiles);
    innerLayout->addWidget(m_charts, 1);
    m_sloPanel = new ChartPanel(tr("Service level objectives"), m_slos, inner);
    m_sloPanel->setNote(tr("Per feature, each over its own window of gateway traffic, whatever the range above."));
    m_sloPanel->setCsv([this] { return m_slos->csv(); });
    connect(m_sloPanel, &ChartPanel::savedTo, this,
            [this](const QString &path) { showNotice(tr("Saved %1").arg(QDir::toNativeSeparators(path)), false); });
    connect(m_sloPanel, &ChartPanel::saveFailed, this, [this](const QString &message) { showNotice(message, true); });
    connect(m_slos, &SloView::failed, this, [this](const QString &message) { showNotice(message, true); });
    innerLayout->addWidget(m_sloPanel);
    auto *scroll = new QScrollArea(content);
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_controls);
    layout->addLayout(status);
    layout->addWidget(m_notice);
    layout->addWidget(m_drift);
    layout->addWidget(scroll, 1);
    return content;
}

void OverviewPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    ++m_generation;
    m_location = summary.location;
    m_workspaceName = summary.info.name;
    m_hasWorkspace = true;
    // Another workspace: its own tenants and features, none of the last one's.
    {
        const QSignalBlocker quiet(m_controls);
        m_controls->setFilter({});
        m_controls->setDimensions({});
    }
    m_report = {};
    m_notice->hide();
    m_drift->setAlerts({});
    m_slos->setLocation(summary.location);
    if (summary.calls == 0) {
        Page::setWorkspace(summary);
        m_autoRefresh->stop();
        return;
    }
    showContent();
    m_autoRefresh->start();
    reload();
}

void OverviewPage::clearWorkspace()
{
    ++m_generation;
    m_hasWorkspace = false;
    m_autoRefresh->stop();
    m_report = {};
    m_drift->setAlerts({});
    m_slos->setLocation(std::nullopt);
    Page::clearWorkspace();
}

void OverviewPage::reload()
{
    if (!m_hasWorkspace)
        return;
    const quint64 generation = ++m_generation;
    core::analytics::OverviewQuery query = m_controls->query(QDateTime::currentMSecsSinceEpoch());
    query.split = m_charts->costSplit();
    if (query.toMs <= query.fromMs) {
        showNotice(tr("The range ends before it starts: pick an end after its start."), true);
        return;
    }
    m_range->setText(tr("Reading %1…").arg(rangeText(query.fromMs, query.toMs)));
    m_slos->refresh();
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // a newer range or another workspace was asked for meanwhile
        Loaded loaded = watcher->result();
        if (!loaded.report) {
            showNotice(tr("The Overview could not be read: %1").arg(loaded.report.error().message), true);
            return;
        }
        showReport(*loaded.report, loaded.dimensions, std::move(loaded.drift));
    });
    const core::store::WorkspaceLocation location = m_location;
    watcher->setFuture(QtConcurrent::run([location, query] { return load(location, query); }));
}

void OverviewPage::showReport(const core::analytics::OverviewReport &report, const core::analytics::TrafficDimensions &dimensions,
                              std::vector<core::store::Alert> drift)
{
    m_report = report;
    m_drift->setAlerts(std::move(drift));
    {
        const QSignalBlocker quiet(m_controls);
        m_controls->setDimensions(dimensions);
    }
    m_range->setText(tr("%1 · %2 · %3").arg(rangeText(report.fromMs, report.toMs), grainText(report.grainMs),
                                             filterText(m_controls->filter())));
    m_tiles->setReport(report, m_controls->periodName());
    m_charts->setReport(report);
    if (!m_notice->property("problem").toBool())
        m_notice->hide();
    m_notice->setProperty("problem", false);
    Q_EMIT reportShown();
}

void OverviewPage::showNotice(const QString &text, bool problem)
{
    m_notice->setText(text);
    m_notice->setStyleSheet(problem ? QStringLiteral("color: #dc2626;") : QString());
    m_notice->setProperty("problem", problem);
    m_notice->show();
    Q_EMIT noticeShown(text);
}

void OverviewPage::choosePdfFile()
{
    const QString suggested = QDir::home().filePath(QStringLiteral("switchboard-overview-%1.pdf")
                                                        .arg(QDate::currentDate().toString(Qt::ISODate)));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Overview as PDF"), suggested, tr("PDF documents (*.pdf)"));
    if (!path.isEmpty())
        exportPdf(path);
}

void OverviewPage::exportPdf(const QString &path)
{
    std::vector<PdfSection> sections;
    for (ChartPanel *panel : m_charts->panels())
        sections.push_back({ panel->title(), panel->content() });
    sections.push_back({ m_sloPanel->title(), m_sloPanel->content() });
    const QStringList lines {
        tr("Workspace: %1").arg(m_workspaceName),
        tr("Range: %1 (%2)").arg(rangeText(m_report.fromMs, m_report.toMs), grainText(m_report.grainMs)),
        tr("Traffic: %1").arg(filterText(m_controls->filter())),
        tr("Compared with: the previous %1").arg(m_controls->periodName()),
        tr("Generated: %1").arg(QDateTime::currentDateTime().toString(Qt::ISODate)),
    };
    const QByteArray bytes = renderOverviewPdf(tr("Switchboard Overview"), lines, m_tiles, sections);
    auto *watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        if (watcher->result())
            showNotice(tr("Saved the report to %1").arg(QDir::toNativeSeparators(path)), false);
        else
            showNotice(tr("Could not write %1: check that the folder exists and is writable.").arg(QDir::toNativeSeparators(path)), true);
    });
    watcher->setFuture(QtConcurrent::run([bytes, path] {
        QSaveFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
    }));
}

EmptyState::Content OverviewPage::emptyContent() const
{
    return { description().iconPath, tr("No traffic recorded yet"),
             tr("The Overview charts latency percentiles and time to first token, cost by feature, model "
                "and tenant, error rates and failure categories over time, with the change against the "
                "previous period.<br><br>It counts the calls apps make through the gateway; replays, eval "
                "runs and the playground are left out. To see it with data now, build a demo workspace "
                "with <b>File &gt; New Demo Workspace</b>."),
             {} };
}

} // namespace switchboard::ui
