#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace switchboard::core::gateway {

// W3C Trace Context (https://www.w3.org/TR/trace-context/) for one call through the gateway:
// the trace it belongs to, the caller's span it is a child of, and its own span.
struct TraceContext
{
    QByteArray traceId;      // 32 lower-case hex digits
    QByteArray parentSpanId; // 16 hex digits; empty when the caller sent no traceparent
    QByteArray spanId;       // 16 hex digits, this call's
    bool sampled = true;

    friend bool operator==(const TraceContext &, const TraceContext &) = default;
};

// The context of a call that came with `traceparent` (empty when absent): the caller's trace
// and span as parent, and a new span id. A header that is not a valid version-00 traceparent
// (wrong lengths, not hex, all-zero ids) is ignored and a new trace begins, as the
// specification asks. Later versions are read by their first four fields.
TraceContext traceContextFor(QByteArrayView traceparent);

// A span of its own under `parent`, in the same trace (a shadow call under its call).
TraceContext childOf(const TraceContext &parent);

// "00-<trace id>-<span id>-01": the header that names this call's span, for whatever the
// call leads to.
QByteArray traceparentOf(const TraceContext &context);

} // namespace switchboard::core::gateway
