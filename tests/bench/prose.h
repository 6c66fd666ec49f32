#pragma once

#include <QByteArray>

namespace switchboard::bench {

// About `bytes` of words, as a conversation has them: words of one to `maxSyllables`
// syllables from a small set, so thousands of distinct words (what a full-text index's cost
// depends on), drawn the same way for the same seed.
inline QByteArray prose(quint32 seed, int bytes, int maxSyllables = 4)
{
    static const char *syllables[] = { "ka", "re", "to", "mi", "sun", "der", "al", "po", "ne", "vi", "lo", "tra", "es", "ur", "ba", "gi" };
    QByteArray text;
    text.reserve(bytes + 16);
    while (text.size() < bytes) {
        seed = seed * 1'664'525u + 1'013'904'223u;
        const int length = 1 + static_cast<int>((seed >> 28) % quint32(maxSyllables));
        for (int i = 0; i < length; ++i)
            text += syllables[(seed >> (4 * i)) % 16];
        text += ' ';
    }
    return text;
}

} // namespace switchboard::bench
