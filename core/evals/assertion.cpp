#include "evals/assertion.h"

#include "guard/jsonschema.h"
#include "model/enumnames.h"

#include <QLocale>
#include <QRegularExpression>

#include <variant>

namespace switchboard::core::evals {
namespace {

using Type = Assertion::Type;
using nlohmann::json;

constexpr EnumNames<Type, 13> kTypes { {
    { Type::Equals, "equals" },
    { Type::Contains, "contains" },
    { Type::IContains, "icontains" },
    { Type::ContainsAny, "contains-any" },
    { Type::ContainsAll, "contains-all" },
    { Type::Regex, "regex" },
    { Type::IsJson, "is-json" },
    { Type::JsonPath, "json-path" },
    { Type::Latency, "latency" },
    { Type::Cost, "cost" },
    { Type::MaxOutputTokens, "max-output-tokens" },
    { Type::Similar, "similar" },
    { Type::Rubric, "llm-rubric" },
} };

constexpr double kDefaultSimilarity = 0.75;

QString text(const json &value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString::fromStdString(value.dump());
}

QStringList texts(const json &value)
{
    QStringList out;
    if (value.is_array()) {
        for (const json &item : value)
            out << text(item);
    } else if (!value.is_null()) {
        out << text(value);
    }
    return out;
}

QString quoted(const QString &value)
{
    return u'"' + (value.size() > 60 ? value.left(57) + QStringLiteral("...") : value) + u'"';
}

QString number(double value, int decimals = 0)
{
    return QLocale().toString(value, 'f', decimals);
}

// A path's steps, $.items[0].sku as "items", 0, "sku"; nothing when it is not a path.
std::optional<std::vector<std::variant<std::size_t, std::string>>> pathSteps(const QString &path)
{
    static const QRegularExpression step(QStringLiteral(R"re(\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])re"));
    if (!path.startsWith(u'$'))
        return std::nullopt;
    std::vector<std::variant<std::size_t, std::string>> steps;
    qsizetype position = 1;
    while (position < path.size()) {
        const auto match = step.match(path, position, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch())
            return std::nullopt;
        if (!match.captured(2).isEmpty())
            steps.emplace_back(static_cast<std::size_t>(match.captured(2).toULongLong()));
        else
            steps.emplace_back(QString(match.captured(1) + match.captured(3) + match.captured(4)).toStdString());
        position = match.capturedEnd();
    }
    return steps;
}

// The value at a path, or nothing.
std::optional<json> valueAt(const json &document, const QString &path)
{
    const auto steps = pathSteps(path);
    if (!steps)
        return std::nullopt;
    const json *at = &document;
    for (const auto &step : *steps) {
        if (const auto *index = std::get_if<std::size_t>(&step)) {
            if (!at->is_array() || *index >= at->size())
                return std::nullopt;
            at = &(*at)[*index];
        } else {
            const std::string &key = std::get<std::string>(step);
            if (!at->is_object() || !at->contains(key))
                return std::nullopt;
            at = &(*at)[key];
        }
    }
    return *at;
}

QStringList words(const QString &value)
{
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
    return value.toLower().split(separators, Qt::SkipEmptyParts);
}

// The check itself, before negation: passed, score, and the reason as a pass would say it.
AssertionResult judge(const Assertion &a, const Observation &o)
{
    switch (a.type) {
    case Type::Equals: {
        const QString expected = text(a.value);
        const bool same = o.output.trimmed() == expected.trimmed();
        return { same, same ? 1.0 : 0.0, same ? QStringLiteral("equals %1").arg(quoted(expected)) : QStringLiteral("differs from %1").arg(quoted(expected)) };
    }
    case Type::Contains:
    case Type::IContains: {
        const QString needle = text(a.value);
        const bool found = o.output.contains(needle, a.type == Type::IContains ? Qt::CaseInsensitive : Qt::CaseSensitive);
        return { found, found ? 1.0 : 0.0,
                 (found ? QStringLiteral("contains %1") : QStringLiteral("does not contain %1")).arg(quoted(needle)) };
    }
    case Type::ContainsAny:
    case Type::ContainsAll: {
        QStringList found;
        QStringList missing;
        for (const QString &needle : texts(a.value))
            (o.output.contains(needle) ? found : missing) << quoted(needle);
        const bool passed = a.type == Type::ContainsAny ? !found.isEmpty() : missing.isEmpty();
        if (a.type == Type::ContainsAny)
            return { passed, passed ? 1.0 : 0.0,
                     passed ? QStringLiteral("contains %1").arg(found.join(QStringLiteral(", ")))
                            : QStringLiteral("contains none of %1").arg(missing.join(QStringLiteral(", "))) };
        return { passed, passed ? 1.0 : 0.0,
                 passed ? QStringLiteral("contains all of %1").arg(found.join(QStringLiteral(", ")))
                        : QStringLiteral("lacks %1").arg(missing.join(QStringLiteral(", "))) };
    }
    case Type::Regex: {
        const QRegularExpression pattern(text(a.value));
        const auto match = pattern.match(o.output);
        return { match.hasMatch(), match.hasMatch() ? 1.0 : 0.0,
                 match.hasMatch() ? QStringLiteral("matches /%1/ at %2").arg(pattern.pattern(), quoted(match.captured(0)))
                                  : QStringLiteral("does not match /%1/").arg(pattern.pattern()) };
    }
    case Type::IsJson: {
        const json document = json::parse(o.output.toStdString(), nullptr, false);
        if (document.is_discarded())
            return { false, 0, QStringLiteral("is not JSON") };
        if (!a.value.is_object())
            return { true, 1, QStringLiteral("is JSON") };
        // With a schema as its value, as promptfoo's is-json takes one.
        const auto violation = guard::schemaViolation(document, a.value);
        return { !violation, violation ? 0.0 : 1.0, violation ? QStringLiteral("breaks the schema: ") + *violation : QStringLiteral("is JSON that matches the schema") };
    }
    case Type::JsonPath: {
        const json document = json::parse(o.output.toStdString(), nullptr, false);
        if (document.is_discarded())
            return { false, 0, QStringLiteral("is not JSON, so %1 cannot be read").arg(a.path) };
        const auto found = valueAt(document, a.path);
        if (!found)
            return { false, 0, QStringLiteral("has nothing at %1").arg(a.path) };
        const bool same = *found == a.value;
        return { same, same ? 1.0 : 0.0,
                 QStringLiteral("%1 is %2%3").arg(a.path, QString::fromStdString(found->dump()),
                                                  same ? QString() : QStringLiteral(", not ") + QString::fromStdString(a.value.dump())) };
    }
    case Type::Latency: {
        const bool within = double(o.latencyMs) <= *a.threshold;
        return { within, within ? 1.0 : 0.0,
                 QStringLiteral("latency %1 ms is %2 %3 ms").arg(number(double(o.latencyMs)), within ? QStringLiteral("within") : QStringLiteral("over"), number(*a.threshold)) };
    }
    case Type::Cost: {
        const double dollars = double(o.costMicros) / 1e6;
        const bool within = dollars <= *a.threshold;
        return { within, within ? 1.0 : 0.0,
                 QStringLiteral("cost $%1 is %2 $%3").arg(number(dollars, 6), within ? QStringLiteral("within") : QStringLiteral("over"), number(*a.threshold, 6)) };
    }
    case Type::MaxOutputTokens: {
        const bool within = double(o.outputTokens) <= *a.threshold;
        return { within, within ? 1.0 : 0.0,
                 QStringLiteral("%1 output tokens, %2 %3").arg(number(double(o.outputTokens)), within ? QStringLiteral("within") : QStringLiteral("over"), number(*a.threshold)) };
    }
    case Type::Similar: {
        const QString reference = a.value.is_null() ? o.reference : text(a.value);
        if (reference.isEmpty())
            return { false, 0, QStringLiteral("has no reference to compare with: give the item a reference output or the assertion a value") };
        const double score = rougeL(o.output, reference);
        const double at = a.threshold.value_or(kDefaultSimilarity);
        return { score >= at, score, QStringLiteral("ROUGE-L %1 against the reference (at least %2)").arg(number(score, 2), number(at, 2)) };
    }
    case Type::Rubric:
        return { false, 0, QStringLiteral("needs a judge model: an eval run grades it") };
    }
    return {};
}

} // namespace

QString nameOf(const Assertion &assertion)
{
    return (assertion.negated ? QStringLiteral("not-") : QString()) + enumName(kTypes, assertion.type);
}

Result<Assertion> parseAssertion(const json &object)
{
    if (!object.is_object() || !object.contains("type") || !object["type"].is_string())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("An assertion is an object with a \"type\", e.g. {\"type\": \"contains\", \"value\": \"refund\"}."));
    QString name = QString::fromStdString(object["type"].get<std::string>());
    Assertion assertion;
    if (name.startsWith(QLatin1String("not-"))) {
        assertion.negated = true;
        name = name.mid(4);
    }
    const auto type = enumValue(kTypes, name);
    if (!type) {
        QStringList known;
        for (const auto &[t, n] : kTypes)
            known << QString::fromLatin1(n);
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Unknown assertion type \"%1\": use one of %2, or not- before one.")
                                                    .arg(name, known.join(QStringLiteral(", "))));
    }
    assertion.type = *type;
    assertion.value = object.value("value", json());
    if (object.contains("threshold") && object["threshold"].is_number())
        assertion.threshold = object["threshold"].get<double>();
    const bool limit = assertion.type == Type::Latency || assertion.type == Type::Cost || assertion.type == Type::MaxOutputTokens;
    if (limit && !assertion.threshold && assertion.value.is_number())
        assertion.threshold = assertion.value.get<double>(); // promptfoo writes the limit as threshold; a value is taken too
    if (limit && (!assertion.threshold || *assertion.threshold < 0))
        return fail(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" needs a threshold of at least 0 (%2).")
                                                    .arg(name, assertion.type == Type::Latency ? QStringLiteral("milliseconds")
                                                               : assertion.type == Type::Cost ? QStringLiteral("dollars")
                                                                                              : QStringLiteral("tokens")));
    if (assertion.type == Type::Similar && assertion.threshold && (*assertion.threshold < 0 || *assertion.threshold > 1))
        return fail(ErrorCode::InvalidArgument, QStringLiteral("\"similar\" takes a threshold from 0 to 1."));
    if (assertion.type == Type::Rubric) {
        if (assertion.negated)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("\"llm-rubric\" cannot be negated: write the rubric the other way round."));
        if (assertion.threshold && (*assertion.threshold < 0 || *assertion.threshold > 1))
            return fail(ErrorCode::InvalidArgument, QStringLiteral("\"llm-rubric\" takes a threshold from 0 to 1 (the judge's score)."));
        if (object.contains("provider") && object["provider"].is_string())
            assertion.judge = QString::fromStdString(object["provider"].get<std::string>());
    }
    const bool needsValue = assertion.type == Type::Rubric || assertion.type == Type::Equals || assertion.type == Type::Contains || assertion.type == Type::IContains
        || assertion.type == Type::ContainsAny || assertion.type == Type::ContainsAll || assertion.type == Type::Regex;
    if (needsValue && (assertion.value.is_null() || (assertion.value.is_string() && assertion.value.get<std::string>().empty())))
        return fail(ErrorCode::InvalidArgument, assertion.type == Type::Rubric
                                                    ? QStringLiteral("\"llm-rubric\" needs the rubric as its value, e.g. \"Apologises and offers a refund\".")
                                                    : QStringLiteral("\"%1\" needs a value to look for.").arg(name));
    if ((assertion.type == Type::ContainsAny || assertion.type == Type::ContainsAll) && !assertion.value.is_array())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" takes a list of values.").arg(name));
    if (assertion.type == Type::Regex) {
        const QRegularExpression pattern(text(assertion.value));
        if (!pattern.isValid())
            return fail(ErrorCode::InvalidArgument, QStringLiteral("The pattern /%1/ is not a valid regular expression: %2.")
                                                        .arg(pattern.pattern(), pattern.errorString()));
    }
    if (assertion.type == Type::JsonPath) {
        assertion.path = QString::fromStdString(object.value("path", std::string()));
        if (!pathSteps(assertion.path))
            return fail(ErrorCode::InvalidArgument, QStringLiteral("\"json-path\" needs a path such as $.items[0].sku, and the value expected there."));
    }
    return assertion;
}

json toJson(const Assertion &assertion)
{
    json out { { "type", nameOf(assertion).toStdString() } };
    if (!assertion.value.is_null())
        out["value"] = assertion.value;
    if (!assertion.path.isEmpty())
        out["path"] = assertion.path.toStdString();
    if (assertion.threshold)
        out["threshold"] = *assertion.threshold;
    if (!assertion.judge.isEmpty())
        out["provider"] = assertion.judge.toStdString();
    return out;
}

AssertionResult check(const Assertion &assertion, const Observation &observation)
{
    AssertionResult result = judge(assertion, observation);
    if (assertion.negated) {
        result.passed = !result.passed;
        result.score = 1.0 - result.score;
    }
    return result;
}

double rougeL(const QString &candidate, const QString &reference)
{
    const QStringList a = words(candidate);
    const QStringList b = words(reference);
    if (a.isEmpty() || b.isEmpty())
        return a.isEmpty() && b.isEmpty() ? 1.0 : 0.0;
    // Longest common subsequence, one row at a time.
    std::vector<int> previous(std::size_t(b.size()) + 1, 0);
    std::vector<int> current(previous.size(), 0);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        for (qsizetype j = 1; j <= b.size(); ++j)
            current[std::size_t(j)] = a[i - 1] == b[j - 1] ? previous[std::size_t(j - 1)] + 1
                                                           : std::max(previous[std::size_t(j)], current[std::size_t(j - 1)]);
        std::swap(previous, current);
    }
    const double lcs = previous.back();
    const double precision = lcs / double(a.size());
    const double recall = lcs / double(b.size());
    return lcs == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
}

} // namespace switchboard::core::evals
