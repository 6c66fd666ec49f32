#include "gateway/requestroute.h"

#include "gateway/admission.h"
#include "gateway/wiredialect.h"
#include "prompts/promptreference.h"

#include <nlohmann/json.hpp>

namespace switchboard::core::gateway {

Result<routing::RouteInput> routeInputFromBody(QByteArrayView body)
{
    const nlohmann::json json = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("The request is not a JSON object. Paste a request body such as "
                                   "{\"model\": \"chat-fast\", \"messages\": [...]}."));
    auto ingress = WireDialect::openAi().decode(json);
    if (!ingress) {
        auto anthropic = WireDialect::anthropic().decode(json);
        if (!anthropic)
            return std::unexpected(ingress.error());
        ingress = std::move(anthropic);
    }
    routing::RouteInput input;
    input.model = ingress->request.model;
    input.feature = ingress->feature;
    input.userId = ingress->userId;
    input.userTier = ingress->userTier;
    input.tags = ingress->tags;
    if (!ingress->promptReference.isEmpty()) {
        if (const auto reference = prompts::PromptReference::parse(ingress->promptReference)) {
            input.promptName = reference->name;
            input.promptLabel = reference->label;
        }
    }
    input.estimatedInputTokens = estimateInputTokens(ingress->request);
    return input;
}

} // namespace switchboard::core::gateway
