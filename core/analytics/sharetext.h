#pragma once

#include <QString>

namespace switchboard::core::analytics {

// A share as alert rules and summaries write it, "12.5 %": the same in every locale, since
// summaries are stored and sent to webhooks.
inline QString percentText(double share)
{
    return QString::number(share * 100.0, 'f', 1) + QStringLiteral(" %");
}

} // namespace switchboard::core::analytics
