#include "prompts/tokencount.h"

#include "prompts/tokenizer.h"

#include <QFile>
#include <QHash>
#include <QLoggingCategory>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace switchboard::core::prompts {
namespace {

Q_LOGGING_CATEGORY(lcTokens, "switchboard.prompts.tokens")

const auto kO200k = QStringLiteral("o200k_base");
const auto kCl100k = QStringLiteral("cl100k_base");

// tiktoken's model -> encoding table as shipped (resources/tokenizers), read once.
const QHash<QString, QString> &modelEncodings()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> encodings;
        QFile file(QStringLiteral(":/switchboard/tokenizers/tiktoken-npm-model_to_encoding.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            qCWarning(lcTokens) << "model to encoding table missing from the build";
            return encodings;
        }
        const QByteArray bytes = file.readAll();
        const auto json = nlohmann::json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
        if (!json.is_object()) {
            qCWarning(lcTokens) << "model to encoding table is not a JSON object";
            return encodings;
        }
        for (const auto &[model, encoding] : json.items()) {
            if (encoding.is_string())
                encodings.insert(QString::fromStdString(model),
                                 QString::fromStdString(encoding.get<std::string>()));
        }
        return encodings;
    }();
    return table;
}

// Only the encodings shipped; the table also names GPT-3's, which we cannot count with.
QString shipped(const QString &encoding)
{
    return encoding == kO200k || encoding == kCl100k ? encoding : QString();
}

bool isFamily(QStringView model, QLatin1String family)
{
    return model == family || (model.startsWith(family) && model.size() > family.size()
                               && model[family.size()] == u'-');
}

// Families newer than the table, and snapshots it does not list, by tiktoken's own prefixes.
// The o200k families come first: "gpt-4o" starts with "gpt-4".
QString encodingByPrefix(QStringView model)
{
    for (const char *prefix : { "gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5" }) {
        if (model.startsWith(QLatin1String(prefix)))
            return kO200k;
    }
    for (const char *family : { "o1", "o3", "o4" }) {
        if (isFamily(model, QLatin1String(family)))
            return kO200k;
    }
    for (const char *prefix : { "gpt-4", "gpt-3.5", "gpt-35-turbo", "text-embedding-3" }) {
        if (model.startsWith(QLatin1String(prefix)))
            return kCl100k;
    }
    return {};
}

qint64 roughEstimate(QStringView text)
{
    // About four characters a token in English, when no tokenizer could be loaded at all.
    return (text.size() + 3) / 4;
}

} // namespace

QString encodingForModel(QStringView providerKind, QStringView model)
{
    QString name = model.trimmed().toString().toLower();
    const bool openai = providerKind == QLatin1String("openai");
    if (!openai && providerKind != QLatin1String("openai_compatible"))
        return {};
    // Routers name OpenAI's models "openai/gpt-4o".
    if (name.startsWith(QLatin1String("openai/")))
        name.remove(0, 7);
    if (const auto it = modelEncodings().constFind(name); it != modelEncodings().constEnd())
        return shipped(*it);
    if (!openai)
        return {};
    // A fine-tune, "ft:gpt-4o-mini-2024-07-18:org::id", counts as its base model.
    if (name.startsWith(QLatin1String("ft:")))
        name = name.section(u':', 1, 1);
    if (const auto it = modelEncodings().constFind(name); it != modelEncodings().constEnd())
        return shipped(*it);
    return encodingByPrefix(name);
}

TokenCount countTokens(QStringView providerKind, QStringView model, QStringView text)
{
    const QString exact = encodingForModel(providerKind, model);
    const QString encoding = exact.isEmpty() ? kO200k : exact;
    const auto tokenizer = Tokenizer::load(encoding);
    if (!tokenizer) {
        qCWarning(lcTokens) << tokenizer.error().message;
        return { roughEstimate(text), true, {} };
    }
    return { (*tokenizer)->count(text), exact.isEmpty(), encoding };
}

TokenCount countChatTokens(QStringView providerKind, QStringView model,
                           const std::vector<ChatMessage> &messages)
{
    const QString exact = encodingForModel(providerKind, model);
    const QString encoding = exact.isEmpty() ? kO200k : exact;
    const auto tokenizer = Tokenizer::load(encoding);
    if (!tokenizer)
        qCWarning(lcTokens) << tokenizer.error().message;
    // Each field on its own: counting them joined would merge tokens across the seams.
    const auto count = [&tokenizer](QStringView text) {
        return tokenizer ? (*tokenizer)->count(text) : roughEstimate(text);
    };

    bool outsideRecipe = false;
    qint64 tokens = 3; // <|start|>assistant<|message|> primes the reply
    for (const ChatMessage &message : messages) {
        tokens += 3 + count(nameOf(message.role)) + count(message.plainText());
        if (!message.name.isEmpty())
            tokens += 1 + count(message.name);
        for (const ToolCall &call : message.toolCalls)
            tokens += count(call.name) + count(call.argumentsJson);
        outsideRecipe = outsideRecipe || !message.toolCalls.empty() || !message.toolCallId.isEmpty()
            || std::ranges::any_of(message.content, [](const ContentPart &part) {
                   return part.kind != ContentPart::Kind::Text;
               });
    }
    if (!tokenizer)
        return { tokens, true, {} };
    return { tokens, exact.isEmpty() || outsideRecipe, encoding };
}

} // namespace switchboard::core::prompts
