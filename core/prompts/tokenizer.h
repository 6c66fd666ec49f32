#pragma once

#include "model/error.h"
#include "prompts/ranktable.h"

#include <QRegularExpression>
#include <QString>
#include <QStringView>

#include <memory>
#include <vector>

namespace switchboard::core::prompts {

// OpenAI's byte-pair encoder ("o200k_base", "cl100k_base"), offline: the pieces the encoding's
// split pattern cuts the text into, each merged by rank as tiktoken does. Special tokens in
// the text are encoded as ordinary text, as a prompt's own "<|endoftext|>" would be.
// Immutable once loaded; one instance per encoding serves all threads.
class Tokenizer final
{
public:
    // Loaded from the resources shipped with the program, once per process (the first call
    // reads a few MB); later calls, from any thread, return the same instance.
    static Result<std::shared_ptr<const Tokenizer>> load(QStringView encoding);

    std::vector<int> encode(QStringView text) const;
    qint64 count(QStringView text) const;
    QString encoding() const { return m_encoding; }

private:
    Tokenizer(QString encoding, QRegularExpression split, RankTable ranks);
    Q_DISABLE_COPY_MOVE(Tokenizer)

    static Result<std::shared_ptr<const Tokenizer>> read(const QString &encoding);
    template<typename Sink>
    void forEachToken(QStringView text, Sink &&sink) const;

    QString m_encoding;
    QRegularExpression m_split;
    RankTable m_ranks;
};

} // namespace switchboard::core::prompts
