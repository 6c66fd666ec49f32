#include "storefixtures.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QStringList>

#include <array>

namespace switchboard::tests {
namespace {

QString text(const QString &value) { return QLatin1Char('"') + value + QLatin1Char('"'); }
QString text(qint64 value) { return QString::number(value); }
QString text(bool value) { return value ? QStringLiteral("true") : QStringLiteral("false"); }
QString text(const QStringList &value) { return QLatin1Char('[') + value.join(u'|') + QLatin1Char(']'); }
QString text(core::CallOrigin value) { return core::nameOf(value); }
QString text(core::CallStatus value) { return core::nameOf(value); }
QString text(const std::optional<core::FailureCategory> &value)
{
    return value ? core::nameOf(*value) : QStringLiteral("(none)");
}
QString text(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : QStringLiteral("(none)");
}

} // namespace

core::CallRecord fullCall(const QString &id, qint64 startedMs, int n)
{
    using core::CallOrigin;
    using core::CallStatus;
    // Gateway and Ok are the defaults; they come last so that n = 0 differs from them.
    constexpr std::array origins { CallOrigin::Replay, CallOrigin::Eval, CallOrigin::Shadow,
                                   CallOrigin::Playground, CallOrigin::Gateway };
    constexpr std::array statuses { CallStatus::Failed, CallStatus::Partial, CallStatus::Ok };
    const auto pick = [n](const auto &values) {
        return values[static_cast<std::size_t>(n) % values.size()];
    };

    core::CallRecord r;
    r.id = id;
    r.startedMs = startedMs;
    r.origin = pick(origins);
    r.parentId = QStringLiteral("01HZPARENT%1").arg(n, 16, 10, QLatin1Char('0'));
    r.gatewayKeyId = 7 + n;
    r.tenant = QStringLiteral("acme-%1").arg(n % 3);
    r.feature = QStringLiteral("support.answer");
    r.userId = QStringLiteral("user-%1").arg(n);
    r.tags = { QStringLiteral("beta"), QStringLiteral("émoji 🚀"),
               QStringLiteral("say \"hi\", then [go]") };
    r.promptName = QStringLiteral("support/answer");
    r.promptVersion = 3 + n;
    r.ruleSetVersion = 12;
    r.ruleName = QStringLiteral("long-context");
    r.alias = QStringLiteral("smart");
    r.provider = QStringLiteral("anthropic-prod");
    r.model = QStringLiteral("claude-3-5-sonnet-20241022");
    r.status = pick(statuses);
    r.failure = pick(core::kAllFailureCategories);
    r.errorMessage = QStringLiteral("upstream said “overloaded” (529); retried");
    r.latencyUs = 1'234'567 + n;
    r.ttftUs = 345'678 + n;
    r.inputTokens = 5'000'000'000LL + n; // past 32 bits
    r.outputTokens = 4096 + n;
    r.cachedInputTokens = 1024;
    r.tokensEstimated = true;
    r.costMicros = 9'876'543'210LL;
    r.cacheHit = true;
    r.attempts = 3;
    r.streamed = true;
    return r;
}

QStringList idsOf(const std::vector<core::CallRecord> &calls)
{
    QStringList ids;
    for (const core::CallRecord &call : calls)
        ids << call.id;
    return ids;
}

QString differences(const core::CallRecord &expected, const core::CallRecord &actual)
{
    QStringList out;
    const auto check = [&out](const char *name, const auto &want, const auto &got) {
        if (!(want == got))
            out << QLatin1String(name) + QLatin1String(": expected ") + text(want)
                    + QLatin1String(", got ") + text(got);
    };
#define SB_CHECK_FIELD(field) check(#field, expected.field, actual.field)
    SB_CHECK_FIELD(id);
    SB_CHECK_FIELD(startedMs);
    SB_CHECK_FIELD(origin);
    SB_CHECK_FIELD(parentId);
    SB_CHECK_FIELD(gatewayKeyId);
    SB_CHECK_FIELD(tenant);
    SB_CHECK_FIELD(feature);
    SB_CHECK_FIELD(userId);
    SB_CHECK_FIELD(tags);
    SB_CHECK_FIELD(promptName);
    check("promptVersion", qint64(expected.promptVersion), qint64(actual.promptVersion));
    check("ruleSetVersion", qint64(expected.ruleSetVersion), qint64(actual.ruleSetVersion));
    SB_CHECK_FIELD(ruleName);
    SB_CHECK_FIELD(alias);
    SB_CHECK_FIELD(provider);
    SB_CHECK_FIELD(model);
    SB_CHECK_FIELD(status);
    SB_CHECK_FIELD(failure);
    SB_CHECK_FIELD(errorMessage);
    SB_CHECK_FIELD(latencyUs);
    SB_CHECK_FIELD(ttftUs);
    SB_CHECK_FIELD(inputTokens);
    SB_CHECK_FIELD(outputTokens);
    SB_CHECK_FIELD(cachedInputTokens);
    SB_CHECK_FIELD(tokensEstimated);
    SB_CHECK_FIELD(costMicros);
    SB_CHECK_FIELD(cacheHit);
    check("attempts", qint64(expected.attempts), qint64(actual.attempts));
    SB_CHECK_FIELD(streamed);
#undef SB_CHECK_FIELD
    // A field added to CallRecord but not to the list above would make this disagree.
    if (out.isEmpty() && !(expected == actual))
        out << QStringLiteral("the records differ in a field this check does not know");
    return out.join(QLatin1String("; "));
}

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

bool overwriteWithGarbage(const QString &path, qint64 offset, qint64 length, quint32 seed)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) || !file.seek(offset))
        return false;
    QRandomGenerator random(seed);
    QByteArray garbage(length, Qt::Uninitialized);
    for (char &byte : garbage)
        byte = static_cast<char>(random.bounded(256));
    return file.write(garbage) == length;
}

} // namespace switchboard::tests
