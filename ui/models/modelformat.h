#pragma once

#include <QString>
#include <optional>

namespace switchboard::ui {

// How the Models & Pins page writes its numbers.

// "$2.50", "$0.075": a price per million tokens given in micro-dollars.
QString dollarsPerMtok(qint64 micros);
// "128,000", or "unknown" for 0.
QString tokenCount(qint64 tokens);
// A moment in the user's locale, short.
QString shortDateTime(qint64 ms);

} // namespace switchboard::ui
