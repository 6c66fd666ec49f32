#pragma once

#include "model/callrecord.h"
#include "model/error.h"

#include <QString>
#include <QVariantList>

#include <optional>
#include <vector>

namespace switchboard::core::store {

struct CallFilterChip;

// What the request log is narrowed to: the filters a person combines in the Requests page,
// written and read as a query string that can be pasted into another console's filter bar,
// e.g. `since:24h feature:support failure:timeout latency>2s "refund policy"`. A plain value.
struct CallFilter
{
    // Time: an absolute start, or a start relative to when the filter is applied ("24h"
    // stays the last day whenever the shared string is opened).
    std::optional<qint64> sinceMs;
    std::optional<qint64> sinceAgoMs;
    std::optional<qint64> untilMs;

    QString tenant;
    QString userId;
    QString feature;
    std::optional<qint64> gatewayKeyId;
    QString promptName;
    std::optional<int> promptVersion;
    QString alias;
    QString provider;
    QString model;
    std::optional<CallStatus> status;
    std::optional<FailureCategory> failure;
    std::optional<CallOrigin> origin;
    std::optional<bool> cacheHit;
    std::optional<qint64> minLatencyUs;
    std::optional<qint64> maxLatencyUs;
    std::optional<qint64> minCostMicros;
    std::optional<qint64> maxCostMicros;
    QString text; // free text over request and response payloads

    bool isEmpty() const { return *this == CallFilter {}; }
    friend bool operator==(const CallFilter &, const CallFilter &) = default;

    // The canonical query string: keys in a fixed order, the text last.
    QString toQueryString() const;
    // Reads a query string; an unknown key or a value that does not parse is an error that
    // names the term and what it accepts. Bare words and "quoted phrases" are the text.
    static Result<CallFilter> parse(QStringView query);

    // One removable chip per condition, in query-string order.
    std::vector<CallFilterChip> chips() const;
};

// One condition of a filter as the filter bar shows it: its label and the filter without it.
struct CallFilterChip
{
    QString label;      // e.g. "feature:support"
    CallFilter without; // the filter with this condition removed
};

// The SQL condition over `calls` (aliased c) and its values, for a filter applied at nowMs.
// The free text is matched through the full-text index of payloads where the store has one:
// for rare words the matching calls are listed from the index; for common ones
// (`commonText`) each call read in time order is looked up in it, which stops as soon as a
// page is full.
struct SqlCondition
{
    QString where; // "1 = 1" when the filter is empty
    QVariantList values;
};
enum class TextSearch { None, Index, IndexCommonWords };
SqlCondition conditionOf(const CallFilter &filter, qint64 nowMs, TextSearch search);

// The words of the free text as the index spells them (lower case, split at punctuation).
QStringList indexWordsOf(const QString &text);

// The free text as an FTS5 query that treats every character literally: each word a quoted
// term, all of them required.
QString ftsQueryOf(const QString &text);

} // namespace switchboard::core::store
