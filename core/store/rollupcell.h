#pragma once

#include "analytics/loghistogram.h"
#include "model/callrecord.h"

#include <QString>
#include <QVariantList>

#include <array>
#include <tuple>
#include <map>
#include <span>

namespace switchboard::core::store {

// The rollups sum calls per hour (a day or a week) and per UTC day (a month and more), so that
// any dashboard reads a bounded number of rows whatever the size of the log; and per minute
// (alerts, the last hours) for all traffic and by feature and model only: a minute of a busy
// tenant-by-prompt cross holds one call or none, and rows that hold one call each would make
// the rollups larger than the log. Short ranges cut finer are read from the calls themselves.
inline constexpr qint64 kMinuteMs = 60'000;
inline constexpr qint64 kHourMs = 3'600'000;
inline constexpr qint64 kDayMs = 86'400'000;
inline constexpr std::array<qint64, 2> kCellGrains { kHourMs, kDayMs };
inline constexpr std::array<qint64, 3> kSliceGrains { kMinuteMs, kHourMs, kDayMs };
// Whether slices of a dimension are kept at a grain.
bool keepsSlice(qint64 grainMs, const QString &dimension);

// One cell of the rollups: a time bucket at one grain and the dimensions calls are cut by.
struct RollupKey
{
    qint64 grainMs = kMinuteMs;
    qint64 bucketMs = 0;
    QString provider;
    QString model;
    QString feature;
    QString tenant;
    QString prompt; // the prompt's name; empty for calls that rendered none
    QString origin;

    friend bool operator==(const RollupKey &, const RollupKey &) = default;
    friend bool operator<(const RollupKey &a, const RollupKey &b)
    {
        return std::tie(a.grainMs, a.bucketMs, a.provider, a.model, a.feature, a.tenant, a.prompt, a.origin)
            < std::tie(b.grainMs, b.bucketMs, b.provider, b.model, b.feature, b.tenant, b.prompt, b.origin);
    }
    QVariantList values() const;
};

// What a cell sums: counts, tokens, cost, mergeable histograms of latency, time to first
// token and tokens per call, failures by category, and the cell's largest calls (the outliers
// a dashboard lists).
struct RollupSums
{
    qint64 calls = 0;
    qint64 failed = 0;
    qint64 cacheHits = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cachedInputTokens = 0;
    qint64 costMicros = 0;
    analytics::LogHistogram latency;
    analytics::LogHistogram ttft;
    analytics::LogHistogram inputTokensPerCall;
    analytics::LogHistogram outputTokensPerCall;
    qint64 maxInputTokens = 0;
    QString maxInputCall;
    qint64 maxOutputTokens = 0;
    QString maxOutputCall;
    std::map<QString, qint64> failures; // category -> calls

    void add(const CallRecord &call);
    void merge(const RollupSums &other);
    // Adds what a stored cell holds beyond its sums, as selectCell() returns it.
    void mergeStored(const QByteArray &latencyHist, const QByteArray &ttftHist, const QByteArray &inputHist,
                     const QByteArray &outputHist, qint64 maxInput, const QString &maxInputId, qint64 maxOutput,
                     const QString &maxOutputId);
    // The columns after the key, in the order of upsertSql().
    QVariantList values() const;
};

using RollupCells = std::map<RollupKey, RollupSums>;

// One slice of the rollups: all calls of a bucket (dimension empty), or those with one value
// of one dimension (feature, model, tenant or prompt). Cells cross every dimension, so their
// number grows with the product of tenants, features, models and prompts; slices grow with
// the sum, and answer an unfiltered dashboard in a few rows per bucket.
struct SliceKey
{
    qint64 grainMs = kMinuteMs;
    qint64 bucketMs = 0;
    QString dimension; // "", "feature", "model", "tenant" or "prompt"
    QString value;
    QString origin;

    friend bool operator==(const SliceKey &, const SliceKey &) = default;
    friend bool operator<(const SliceKey &a, const SliceKey &b)
    {
        return std::tie(a.grainMs, a.bucketMs, a.dimension, a.value, a.origin)
            < std::tie(b.grainMs, b.bucketMs, b.dimension, b.value, b.origin);
    }
    QVariantList values() const;
};

using RollupSlices = std::map<SliceKey, RollupSums>;

// Adds a call to its cell at each of the grains (kCellGrains unless given).
void addToRollups(RollupCells &cells, const CallRecord &call, std::span<const qint64> grains = kCellGrains);
// Adds a call to its slices at every grain: all traffic, and its feature, model, tenant and
// prompt (by minute: all traffic, feature and model).
void addToSlices(RollupSlices &slices, const CallRecord &call);
// The slices of an existing cell, for moving rollups kept before slices existed.
void addCellToSlices(RollupSlices &slices, const RollupKey &cell, const RollupSums &sums);

// Statements on rollup_cells and rollup_cell_failures (or rollup_slices and
// rollup_slice_failures), for SQLite and PostgreSQL alike.
struct RollupSql
{
    enum class Table { Cells, Slices };
    // Binds the key; returns the histograms and largest calls the row holds.
    static QString select(Table table);
    // Binds key values then RollupSums::values(); sums add, histograms and largest calls are
    // replaced (the writer merged them with what select() returned).
    static QString upsert(Table table);
    // Binds key values, category, count.
    static QString upsertFailure(Table table);
};


} // namespace switchboard::core::store
