#include "replay/replaysummary.h"

#include "providers/openaiwire.h"

#include <QHash>

#include <algorithm>

namespace switchboard::core::replay {
namespace {

Spread spreadOf(std::vector<qint64> values)
{
    std::sort(values.begin(), values.end());
    return { values.front(), values[values.size() / 2], values.back() };
}

} // namespace

QString outputOf(const ChatResponse &response)
{
    if (response.choices.empty())
        return {};
    const ChatMessage &message = response.choices.front().message;
    QString output = message.plainText();
    for (const ToolCall &call : message.toolCalls) {
        if (!output.isEmpty())
            output += u'\n';
        output += call.name + u'(' + call.argumentsJson + u')';
    }
    return output;
}

QString outputOf(const QByteArray &responseJson)
{
    const auto body = nlohmann::json::parse(responseJson.begin(), responseJson.end(), nullptr, false);
    if (body.is_discarded())
        return {};
    const auto response = providers::openai::decodeResponse(body);
    return response ? outputOf(*response) : QString();
}

ReplaySummary summarize(const QString &originalOutput, const std::vector<ReplayResult> &results)
{
    ReplaySummary summary;
    summary.runs = static_cast<int>(results.size());
    QHash<QString, std::size_t> indexOf;
    std::vector<qint64> latencies;
    std::vector<qint64> costs;
    for (const ReplayResult &result : results) {
        if (result.record.status != CallStatus::Ok)
            continue;
        ++summary.answered;
        latencies.push_back(result.record.latencyUs);
        costs.push_back(result.record.costMicros);
        if (result.output == originalOutput)
            ++summary.identical;
        auto at = indexOf.constFind(result.output);
        if (at == indexOf.cend()) {
            at = indexOf.insert(result.output, summary.outputs.size());
            summary.outputs.push_back({ result.output, 0, result.output == originalOutput });
        }
        ++summary.outputs[at.value()].count;
    }
    std::stable_sort(summary.outputs.begin(), summary.outputs.end(),
                     [](const DistinctOutput &a, const DistinctOutput &b) { return a.count > b.count; });
    if (!latencies.empty()) {
        summary.latencyUs = spreadOf(std::move(latencies));
        summary.costMicros = spreadOf(std::move(costs));
    }
    return summary;
}

} // namespace switchboard::core::replay
