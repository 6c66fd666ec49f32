#pragma once

#include <QString>
#include <QStringList>

namespace switchboard::core::providers::sim {

// How a simulated model behaves: how fast, how long its answers, what it costs, how often it
// fails and how. Rates are probabilities per attempt.
struct SimProfile
{
    QString name;
    double ttftMedianMs = 250;   // time to first token
    double ttftSigma = 0.5;
    double perTokenMs = 12;      // between streamed tokens
    double outputTokensMedian = 120;
    double outputTokensSigma = 0.6;
    qint64 inputPricePerMtokMicros = 150'000;
    qint64 outputPricePerMtokMicros = 600'000;
    qint64 contextWindow = 128'000;

    double rateLimitedRate = 0;  // 429 with Retry-After
    double serverErrorRate = 0;  // 500
    double unavailableRate = 0;  // 503 (OpenAI format) or 529 (Anthropic format)
    double hangRate = 0;         // headers, then nothing until the client gives up
    double cutStreamRate = 0;    // the connection drops after some chunks
    double malformedRate = 0;    // a body or chunk that is not JSON
    double refusalRate = 0;
    double invalidOutputRate = 0; // JSON asked for, something else answered
    int retryAfterSeconds = 2;

    // The profile a model name selects: "sim-large", "sim-large-2025-06-01", "sim-flaky";
    // any other name gets sim-small.
    static SimProfile forModel(const QString &model);
    static QStringList names();
};

} // namespace switchboard::core::providers::sim
