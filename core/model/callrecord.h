#pragma once

#include "model/failurecategory.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace switchboard::core {

// Where a call came from; replays, evals and shadow calls stay out of production dashboards.
enum class CallOrigin { Gateway, Playground, Replay, Eval, Shadow };
enum class CallStatus { Ok, Failed, Partial };

QString nameOf(CallOrigin origin);
std::optional<CallOrigin> callOriginFromString(QStringView name);
QString nameOf(CallStatus status);
std::optional<CallStatus> callStatusFromString(QStringView name);

// One call as the request log stores it: the narrow row that every page reads. Payloads and
// attempts live beside it. A plain value, copied freely across threads.
struct CallRecord
{
    QString id;
    qint64 startedMs = 0;
    CallOrigin origin = CallOrigin::Gateway;
    QString parentId;

    qint64 gatewayKeyId = 0; // 0: no gateway key (console, CLI)
    QString tenant;
    QString feature;
    QString userId;
    QStringList tags;

    QString promptName;
    int promptVersion = 0; // 0: the call named no prompt
    int ruleSetVersion = 0;
    QString ruleName;

    QString alias;
    QString provider;
    QString model;

    CallStatus status = CallStatus::Ok;
    std::optional<FailureCategory> failure;
    QString errorMessage;

    qint64 latencyUs = 0;
    std::optional<qint64> ttftUs;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cachedInputTokens = 0;
    bool tokensEstimated = false;
    qint64 costMicros = 0;
    bool cacheHit = false;
    int attempts = 1;
    bool streamed = false;

    friend bool operator==(const CallRecord &, const CallRecord &) = default;
};

} // namespace switchboard::core

Q_DECLARE_METATYPE(switchboard::core::CallRecord)
