#include "streamprobe.h"

#include "http/httpclient.h"

#include <QElapsedTimer>
#include <QEventLoop>

namespace switchboard::bench {

std::vector<StreamTiming> probeStreams(const QUrl &url, const QByteArray &body, const core::http::HttpHeaders &headers, int count)
{
    core::http::HttpClient client;
    std::vector<StreamTiming> timings;
    for (int i = 0; i < count; ++i) {
        core::http::ClientRequest request;
        request.url = url;
        request.headers = headers;
        request.headers.push_back({ "content-type", "application/json" });
        request.body = body;
        StreamTiming timing;
        QElapsedTimer clock;
        QEventLoop loop;
        clock.start();
        core::http::ClientCall *call = client.send(request, &client);
        QObject::connect(call, &core::http::ClientCall::bodyReceived, call, [&](const QByteArray &) {
            const double now = static_cast<double>(clock.nsecsElapsed()) / 1e6;
            if (timing.firstByteMs == 0)
                timing.firstByteMs = now;
            timing.lastByteMs = now;
        });
        QObject::connect(call, &core::http::ClientCall::finished, call, [&] {
            timing.ok = call->outcome() == core::http::ClientCall::Outcome::Complete && call->status() == 200;
            loop.quit();
        });
        loop.exec();
        call->deleteLater();
        timings.push_back(timing);
    }
    return timings;
}

QByteArray fetch(const QUrl &url)
{
    core::http::HttpClient client;
    core::http::ClientRequest request;
    request.method = "GET";
    request.url = url;
    QByteArray body;
    QEventLoop loop;
    core::http::ClientCall *call = client.send(request, &client);
    QObject::connect(call, &core::http::ClientCall::bodyReceived, call, [&body](const QByteArray &bytes) { body += bytes; });
    QObject::connect(call, &core::http::ClientCall::finished, call, [&loop] { loop.quit(); });
    loop.exec();
    return call->status() == 200 ? body : QByteArray();
}

} // namespace switchboard::bench
