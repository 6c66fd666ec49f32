#include "evals/comparisonhtml.h"

#include "common/diffhtml.h"
#include "prompts/worddiff.h"

#include <QLocale>

namespace switchboard::ui {
namespace {

using core::evals::ItemComparison;
using Change = ItemComparison::Change;

QString signedNumber(double value, int decimals, const QString &unit)
{
    const QString text = QLocale().toString(std::abs(value), 'f', decimals);
    return (value > 0 ? QStringLiteral("+") : value < 0 ? QStringLiteral("−") : QString()) + text + unit;
}

QString colour(Change change)
{
    switch (change) {
    case Change::Regressed: return QStringLiteral("#dc2626");
    case Change::Fixed: return QStringLiteral("#16a34a");
    case Change::StillFailing: return QStringLiteral("#d97706");
    default: return QString();
    }
}

QString runTitle(const core::evals::EvalRun &run)
{
    return QStringLiteral("#%1 %2@%3").arg(run.id).arg(run.spec.promptName.toHtmlEscaped()).arg(run.spec.promptVersion);
}

} // namespace

QString comparisonHtml(const core::evals::RunComparison &comparison, const std::map<qint64, QString> &labels)
{
    const auto &base = comparison.baseline;
    const auto &candidate = comparison.candidate;
    QString html = QObject::tr("<h3>%1 against %2</h3>").arg(runTitle(candidate), runTitle(base));
    html += QStringLiteral("<p>");
    html += QObject::tr("Pass rate <b>%1</b> → <b>%2</b> (%3 points); ")
                .arg(core::evals::percent(base.passRate()), core::evals::percent(candidate.passRate()),
                     signedNumber(comparison.passRateDelta * 100.0, 1, QString()));
    html += QObject::tr("<span style='color:#dc2626'>%1 regressed</span>, <span style='color:#16a34a'>%2 fixed</span>.<br>")
                .arg(comparison.regressions)
                .arg(comparison.fixes);
    html += QObject::tr("Cost per case %1; latency p50 %2, p95 %3.")
                .arg(signedNumber(double(comparison.costPerCaseDeltaMicros) / 1e6, 6, QString()).prepend(u'$'),
                     signedNumber(double(comparison.latencyP50DeltaMs), 0, QStringLiteral(" ms")),
                     signedNumber(double(comparison.latencyP95DeltaMs), 0, QStringLiteral(" ms")));
    if (base.spec.dataset != candidate.spec.dataset || base.datasetVersion != candidate.datasetVersion)
        html += QObject::tr("<br><i>The runs saw different datasets (%1 v%2, %3 v%4): items are matched by id.</i>")
                    .arg(base.spec.dataset.toHtmlEscaped())
                    .arg(base.datasetVersion)
                    .arg(candidate.spec.dataset.toHtmlEscaped())
                    .arg(candidate.datasetVersion);
    html += QStringLiteral("</p><table cellspacing='0' cellpadding='4' width='100%'>");
    html += QObject::tr("<tr><th align='left'>Item</th><th align='left'>Change</th><th align='right'>Before</th>"
                        "<th align='right'>After</th><th align='left'>Why it fails now / answers (before → after)</th></tr>");
    for (const ItemComparison &item : comparison.items) {
        const auto label = labels.find(item.itemId);
        const QString name = label != labels.end() ? label->second : QObject::tr("item %1").arg(item.itemId);
        const QString tint = colour(item.change);
        QString detail;
        if (!item.candidateFailures.isEmpty())
            detail += item.candidateFailures.join(u'\n').toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
        if (item.change == Change::Regressed || item.change == Change::Fixed) {
            if (!detail.isEmpty())
                detail += QStringLiteral("<br>");
            detail += diffPiecesHtml(core::prompts::diffWords(item.baselineOutput, item.candidateOutput));
        }
        html += QStringLiteral("<tr><td valign='top'>%1</td><td valign='top'%2>%3</td><td valign='top' align='right'>%4</td>"
                               "<td valign='top' align='right'>%5</td><td valign='top'>%6</td></tr>")
                    .arg(name.toHtmlEscaped(), tint.isEmpty() ? QString() : QStringLiteral(" style='color:%1'").arg(tint),
                         core::evals::nameOf(item.change),
                         item.baselineCases ? QStringLiteral("%1/%2").arg(item.baselinePassed).arg(item.baselineCases) : QStringLiteral("–"),
                         item.candidateCases ? QStringLiteral("%1/%2").arg(item.candidatePassed).arg(item.candidateCases) : QStringLiteral("–"),
                         detail);
    }
    html += QStringLiteral("</table>");
    return html;
}

} // namespace switchboard::ui
