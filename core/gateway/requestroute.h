#pragma once

#include "model/error.h"
#include "routing/router.h"

#include <QByteArrayView>

namespace switchboard::core::gateway {

// What routing sees of a request body as a caller would send it (OpenAI chat completions or
// Anthropic messages, "switchboard" fields included): the model asked for, feature, user,
// tier, tags, prompt reference and the estimated input tokens. Who calls (key, tenant) is not
// in a body; the caller of this fills it in. Fails with what is wrong with the body.
Result<routing::RouteInput> routeInputFromBody(QByteArrayView body);

} // namespace switchboard::core::gateway
