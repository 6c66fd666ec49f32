#pragma once

// A local OTLP/HTTP receiver for the gateway's span export suites: it keeps each accepted request's JSON
// body and answers with the statuses it is told to, in turn (200 once they run out).
#include "http/httpexchange.h"
#include "http/httpserver.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace switchboard::tests {

class OtlpReceiver final
{
public:
    OtlpReceiver()
        : m_server([this](core::http::HttpExchange *exchange) {
              ++requests;
              paths << QString::fromUtf8(exchange->request().path);
              const int status = statuses.empty() ? 200 : statuses.takeFirst();
              if (status == 200)
                  bodies << QJsonDocument::fromJson(exchange->request().body).object();
              exchange->respond(status, { { "Content-Type", "application/json" } }, "{}");
          })
    {
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    QString endpoint() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.port()); }

    // The spans of every accepted request, in order.
    QJsonArray spans() const
    {
        QJsonArray out;
        for (const QJsonObject &body : bodies)
            for (const QJsonValue &resource : body.value(QStringLiteral("resourceSpans")).toArray())
                for (const QJsonValue &scope : resource.toObject().value(QStringLiteral("scopeSpans")).toArray())
                    for (const QJsonValue &span : scope.toObject().value(QStringLiteral("spans")).toArray())
                        out.append(span);
        return out;
    }

    QList<int> statuses;
    QList<QJsonObject> bodies;
    QStringList paths;
    int requests = 0;

private:
    core::http::HttpServer m_server;
};

// A span's attribute value as text (string, int, double or bool), or empty.
inline QString spanAttribute(const QJsonValue &span, const QString &key)
{
    for (const QJsonValue &attribute : span.toObject().value(QStringLiteral("attributes")).toArray()) {
        if (attribute.toObject().value(QStringLiteral("key")).toString() != key)
            continue;
        const QJsonObject value = attribute.toObject().value(QStringLiteral("value")).toObject();
        if (value.contains(QStringLiteral("stringValue")))
            return value.value(QStringLiteral("stringValue")).toString();
        if (value.contains(QStringLiteral("intValue")))
            return value.value(QStringLiteral("intValue")).toString();
        if (value.contains(QStringLiteral("doubleValue")))
            return QString::number(value.value(QStringLiteral("doubleValue")).toDouble());
        if (value.contains(QStringLiteral("boolValue")))
            return value.value(QStringLiteral("boolValue")).toBool() ? QStringLiteral("true") : QStringLiteral("false");
    }
    return {};
}

} // namespace switchboard::tests
