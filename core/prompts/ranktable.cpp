#include "prompts/ranktable.h"

#include <QString>

#include <array>
#include <bit>
#include <cstring>

namespace switchboard::core::prompts {
namespace {

// FNV-1a with a final mix: tokens are short, and the low bits pick the slot.
std::size_t hashBytes(std::string_view bytes)
{
    std::uint64_t h = 14695981039346656037ull;
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
}

constexpr std::array<std::int8_t, 256> kBase64 = [] {
    std::array<std::int8_t, 256> table {};
    table.fill(-1);
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return table;
}();

// Appends the decoded bytes to out; false on anything but canonical padded base64.
bool appendBase64(std::string_view text, std::string &out)
{
    if (text.empty() || text.size() % 4 != 0)
        return false;
    std::size_t padding = 0;
    while (padding < 2 && text[text.size() - 1 - padding] == '=')
        ++padding;
    std::uint32_t bits = 0;
    int count = 0;
    for (std::size_t i = 0; i < text.size() - padding; ++i) {
        const int value = kBase64[static_cast<unsigned char>(text[i])];
        if (value < 0)
            return false;
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xff));
        }
    }
    return true;
}

} // namespace

Result<RankTable> RankTable::parse(QByteArrayView tiktoken, const QString &source)
{
    const auto malformed = [&source](qsizetype line, const char *what) {
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("The rank file %1 is malformed at line %2 (%3); reinstall Switchboard.")
                        .arg(source)
                        .arg(line)
                        .arg(QLatin1String(what)));
    };

    const std::string_view text(tiktoken.data(), static_cast<std::size_t>(tiktoken.size()));
    std::size_t lines = 0;
    for (const char c : text)
        lines += c == '\n';

    RankTable table;
    table.m_bytes.reserve(text.size() / 2);
    // At most half full, so that probes stay short.
    table.m_slots.resize(std::bit_ceil(std::max<std::size_t>(16, 2 * (lines + 1))));
    table.m_mask = table.m_slots.size() - 1;

    qsizetype lineNumber = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty())
            continue;

        const std::size_t space = line.find(' ');
        if (space == std::string_view::npos)
            return malformed(lineNumber, "no rank");
        const std::string_view digits = line.substr(space + 1);
        if (digits.empty() || digits.size() > 9)
            return malformed(lineNumber, "bad rank");
        int rank = 0;
        for (const char c : digits) {
            if (c < '0' || c > '9')
                return malformed(lineNumber, "bad rank");
            rank = rank * 10 + (c - '0');
        }

        const std::size_t offset = table.m_bytes.size();
        if (!appendBase64(line.substr(0, space), table.m_bytes))
            return malformed(lineNumber, "bad base64");
        const std::size_t length = table.m_bytes.size() - offset;
        if (length == 0 || table.m_bytes.size() > std::numeric_limits<std::uint32_t>::max())
            return malformed(lineNumber, "bad token");
        if (!table.insert(static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(length), rank))
            return malformed(lineNumber, "duplicate token");
    }
    if (table.m_count == 0)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("The rank file %1 is empty; reinstall Switchboard.").arg(source));
    return table;
}

bool RankTable::insert(std::uint32_t offset, std::uint32_t length, int rank)
{
    const std::string_view bytes(m_bytes.data() + offset, length);
    for (std::size_t i = hashBytes(bytes) & m_mask;; i = (i + 1) & m_mask) {
        Slot &slot = m_slots[i];
        if (slot.rank == kAbsent) {
            slot = { offset, length, rank };
            ++m_count;
            return true;
        }
        if (slot.length == length && std::memcmp(m_bytes.data() + slot.offset, bytes.data(), length) == 0)
            return false;
    }
}

int RankTable::rank(std::string_view bytes) const
{
    if (m_slots.empty())
        return kAbsent;
    for (std::size_t i = hashBytes(bytes) & m_mask;; i = (i + 1) & m_mask) {
        const Slot &slot = m_slots[i];
        if (slot.rank == kAbsent)
            return kAbsent;
        if (slot.length == bytes.size()
            && std::memcmp(m_bytes.data() + slot.offset, bytes.data(), bytes.size()) == 0)
            return slot.rank;
    }
}

} // namespace switchboard::core::prompts
