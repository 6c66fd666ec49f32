#pragma once

#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

namespace switchboard::core::http {
class HttpClient;
}

namespace switchboard::core::analytics {

struct AlertDeliverySettings
{
    int tries = 3;
    int firstPauseMs = 2'000; // then four times as long before each next try
    int timeoutMs = 10'000;
};

// Sends alerts' webhooks: POSTs a JSON body to the rule's URL (or to the URL an env:NAME
// reference holds), trying again after a failed connection, a timeout, 429 or a 5xx with a
// growing pause, each try within a deadline. What happened comes back as one line that
// never quotes the URL's path (a Slack webhook's path is its secret). Lives on one thread.
class AlertDelivery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertDelivery)

public:
    using Settings = AlertDeliverySettings;
    struct Outcome
    {
        bool delivered = false;
        QString text; // "delivered (HTTP 200)", "failed after 3 tries: HTTP 503 from hooks.example.com"
    };
    using Done = std::function<void(const Outcome &)>;

    explicit AlertDelivery(Settings settings = {}, QObject *parent = nullptr);
    ~AlertDelivery() override;

    void deliver(const QString &webhook, const QByteArray &body, Done done);
    // The URL a webhook names, or what is wrong with it (e.g. its variable is not set here).
    static std::optional<QUrl> urlOf(const QString &webhook, QString *problem);

private:
    struct Delivery;
    void attempt(std::shared_ptr<Delivery> delivery);

    Settings m_settings;
    http::HttpClient *m_client;
};

} // namespace switchboard::core::analytics
