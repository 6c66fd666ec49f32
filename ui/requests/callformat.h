#pragma once

#include "model/callrecord.h"

#include <QString>

namespace switchboard::ui {

// How the Requests page writes a call's figures.
QString callTime(qint64 ms);                       // "2026-11-22 15:04:05", local time
QString callTimeShort(qint64 ms);                  // "15:04:05" today, "Nov 22 15:04:05" before
QString callOutcome(const core::CallRecord &call); // "ok", "cache hit", "Timeout"
QString duration(qint64 us);                       // "640 ms", "12.4 s"
QString usd(qint64 micros);                        // "$0.000393"
QString money(qint64 micros);                      // "$7.51", "$0.0123": cents where there are dollars
QString tokens(const core::CallRecord &call);      // "512 / 128", "~512 / 128" when estimated
QString countOf(qint64 n, const QString &one, const QString &many); // "1 call", "5 calls" (many has %1)

} // namespace switchboard::ui
