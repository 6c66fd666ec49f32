#include "model/providerconfig.h"

#include "model/enumnames.h"

namespace switchboard::core {
namespace {

constexpr EnumNames<ProviderKind, 5> kKinds { {
    { ProviderKind::OpenAi, "openai" },
    { ProviderKind::Anthropic, "anthropic" },
    { ProviderKind::Gemini, "gemini" },
    { ProviderKind::OpenAiCompatible, "openai_compatible" },
    { ProviderKind::Simulated, "simulated" },
} };

constexpr EnumNames<KeySource, 3> kSources { {
    { KeySource::None, "none" },
    { KeySource::Keychain, "keychain" },
    { KeySource::Environment, "env" },
} };

} // namespace

QString nameOf(ProviderKind kind) { return enumName(kKinds, kind); }
std::optional<ProviderKind> providerKindFromString(QStringView name) { return enumValue(kKinds, name); }
QString nameOf(KeySource source) { return enumName(kSources, source); }
std::optional<KeySource> keySourceFromString(QStringView name) { return enumValue(kSources, name); }

} // namespace switchboard::core
