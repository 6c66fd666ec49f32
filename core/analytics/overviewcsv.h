#pragma once

#include "analytics/overview.h"

#include <QByteArray>

#include <vector>

namespace switchboard::core::analytics {

// Tokens per call binned by powers of two, for a distribution chart: bin i counts calls with
// more than upTo/2 and at most upTo tokens (the first bin, everything up to its bound).
struct TokenBin
{
    qint64 upTo = 0;
    qint64 inputCalls = 0;
    qint64 outputCalls = 0;
};
std::vector<TokenBin> tokenBins(const LogHistogram &input, const LogHistogram &output);

// Each chart's data as CSV (RFC 4180, a header row, times in UTC ISO 8601, money in dollars,
// durations in milliseconds), for a spreadsheet or a weekly cost review.
namespace overviewcsv {
QByteArray latency(const OverviewReport &report);
QByteArray cost(const OverviewReport &report);
QByteArray failuresOverTime(const OverviewReport &report);
QByteArray failureBreakdown(const OverviewReport &report);
QByteArray tokens(const OverviewReport &report);
QByteArray topByCost(const OverviewReport &report);
} // namespace overviewcsv

} // namespace switchboard::core::analytics
