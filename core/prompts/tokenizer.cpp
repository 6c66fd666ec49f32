#include "prompts/tokenizer.h"

#include <QFile>

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <algorithm>
#include <functional>
#include <string>

namespace switchboard::core::prompts {
namespace {

Result<QByteArray> readResource(const QString &name)
{
    QFile file(QStringLiteral(":/switchboard/tokenizers/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io,
                    QStringLiteral("The tokenizer file %1 is missing from this build; reinstall Switchboard.")
                        .arg(name));
    return file.readAll();
}

// UTF-8 of a UTF-16 piece, appended to out. Lone surrogates never reach here (see encode).
void appendUtf8(QStringView piece, std::string &out)
{
    const qsizetype size = piece.size();
    for (qsizetype i = 0; i < size; ++i) {
        char32_t c = piece[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < size && QChar::isLowSurrogate(piece[i + 1].unicode())) {
            c = QChar::surrogateToUcs4(static_cast<char16_t>(c), piece[i + 1].unicode());
            ++i;
        }
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xc0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xe0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
        } else {
            out.push_back(static_cast<char>(0xf0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
        }
    }
}

// tiktoken replaces unpaired surrogates with U+FFFD before encoding; so do we, and only
// copy the text when there is one (PCRE2 would refuse the subject otherwise).
QStringView withoutLoneSurrogates(QStringView text, QString &storage)
{
    const qsizetype size = text.size();
    qsizetype bad = -1;
    for (qsizetype i = 0; i < size && bad < 0; ++i) {
        const char16_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < size && QChar::isLowSurrogate(text[i + 1].unicode()))
            ++i;
        else if (QChar::isSurrogate(c))
            bad = i;
    }
    if (bad < 0)
        return text;
    storage = text.toString();
    for (qsizetype i = bad; i < size; ++i) {
        const char16_t c = storage[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < size && QChar::isLowSurrogate(storage[i + 1].unicode()))
            ++i;
        else if (QChar::isSurrogate(c))
            storage[i] = QChar::ReplacementCharacter;
    }
    return storage;
}

// One piece's merges, in tiktoken's order: always the adjacent pair of lowest rank, the
// leftmost among equals. A heap with lazy deletion keeps long pieces (a run of thousands
// of spaces or digits-free noise) at n log n instead of tiktoken's n squared.
class PieceMerger final
{
public:
    explicit PieceMerger(const RankTable &ranks) : m_ranks(ranks) { }
    Q_DISABLE_COPY_MOVE(PieceMerger)

    template<typename Sink>
    void merge(std::string_view piece, Sink &sink)
    {
        const auto n = static_cast<int>(piece.size());
        m_piece = piece;
        m_next.resize(static_cast<std::size_t>(n));
        m_prev.resize(static_cast<std::size_t>(n));
        m_pairRank.resize(static_cast<std::size_t>(n));
        m_heap.clear();
        for (int i = 0; i < n; ++i) {
            m_next[i] = i + 1; // n: the end
            m_prev[i] = i - 1;
        }
        for (int i = 0; i < n; ++i)
            updatePair(i);
        std::make_heap(m_heap.begin(), m_heap.end(), std::greater<> {});

        while (!m_heap.empty()) {
            std::pop_heap(m_heap.begin(), m_heap.end(), std::greater<> {});
            const auto [rank, start] = m_heap.back();
            m_heap.pop_back();
            // Stale: the start was merged away, or its pair changed since. Tokens are unique
            // byte strings, so an unchanged rank means an unchanged pair.
            if (m_prev[start] == kMerged || m_pairRank[start] != rank)
                continue;
            const int gone = m_next[start];
            m_next[start] = m_next[gone];
            if (m_next[gone] < n)
                m_prev[m_next[gone]] = start;
            m_prev[gone] = kMerged;
            pushPair(start);
            if (m_prev[start] >= 0)
                pushPair(m_prev[start]);
        }
        for (int i = 0; i < n; i = m_next[i])
            sink(m_ranks.rank(piece.substr(i, m_next[i] - i)));
    }

private:
    static constexpr int kMerged = -2;

    // The rank of the part at start joined with the one after it.
    void updatePair(int start)
    {
        const auto n = static_cast<int>(m_piece.size());
        const int next = m_next[start];
        m_pairRank[start] = next < n
            ? m_ranks.rank(m_piece.substr(start, m_next[next] - start))
            : RankTable::kAbsent;
        if (m_pairRank[start] != RankTable::kAbsent)
            m_heap.emplace_back(m_pairRank[start], start);
    }
    void pushPair(int start)
    {
        updatePair(start);
        if (m_pairRank[start] != RankTable::kAbsent)
            std::push_heap(m_heap.begin(), m_heap.end(), std::greater<> {});
    }

    const RankTable &m_ranks;
    std::string_view m_piece;
    std::vector<int> m_next;
    std::vector<int> m_prev;
    std::vector<int> m_pairRank;
    std::vector<std::pair<int, int>> m_heap; // (rank, start): lowest rank, then leftmost
};

} // namespace

Tokenizer::Tokenizer(QString encoding, QRegularExpression split, RankTable ranks)
    : m_encoding(std::move(encoding))
    , m_split(std::move(split))
    , m_ranks(std::move(ranks))
{
}

Result<std::shared_ptr<const Tokenizer>> Tokenizer::load(QStringView encoding)
{
    if (encoding != QLatin1String("o200k_base") && encoding != QLatin1String("cl100k_base"))
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("No tokenizer for the encoding \"%1\"; Switchboard ships o200k_base and cl100k_base.")
                        .arg(encoding));
    // Held while reading: a second caller waits for the first load instead of repeating it.
    static std::mutex mutex;
    static std::map<QString, std::shared_ptr<const Tokenizer>> loaded;
    const std::scoped_lock lock(mutex);
    const QString name = encoding.toString();
    if (const auto it = loaded.find(name); it != loaded.end())
        return it->second;
    auto tokenizer = read(name);
    if (tokenizer)
        loaded.emplace(name, *tokenizer);
    return tokenizer;
}

Result<std::shared_ptr<const Tokenizer>> Tokenizer::read(const QString &encoding)
{
    const auto meta = readResource(encoding + QLatin1String(".meta.json"));
    if (!meta)
        return std::unexpected(meta.error());
    const auto json = nlohmann::json::parse(meta->constBegin(), meta->constEnd(), nullptr, false);
    if (!json.is_object() || !json.contains("pat_str") || !json["pat_str"].is_string())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("The tokenizer description of %1 has no split pattern; reinstall Switchboard.")
                        .arg(encoding));
    // \s and the case-insensitive contractions must be Unicode-aware, as in tiktoken.
    QRegularExpression split(QString::fromStdString(json["pat_str"].get<std::string>()),
                             QRegularExpression::UseUnicodePropertiesOption);
    if (!split.isValid())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("The split pattern of %1 does not compile (%2); reinstall Switchboard.")
                        .arg(encoding, split.errorString()));
    // Compile now, not on the first match, so that encoding never writes to shared state.
    split.optimize();

    const auto ranks = readResource(encoding + QLatin1String(".tiktoken"));
    if (!ranks)
        return std::unexpected(ranks.error());
    auto table = RankTable::parse(*ranks, encoding + QLatin1String(".tiktoken"));
    if (!table)
        return std::unexpected(table.error());
    return std::shared_ptr<const Tokenizer>(new Tokenizer(encoding, std::move(split), std::move(*table)));
}

template<typename Sink>
void Tokenizer::forEachToken(QStringView text, Sink &&sink) const
{
    QString repaired;
    const QStringView subject = withoutLoneSurrogates(text, repaired);
    PieceMerger merger(m_ranks);
    std::string bytes;
    QRegularExpressionMatchIterator matches = m_split.globalMatch(subject);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        bytes.clear();
        appendUtf8(subject.sliced(match.capturedStart(), match.capturedLength()), bytes);
        if (const int whole = m_ranks.rank(bytes); whole != RankTable::kAbsent)
            sink(whole);
        else
            merger.merge(bytes, sink);
    }
}

std::vector<int> Tokenizer::encode(QStringView text) const
{
    std::vector<int> tokens;
    tokens.reserve(static_cast<std::size_t>(text.size() / 3));
    forEachToken(text, [&tokens](int token) { tokens.push_back(token); });
    return tokens;
}

qint64 Tokenizer::count(QStringView text) const
{
    qint64 tokens = 0;
    forEachToken(text, [&tokens](int) { ++tokens; });
    return tokens;
}

} // namespace switchboard::core::prompts
