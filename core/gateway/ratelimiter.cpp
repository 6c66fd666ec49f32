#include "gateway/ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace switchboard::core::gateway {

void RateLimiter::refill(Bucket &bucket, qint64 perMinute, qint64 nowMs)
{
    const double capacity = static_cast<double>(perMinute);
    if (!bucket.started) {
        bucket = { capacity, nowMs, true };
        return;
    }
    const qint64 elapsed = std::max<qint64>(0, nowMs - bucket.atMs);
    bucket.level = std::min(capacity, bucket.level + capacity * static_cast<double>(elapsed) / 60'000.0);
    bucket.atMs = nowMs;
}

std::optional<qint64> RateLimiter::admit(qint64 keyId, qint64 requestsPerMinute, qint64 tokensPerMinute, qint64 tokens,
                                         qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    // Time until a bucket holds `need`; a need above the capacity waits for a full bucket.
    const auto waitFor = [](const Bucket &bucket, qint64 perMinute, double need) -> qint64 {
        const double missing = std::min(need, static_cast<double>(perMinute)) - bucket.level;
        return missing <= 0 ? 0 : static_cast<qint64>(std::ceil(missing * 60'000.0 / static_cast<double>(perMinute)));
    };
    qint64 wait = 0;
    Bucket *requests = nullptr;
    Bucket *tokenBucket = nullptr;
    if (requestsPerMinute > 0) {
        requests = &m_requests[keyId];
        refill(*requests, requestsPerMinute, nowMs);
        wait = std::max(wait, waitFor(*requests, requestsPerMinute, 1.0));
    }
    if (tokensPerMinute > 0) {
        tokenBucket = &m_tokens[keyId];
        refill(*tokenBucket, tokensPerMinute, nowMs);
        // A call larger than the whole minute's allowance is admitted on a full bucket.
        if (tokenBucket->level < std::min<double>(static_cast<double>(tokens), static_cast<double>(tokensPerMinute)))
            wait = std::max(wait, waitFor(*tokenBucket, tokensPerMinute, static_cast<double>(tokens)));
    }
    if (wait > 0)
        return std::max<qint64>(wait, 1);
    if (requests)
        requests->level -= 1.0;
    // A call larger than the minute's allowance takes a full bucket, no more: it waits at most
    // a minute, and so does the next one.
    if (tokenBucket)
        tokenBucket->level -= static_cast<double>(std::min(tokens, tokensPerMinute));
    return std::nullopt;
}

void RateLimiter::settle(qint64 keyId, qint64 tokensPerMinute, qint64 admittedTokens, qint64 usedTokens, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    if (tokensPerMinute <= 0)
        return;
    Bucket &bucket = m_tokens[keyId];
    refill(bucket, tokensPerMinute, nowMs);
    const qint64 taken = std::min(admittedTokens, tokensPerMinute);
    const qint64 used = std::min(usedTokens, tokensPerMinute);
    bucket.level = std::min(static_cast<double>(tokensPerMinute), bucket.level + static_cast<double>(taken - used));
}

} // namespace switchboard::core::gateway
