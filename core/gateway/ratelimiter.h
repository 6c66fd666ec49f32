#pragma once

#include <QHash>

#include <mutex>
#include <optional>

namespace switchboard::core::gateway {

// Requests and tokens per minute for each gateway key, as token buckets that refill
// continuously (a key limited to 60 requests a minute may make one a second, or a burst of
// 60). Tokens are taken at admission as the input estimate plus the output allowance, and
// settled against what the call used when it ends. Shared by the serving threads.
class RateLimiter final
{
public:
    // How long to wait before the call would be admitted; nullopt when it is admitted now
    // (and counted). A limit of 0 is no limit.
    std::optional<qint64> admit(qint64 keyId, qint64 requestsPerMinute, qint64 tokensPerMinute, qint64 tokens, qint64 nowMs);
    // Gives back (or takes more of) the tokens the call was admitted with.
    void settle(qint64 keyId, qint64 tokensPerMinute, qint64 admittedTokens, qint64 usedTokens, qint64 nowMs);

private:
    struct Bucket
    {
        double level = 0; // what is left
        qint64 atMs = 0;
        bool started = false;
    };
    static void refill(Bucket &bucket, qint64 perMinute, qint64 nowMs);

    std::mutex m_mutex;
    QHash<qint64, Bucket> m_requests;
    QHash<qint64, Bucket> m_tokens;
};

} // namespace switchboard::core::gateway
