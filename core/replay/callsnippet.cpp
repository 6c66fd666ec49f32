#include "replay/callsnippet.h"

#include <nlohmann/json.hpp>

namespace switchboard::core::replay {
namespace {

using nlohmann::json;

// A string as a JSON (and Python, and JavaScript) string literal.
QString quoted(const QString &text)
{
    return QString::fromStdString(json(text.toStdString()).dump());
}

// A JSON value as a Python literal: JSON's string escapes are Python's too.
QString pythonLiteral(const json &value, int indent)
{
    const QString pad(indent + 4, u' ');
    const QString close(indent, u' ');
    switch (value.type()) {
    case json::value_t::null: return QStringLiteral("None");
    case json::value_t::boolean: return value.get<bool>() ? QStringLiteral("True") : QStringLiteral("False");
    case json::value_t::object: {
        if (value.empty())
            return QStringLiteral("{}");
        QStringList items;
        for (const auto &[key, item] : value.items())
            items << pad + quoted(QString::fromStdString(key)) + QStringLiteral(": ") + pythonLiteral(item, indent + 4);
        return QStringLiteral("{\n") + items.join(QStringLiteral(",\n")) + u'\n' + close + u'}';
    }
    case json::value_t::array: {
        if (value.empty())
            return QStringLiteral("[]");
        QStringList items;
        for (const json &item : value)
            items << pad + pythonLiteral(item, indent + 4);
        return QStringLiteral("[\n") + items.join(QStringLiteral(",\n")) + u'\n' + close + u']';
    }
    default: return QString::fromStdString(value.dump());
    }
}

QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

// The switchboard headers that say who called, as the gateway reads them.
std::vector<std::pair<QString, QString>> metadataHeaders(const CallRecord &record)
{
    std::vector<std::pair<QString, QString>> headers;
    if (!record.feature.isEmpty())
        headers.emplace_back(QStringLiteral("x-switchboard-feature"), record.feature);
    if (!record.userId.isEmpty())
        headers.emplace_back(QStringLiteral("x-switchboard-user"), record.userId);
    if (!record.tags.isEmpty())
        headers.emplace_back(QStringLiteral("x-switchboard-tags"), record.tags.join(u','));
    return headers;
}

QString headerPairs(const CallRecord &record)
{
    QStringList pairs;
    for (const auto &[name, value] : metadataHeaders(record))
        pairs << quoted(name) + QStringLiteral(": ") + quoted(value);
    return pairs.join(QStringLiteral(", "));
}

QString origin(const CallRecord &record)
{
    QString text = QStringLiteral("Sends call %1 through the gateway again").arg(record.id);
    if (!record.promptName.isEmpty())
        text += QStringLiteral(" (its messages as %1 v%2 rendered them)").arg(record.promptName).arg(record.promptVersion);
    return text + u'.';
}

QString curl(const CallRecord &record, const json &body, const QString &url)
{
    QString text = QStringLiteral("# %1\ncurl %2%3/v1/chat/completions \\\n")
                       .arg(origin(record), body.value("stream", false) ? QStringLiteral("-N ") : QString(), url);
    text += QStringLiteral("  -H \"Authorization: Bearer $%1\" \\\n  -H 'Content-Type: application/json' \\\n")
                .arg(QLatin1String(kSnippetKeyVariable));
    for (const auto &[name, value] : metadataHeaders(record))
        text += QStringLiteral("  -H %1 \\\n").arg(shellQuoted(name + QStringLiteral(": ") + value));
    return text + QStringLiteral("  -d %1\n").arg(shellQuoted(QString::fromStdString(body.dump(2))));
}

QString python(const CallRecord &record, json body, const QString &url)
{
    const bool stream = body.value("stream", false);
    body.erase("stream");
    body.erase("stream_options");
    QString text = QStringLiteral("# %1\nimport os\n\nfrom openai import OpenAI\n\n"
                                  "client = OpenAI(base_url=%2, api_key=os.environ[\"%3\"])\n")
                       .arg(origin(record), quoted(url + QStringLiteral("/v1")),
                            QLatin1String(kSnippetKeyVariable));
    text += QStringLiteral("request = %1\n").arg(pythonLiteral(body, 0));
    const QString headers = headerPairs(record);
    const QString extra = headers.isEmpty() ? QString() : QStringLiteral(", extra_headers={%1}").arg(headers);
    if (stream)
        return text + QStringLiteral("stream = client.chat.completions.create(**request, stream=True%1)\n"
                                     "for chunk in stream:\n"
                                     "    if chunk.choices:\n"
                                     "        print(chunk.choices[0].delta.content or \"\", end=\"\")\n"
                                     "print()\n")
                          .arg(extra);
    return text + QStringLiteral("response = client.chat.completions.create(**request%1)\n"
                                 "print(response.choices[0].message.content)\n")
                      .arg(extra);
}

QString typeScript(const CallRecord &record, json body, const QString &url)
{
    const bool stream = body.value("stream", false);
    body.erase("stream_options");
    QString text = QStringLiteral("// %1\nimport OpenAI from \"openai\";\n\n"
                                  "const client = new OpenAI({ baseURL: %2, apiKey: process.env.%3 });\n")
                       .arg(origin(record), quoted(url + QStringLiteral("/v1")),
                            QLatin1String(kSnippetKeyVariable));
    text += QStringLiteral("const request = %1;\n").arg(QString::fromStdString(body.dump(2)));
    const QString headers = headerPairs(record);
    const QString options = headers.isEmpty() ? QString() : QStringLiteral(", { headers: { %1 } }").arg(headers);
    if (stream)
        return text + QStringLiteral("const stream = await client.chat.completions.create(request%1);\n"
                                     "for await (const chunk of stream)\n"
                                     "    process.stdout.write(chunk.choices[0]?.delta?.content ?? \"\");\n"
                                     "process.stdout.write(\"\\n\");\n")
                          .arg(options);
    return text + QStringLiteral("const response = await client.chat.completions.create(request%1);\n"
                                 "console.log(response.choices[0].message.content);\n")
                      .arg(options);
}

} // namespace

Result<QString> callSnippet(const store::RecordedCall &call, SnippetLanguage language, const QString &gatewayUrl)
{
    if (call.redaction != QLatin1String("full"))
        return fail(ErrorCode::Unsupported, QStringLiteral("Call %1 was stored %2, so its request cannot be written out as code.")
                                                .arg(call.record.id, call.redaction));
    json body = json::parse(call.requestJson.begin(), call.requestJson.end(), nullptr, false);
    if (!body.is_object() || !body.contains("messages"))
        return fail(ErrorCode::Unsupported, QStringLiteral("Call %1's request could not be read when it was logged, so there "
                                                           "is no request to write out as code.")
                                                .arg(call.record.id));
    if (!call.record.alias.isEmpty())
        body["model"] = call.record.alias.toStdString();
    QString url = gatewayUrl.trimmed();
    while (url.endsWith(u'/'))
        url.chop(1);
    switch (language) {
    case SnippetLanguage::Curl: return curl(call.record, body, url);
    case SnippetLanguage::Python: return python(call.record, std::move(body), url);
    case SnippetLanguage::TypeScript: return typeScript(call.record, std::move(body), url);
    }
    return QString();
}

} // namespace switchboard::core::replay
