#include "overview/driftalertsview.h"

#include "requests/callformat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace switchboard::ui {
namespace {

// More features than this and the rest are counted, not listed: the panel stays a glance.
constexpr int kMaxLines = 4;

// A drift alert's summary holds a "feature: what drifted" part per feature, joined by " · ".
QStringList featureParts(const QString &summary)
{
    return summary.split(QStringLiteral(" · "), Qt::SkipEmptyParts);
}

QString lineHtml(const QString &part, qint64 alertId)
{
    const qsizetype colon = part.indexOf(QStringLiteral(": "));
    const QString feature = colon > 0 ? part.left(colon) : QString();
    const QString what = colon > 0 ? part.mid(colon + 2) : part;
    return QStringLiteral("<b>%1</b>%2%3 &nbsp;<a href=\"%4\">%5</a>")
        .arg(feature.toHtmlEscaped(), feature.isEmpty() ? QString() : QStringLiteral(": "), what.toHtmlEscaped())
        .arg(alertId)
        .arg(QObject::tr("Open alert"));
}

} // namespace

DriftAlertsView::DriftAlertsView(QWidget *parent)
    : QFrame(parent), m_title(new QLabel(this)), m_open(new QToolButton(this)), m_lines(new QVBoxLayout)
{
    setObjectName(QStringLiteral("driftAlerts"));
    setStyleSheet(QStringLiteral("#driftAlerts { background: rgba(217, 119, 6, 0.08); border: 1px solid "
                                 "rgba(217, 119, 6, 0.55); border-radius: 6px; }"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_open->setText(tr("Open in Alerts"));
    m_open->setToolTip(tr("Show the newest drift alert on the Alerts page, with its rule and runbook"));
    m_open->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(m_open, &QToolButton::clicked, this, [this] {
        if (!m_alerts.empty())
            Q_EMIT alertWanted(m_alerts.front().id);
    });
    auto *note = new QLabel(tr("Last day of answered gateway calls against the 7 days before, per feature"), this);
    note->setForegroundRole(QPalette::PlaceholderText);
    note->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto *header = new QHBoxLayout;
    header->setSpacing(8);
    header->addWidget(m_title);
    header->addWidget(note, 1);
    header->addWidget(m_open);
    m_lines->setSpacing(4);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 8, 8);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addLayout(m_lines);
    hide();
}

void DriftAlertsView::setAlerts(std::vector<core::store::Alert> alerts)
{
    m_alerts = std::move(alerts);
    m_plain.clear();
    while (QLayoutItem *item = m_lines->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    int shown = 0;
    int features = 0;
    for (const core::store::Alert &alert : m_alerts) {
        for (const QString &part : featureParts(alert.summary)) {
            ++features;
            if (shown == kMaxLines)
                continue;
            ++shown;
            m_plain << part;
            auto *line = new QLabel(lineHtml(part, alert.id), this);
            line->setWordWrap(true);
            line->setTextFormat(Qt::RichText);
            line->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
            line->setToolTip(tr("%1, since %2").arg(alert.ruleName, callTime(alert.firstSeenMs)));
            connect(line, &QLabel::linkActivated, this, [this](const QString &link) { Q_EMIT alertWanted(link.toLongLong()); });
            m_lines->addWidget(line);
        }
    }
    if (features > shown) {
        auto *more = new QLabel(tr("and %1 more on the Alerts page").arg(features - shown), this);
        more->setForegroundRole(QPalette::PlaceholderText);
        m_plain << more->text();
        m_lines->addWidget(more);
    }
    m_title->setText(features == 1 ? tr("Drift in 1 feature") : tr("Drift in %1 features").arg(features));
    setVisible(!m_alerts.empty());
}

QStringList DriftAlertsView::lines() const
{
    return m_plain;
}

} // namespace switchboard::ui
