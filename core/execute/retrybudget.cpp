#include "execute/retrybudget.h"

#include <algorithm>

namespace switchboard::core::execute {

int RetryBudget::limit() const
{
    return std::max(m_minimum, static_cast<int>(m_ratio * m_calls));
}

bool RetryBudget::tryAcquireRetry()
{
    if (m_retries >= limit())
        return false;
    ++m_retries;
    return true;
}

} // namespace switchboard::core::execute
