#pragma once

#include "model/error.h"
#include "store/recordedcall.h"

#include <QString>

namespace switchboard::core::replay {

// A logged call as code that sends it again through a Switchboard gateway: the request as
// logged (the alias it asked for, its parameters and seed, the messages a prompt compiled
// to), the feature, user and tags as switchboard headers, and the key read from the
// environment (SWITCHBOARD_API_KEY), never written out. `gatewayUrl` is the gateway's base
// address, e.g. "http://127.0.0.1:8080".
enum class SnippetLanguage { Curl, Python, TypeScript };

inline constexpr char kSnippetKeyVariable[] = "SWITCHBOARD_API_KEY";

// Fails when the call's request was not logged in full (redacted, or unreadable).
Result<QString> callSnippet(const store::RecordedCall &call, SnippetLanguage language, const QString &gatewayUrl);

} // namespace switchboard::core::replay
