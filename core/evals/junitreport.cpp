#include "evals/junitreport.h"

#include <QDateTime>
#include <QXmlStreamWriter>

#include <map>

namespace switchboard::core::evals {
namespace {

using nlohmann::json;

constexpr qsizetype kLabelChars = 80;

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

void property(QXmlStreamWriter &xml, const QString &name, const QString &value)
{
    xml.writeStartElement(QStringLiteral("property"));
    xml.writeAttribute(QStringLiteral("name"), name);
    xml.writeAttribute(QStringLiteral("value"), value);
    xml.writeEndElement();
}

} // namespace

QString itemLabel(const DatasetItem &item)
{
    QString detail;
    if (item.input.is_object() && item.input.contains("variables") && item.input["variables"].is_object()) {
        QStringList parts;
        for (const auto &[name, value] : item.input["variables"].items())
            parts << QString::fromStdString(name) + QStringLiteral(": ")
                         + (value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString::fromStdString(value.dump()));
        detail = parts.join(QStringLiteral(", "));
    } else if (item.input.is_object() && item.input.contains("messages") && item.input["messages"].is_array()
               && !item.input["messages"].empty()) {
        const json &last = item.input["messages"].back();
        detail = last.is_object() && last.contains("content") && last["content"].is_string()
                     ? QString::fromStdString(last["content"].get<std::string>())
                     : QStringLiteral("messages");
    }
    detail = detail.simplified();
    if (detail.size() > kLabelChars)
        detail = detail.left(kLabelChars - 3) + QStringLiteral("...");
    return detail.isEmpty() ? QStringLiteral("item %1").arg(item.id) : QStringLiteral("item %1: %2").arg(item.id).arg(detail);
}

QByteArray junitReport(const EvalRun &run, const std::vector<EvalCaseResult> &results, const std::vector<DatasetItem> &items,
                       const GateVerdict &gate, const std::optional<RunComparison> &comparison)
{
    std::map<qint64, const DatasetItem *> byId;
    for (const DatasetItem &item : items)
        byId[item.id] = &item;
    int failures = gate.passed ? 0 : 1;
    int errors = 0;
    qint64 totalMs = 0;
    for (const EvalCaseResult &result : results) {
        errors += result.error.isEmpty() ? 0 : 1;
        failures += result.error.isEmpty() && !result.passed ? 1 : 0;
        totalMs += result.latencyMs;
    }
    const QString suite = QStringLiteral("%1@%2 on %3").arg(run.spec.promptName).arg(run.spec.promptVersion).arg(run.spec.dataset);
    const QString className = QStringLiteral("eval.%1.%2").arg(run.spec.promptName, run.spec.dataset);

    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), QStringLiteral("switchboard eval"));
    xml.writeAttribute(QStringLiteral("tests"), QString::number(results.size() + 1));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QString::number(errors));
    xml.writeAttribute(QStringLiteral("time"), seconds(totalMs));
    xml.writeStartElement(QStringLiteral("testsuite"));
    xml.writeAttribute(QStringLiteral("name"), suite);
    xml.writeAttribute(QStringLiteral("tests"), QString::number(results.size() + 1));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QString::number(errors));
    xml.writeAttribute(QStringLiteral("skipped"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("time"), seconds(totalMs));
    xml.writeAttribute(QStringLiteral("timestamp"), QDateTime::fromMSecsSinceEpoch(run.startedMs, Qt::UTC).toString(Qt::ISODate));

    xml.writeStartElement(QStringLiteral("properties"));
    property(xml, QStringLiteral("run"), QString::number(run.id));
    property(xml, QStringLiteral("model"), run.resolvedAlias.isEmpty() ? run.spec.alias : run.resolvedAlias);
    property(xml, QStringLiteral("dataset_version"), QString::number(run.datasetVersion));
    property(xml, QStringLiteral("repeats"), QString::number(run.spec.repeats));
    property(xml, QStringLiteral("pass_rate"), QString::number(run.passRate(), 'f', 4));
    property(xml, QStringLiteral("cost_usd"), QString::number(double(run.costMicros) / 1e6, 'f', 6));
    property(xml, QStringLiteral("latency_p50_ms"), QString::number(run.latencyP50Ms));
    property(xml, QStringLiteral("latency_p95_ms"), QString::number(run.latencyP95Ms));
    if (comparison) {
        property(xml, QStringLiteral("baseline"), QStringLiteral("%1@%2").arg(comparison->baseline.spec.promptName).arg(comparison->baseline.spec.promptVersion));
        property(xml, QStringLiteral("baseline_pass_rate"), QString::number(comparison->baseline.passRate(), 'f', 4));
        property(xml, QStringLiteral("regressions"), QString::number(comparison->regressions));
        property(xml, QStringLiteral("fixes"), QString::number(comparison->fixes));
    }
    xml.writeEndElement(); // properties

    xml.writeStartElement(QStringLiteral("testcase"));
    xml.writeAttribute(QStringLiteral("classname"), QStringLiteral("eval.gate"));
    xml.writeAttribute(QStringLiteral("name"), gate.reasons.join(QStringLiteral("; ")));
    xml.writeAttribute(QStringLiteral("time"), QStringLiteral("0"));
    if (!gate.passed) {
        xml.writeStartElement(QStringLiteral("failure"));
        xml.writeAttribute(QStringLiteral("message"), QStringLiteral("the gate failed"));
        xml.writeAttribute(QStringLiteral("type"), QStringLiteral("gate"));
        xml.writeCharacters(gate.reasons.join(u'\n'));
        xml.writeEndElement();
    }
    xml.writeEndElement();

    for (const EvalCaseResult &result : results) {
        const auto item = byId.find(result.itemId);
        QString name = item != byId.end() ? itemLabel(*item->second) : QStringLiteral("item %1").arg(result.itemId);
        if (run.spec.repeats > 1)
            name += QStringLiteral(" #%1").arg(result.repeat + 1);
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("classname"), className);
        xml.writeAttribute(QStringLiteral("name"), name);
        xml.writeAttribute(QStringLiteral("time"), seconds(result.latencyMs));
        if (!result.error.isEmpty()) {
            xml.writeStartElement(QStringLiteral("error"));
            xml.writeAttribute(QStringLiteral("message"), result.error);
            xml.writeAttribute(QStringLiteral("type"), QStringLiteral("call"));
            xml.writeEndElement();
        } else if (!result.passed) {
            QStringList failed;
            for (const AssertionVerdict &verdict : result.verdicts)
                if (!verdict.passed)
                    failed << verdict.assertion + QStringLiteral(": ") + verdict.reason;
            xml.writeStartElement(QStringLiteral("failure"));
            xml.writeAttribute(QStringLiteral("message"), failed.value(0));
            xml.writeAttribute(QStringLiteral("type"), QStringLiteral("assertion"));
            xml.writeCharacters(failed.join(u'\n') + QStringLiteral("\n\nOutput:\n") + result.output);
            xml.writeEndElement();
        }
        if (!result.callId.isEmpty()) {
            xml.writeTextElement(QStringLiteral("system-out"), QStringLiteral("call %1").arg(result.callId));
        }
        xml.writeEndElement();
    }
    xml.writeEndElement(); // testsuite
    xml.writeEndElement(); // testsuites
    xml.writeEndDocument();
    return out;
}

} // namespace switchboard::core::evals
