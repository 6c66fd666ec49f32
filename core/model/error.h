#pragma once

#include <QString>

#include <expected>

namespace switchboard::core {

// What went wrong, as a closed set that callers can branch on. The message says what
// happened and what the user can do next; it is shown as it is.
enum class ErrorCode {
    InvalidArgument,
    NotFound,
    Conflict,
    NotAWorkspace,
    NewerSchema,
    StoreUnavailable,
    StoreCorrupt,
    StoreFailure,
    Unsupported,
    Io,
    ProviderError, // the provider answered with an error (in-band or by HTTP status)
    KeychainUnavailable, // no system keychain (Secret Service, Keychain, Credential Manager) to use
};

struct Error
{
    ErrorCode code = ErrorCode::InvalidArgument;
    QString message;

    friend bool operator==(const Error &, const Error &) = default;
};

QString nameOf(ErrorCode code);

template<typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, QString message)
{
    return std::unexpected<Error>(Error { code, std::move(message) });
}

} // namespace switchboard::core
