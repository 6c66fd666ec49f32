#include "analytics/alertdelivery.h"

#include "http/httpclient.h"
#include "model/productinfo.h"
#include "store/alertrepository.h"

#include <QPointer>
#include <QTimer>

namespace switchboard::core::analytics {

struct AlertDelivery::Delivery
{
    QUrl url;
    QByteArray body;
    Done done;
    int tries = 0;
    QString shownAs; // scheme and host only
};

AlertDelivery::AlertDelivery(Settings settings, QObject *parent)
    : QObject(parent), m_settings(settings), m_client(new http::HttpClient(this))
{
}

AlertDelivery::~AlertDelivery() = default;

std::optional<QUrl> AlertDelivery::urlOf(const QString &webhook, QString *problem)
{
    QString text = webhook;
    if (webhook.startsWith(QLatin1String("env:"))) {
        const QString name = webhook.mid(4);
        text = qEnvironmentVariable(name.toLocal8Bit().constData());
        if (text.isEmpty()) {
            *problem = QStringLiteral("not sent: %1 is not set where the alert was judged; set it to the webhook's URL").arg(name);
            return std::nullopt;
        }
    }
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        *problem = QStringLiteral("not sent: the webhook is not an http(s) URL");
        return std::nullopt;
    }
    return url;
}

void AlertDelivery::deliver(const QString &webhook, const QByteArray &body, Done done)
{
    QString problem;
    const auto url = urlOf(webhook, &problem);
    if (!url) {
        done({ false, problem });
        return;
    }
    auto delivery = std::make_shared<Delivery>();
    delivery->url = *url;
    delivery->body = body;
    delivery->done = std::move(done);
    delivery->shownAs = store::displayedWebhook(url->toString());
    attempt(std::move(delivery));
}

void AlertDelivery::attempt(std::shared_ptr<Delivery> delivery)
{
    ++delivery->tries;
    http::ClientRequest request;
    request.url = delivery->url;
    request.headers = { { "Content-Type", "application/json" }, { "User-Agent", "Switchboard/" + productVersion().toUtf8() } };
    request.body = delivery->body;
    QPointer<http::ClientCall> call = m_client->send(request, this);
    auto *deadline = new QTimer(call);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, call, [call] { call->abort(); });
    deadline->start(m_settings.timeoutMs);
    connect(call, &http::ClientCall::finished, this, [this, call, delivery] {
        const int status = call->status();
        const bool complete = call->outcome() == http::ClientCall::Outcome::Complete;
        QString what;
        if (complete && status >= 200 && status < 300) {
            delivery->done({ true, QStringLiteral("delivered (HTTP %1)").arg(status) });
            call->deleteLater();
            return;
        }
        what = complete ? QStringLiteral("HTTP %1 from %2").arg(status).arg(delivery->shownAs)
            : call->outcome() == http::ClientCall::Outcome::Aborted
            ? QStringLiteral("no answer from %1 within %2 s").arg(delivery->shownAs).arg(m_settings.timeoutMs / 1000)
            : QStringLiteral("%1 (%2)").arg(call->errorString(), delivery->shownAs);
        call->deleteLater();
        const bool worthAnotherTry = !complete || status == 429 || status >= 500;
        if (worthAnotherTry && delivery->tries < m_settings.tries) {
            int pause = m_settings.firstPauseMs;
            for (int i = 1; i < delivery->tries; ++i)
                pause *= 4;
            QTimer::singleShot(pause, this, [this, delivery] { attempt(delivery); });
            return;
        }
        const QString advice = complete && status >= 400 && status < 500 && status != 429
            ? QStringLiteral("; check the webhook's URL")
            : QString();
        delivery->done({ false, QStringLiteral("failed after %1 %2: %3%4")
                                    .arg(delivery->tries)
                                    .arg(delivery->tries == 1 ? QStringLiteral("try") : QStringLiteral("tries"), what, advice) });
    });
}

} // namespace switchboard::core::analytics
