#include "analytics/overviewcsv.h"

#include <QDateTime>

namespace switchboard::core::analytics {
namespace {

constexpr qint64 kFirstBin = 16;

QByteArray field(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r'))
        utf8 = '"' + utf8.replace("\"", "\"\"") + '"';
    return utf8;
}

class CsvWriter
{
public:
    CsvWriter &operator<<(const QString &text)
    {
        separate();
        m_out += field(text);
        return *this;
    }
    CsvWriter &operator<<(qint64 value)
    {
        separate();
        m_out += QByteArray::number(value);
        return *this;
    }
    CsvWriter &number(double value, int decimals)
    {
        separate();
        m_out += QByteArray::number(value, 'f', decimals);
        return *this;
    }
    CsvWriter &optionalMs(std::optional<qint64> micros)
    {
        separate();
        if (micros)
            m_out += QByteArray::number(double(*micros) / 1000.0, 'f', 1);
        return *this;
    }
    CsvWriter &dollars(qint64 micros) { return number(double(micros) / 1e6, 6); }
    CsvWriter &time(qint64 ms) { return *this << QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate); }
    void endRow()
    {
        m_out += "\r\n";
        m_first = true;
    }
    QByteArray take() { return std::move(m_out); }

private:
    void separate()
    {
        if (!m_first)
            m_out += ',';
        m_first = false;
    }

    QByteArray m_out;
    bool m_first = true;
};

// Every category seen in the range, in a stable order.
QStringList categoriesOf(const OverviewReport &report)
{
    QStringList out;
    for (const auto &[category, count] : report.failures)
        out << category;
    return out;
}

} // namespace

std::vector<TokenBin> tokenBins(const LogHistogram &input, const LogHistogram &output)
{
    std::vector<TokenBin> bins;
    const auto binOf = [](qint64 tokens) {
        std::size_t i = 0;
        for (qint64 upTo = kFirstBin; tokens > upTo; upTo *= 2)
            ++i;
        return i;
    };
    const auto add = [&](const LogHistogram &histogram, qint64 TokenBin::*calls) {
        histogram.forEachBucket([&](qint64 tokens, qint64 count) {
            const std::size_t i = binOf(tokens);
            while (bins.size() <= i)
                bins.push_back({ kFirstBin << bins.size() });
            bins[i].*calls += count;
        });
    };
    add(input, &TokenBin::inputCalls);
    add(output, &TokenBin::outputCalls);
    return bins;
}

namespace overviewcsv {

QByteArray latency(const OverviewReport &report)
{
    CsvWriter csv;
    for (const char *name : { "bucket_utc", "calls", "p50_ms", "p95_ms", "p99_ms", "ttft_p50_ms", "ttft_p95_ms", "ttft_p99_ms" })
        csv << QString::fromLatin1(name);
    csv.endRow();
    for (const TimePoint &point : report.points) {
        csv.time(point.bucketMs) << point.calls;
        for (const Percentiles *p : { &point.latencyUs, &point.ttftUs })
            csv.optionalMs(p->p50).optionalMs(p->p95).optionalMs(p->p99);
        csv.endRow();
    }
    return csv.take();
}

QByteArray cost(const OverviewReport &report)
{
    CsvWriter csv;
    csv << QStringLiteral("bucket_utc");
    for (const QString &series : report.costSeries)
        csv << series + QStringLiteral(" (USD)");
    csv.endRow();
    for (const TimePoint &point : report.points) {
        csv.time(point.bucketMs);
        for (const QString &series : report.costSeries) {
            const auto found = point.costMicros.find(series);
            csv.dollars(found == point.costMicros.end() ? 0 : found->second);
        }
        csv.endRow();
    }
    return csv.take();
}

QByteArray failuresOverTime(const OverviewReport &report)
{
    const QStringList categories = categoriesOf(report);
    CsvWriter csv;
    csv << QStringLiteral("bucket_utc") << QStringLiteral("calls");
    for (const QString &category : categories)
        csv << category;
    csv.endRow();
    for (const TimePoint &point : report.points) {
        csv.time(point.bucketMs) << point.calls;
        for (const QString &category : categories) {
            const auto found = point.failures.find(category);
            csv << (found == point.failures.end() ? qint64(0) : found->second);
        }
        csv.endRow();
    }
    return csv.take();
}

QByteArray failureBreakdown(const OverviewReport &report)
{
    CsvWriter csv;
    csv << QStringLiteral("category") << QStringLiteral("calls") << QStringLiteral("share_of_failures");
    csv.endRow();
    for (const auto &[category, count] : report.failures) {
        csv << category << count;
        csv.number(report.current.failed > 0 ? double(count) / double(report.current.failed) : 0.0, 4);
        csv.endRow();
    }
    return csv.take();
}

QByteArray tokens(const OverviewReport &report)
{
    CsvWriter csv;
    csv << QStringLiteral("tokens_up_to") << QStringLiteral("calls_by_input") << QStringLiteral("calls_by_output");
    csv.endRow();
    for (const TokenBin &bin : tokenBins(report.inputTokensPerCall, report.outputTokensPerCall)) {
        csv << bin.upTo << bin.inputCalls << bin.outputCalls;
        csv.endRow();
    }
    return csv.take();
}

QByteArray topByCost(const OverviewReport &report)
{
    CsvWriter csv;
    for (const char *name : { "dimension", "name", "calls", "cost_usd", "cost_per_call_usd" })
        csv << QString::fromLatin1(name);
    csv.endRow();
    for (const auto &[dimension, ranks] : { std::pair { "feature", &report.topFeatures }, { "tenant", &report.topTenants },
                                            { "model", &report.topModels } }) {
        for (const CostRank &rank : *ranks) {
            csv << QString::fromLatin1(dimension) << rank.name << rank.calls;
            csv.dollars(rank.costMicros).dollars(rank.costPerCallMicros());
            csv.endRow();
        }
    }
    return csv.take();
}

} // namespace overviewcsv
} // namespace switchboard::core::analytics
