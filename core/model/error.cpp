#include "model/error.h"

namespace switchboard::core {

QString nameOf(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return QStringLiteral("invalid_argument");
    case ErrorCode::NotFound: return QStringLiteral("not_found");
    case ErrorCode::Conflict: return QStringLiteral("conflict");
    case ErrorCode::NotAWorkspace: return QStringLiteral("not_a_workspace");
    case ErrorCode::NewerSchema: return QStringLiteral("newer_schema");
    case ErrorCode::StoreUnavailable: return QStringLiteral("store_unavailable");
    case ErrorCode::StoreCorrupt: return QStringLiteral("store_corrupt");
    case ErrorCode::StoreFailure: return QStringLiteral("store_failure");
    case ErrorCode::Unsupported: return QStringLiteral("unsupported");
    case ErrorCode::Io: return QStringLiteral("io");
    case ErrorCode::ProviderError: return QStringLiteral("provider_error");
    case ErrorCode::KeychainUnavailable: return QStringLiteral("keychain_unavailable");
    }
    return QStringLiteral("unknown");
}

} // namespace switchboard::core
