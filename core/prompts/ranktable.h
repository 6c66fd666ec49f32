#pragma once

#include "model/error.h"

#include <QByteArrayView>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::core::prompts {

// A BPE vocabulary: byte string -> rank, read from a tiktoken rank file ("base64 rank" per
// line). Looked up for every candidate merge, so the bytes live in one arena and the index is
// open addressing over it: no allocation per token at load, none per lookup. A movable value,
// immutable once read, so any number of threads may look up at once.
class RankTable final
{
public:
    static constexpr int kAbsent = std::numeric_limits<int>::max();

    RankTable() = default;
    RankTable(RankTable &&) noexcept = default;
    RankTable &operator=(RankTable &&) noexcept = default;
    RankTable(const RankTable &) = delete;
    RankTable &operator=(const RankTable &) = delete;

    static Result<RankTable> parse(QByteArrayView tiktoken, const QString &source);

    // The rank of these bytes, or kAbsent.
    int rank(std::string_view bytes) const;
    qsizetype size() const { return m_count; }

private:
    struct Slot
    {
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
        int rank = kAbsent; // kAbsent: empty slot
    };

    bool insert(std::uint32_t offset, std::uint32_t length, int rank);

    std::string m_bytes;
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    qsizetype m_count = 0;
};

} // namespace switchboard::core::prompts
