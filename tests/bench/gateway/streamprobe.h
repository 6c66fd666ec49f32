#pragma once

#include "http/httprequest.h"

#include <QByteArray>
#include <QUrl>

#include <vector>

namespace switchboard::bench {

// One streamed request timed from sending: the first body byte and the last.
struct StreamTiming
{
    double firstByteMs = 0;
    double lastByteMs = 0;
    bool ok = false;
};

// Sends streamed requests one after another over one kept-alive connection and times each.
std::vector<StreamTiming> probeStreams(const QUrl &url, const QByteArray &body, const core::http::HttpHeaders &headers, int count);

// GET url; the body, or empty when the request failed.
QByteArray fetch(const QUrl &url);

} // namespace switchboard::bench
