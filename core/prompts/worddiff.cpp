#include "worddiff.h"

#include <dtl/dtl.hpp>

#include <string>

namespace switchboard::core::prompts {

namespace {

enum class Class { Space, Word, Other };

Class classOf(QChar c)
{
    if (c.isSpace())
        return Class::Space;
    if (c.isLetterOrNumber() || c == u'_' || c.isMark())
        return Class::Word;
    return Class::Other;
}

void append(std::vector<DiffPiece> &pieces, DiffPiece::Kind kind, const QString &text)
{
    if (!pieces.empty() && pieces.back().kind == kind)
        pieces.back().text += text;
    else
        pieces.push_back({ kind, text });
}

std::vector<DiffPiece> side(const std::vector<DiffPiece> &pieces, DiffPiece::Kind changed)
{
    std::vector<DiffPiece> out;
    for (const DiffPiece &piece : pieces)
        if (piece.kind == DiffPiece::Same || piece.kind == changed)
            append(out, piece.kind, piece.text);
    return out;
}

} // namespace

std::vector<QString> diffTokens(const QString &text)
{
    std::vector<QString> tokens;
    qsizetype i = 0;
    while (i < text.size()) {
        // A Mustache tag is one unit: a renamed variable shows as one change.
        if (text.mid(i, 2) == QLatin1String("{{")) {
            const qsizetype close = text.indexOf(QLatin1String("}}"), i + 2);
            if (close >= 0) {
                qsizetype end = close + 2;
                if (end < text.size() && text.at(end) == u'}') // {{{x}}}
                    ++end;
                tokens.push_back(text.mid(i, end - i));
                i = end;
                continue;
            }
        }
        const Class kind = classOf(text.at(i));
        qsizetype end = i + 1;
        // Punctuation goes one character at a time; words and whitespace as runs. A surrogate
        // pair stays whole.
        if (text.at(i).isHighSurrogate() && end < text.size())
            ++end;
        else if (kind != Class::Other)
            while (end < text.size() && classOf(text.at(end)) == kind && text.mid(end, 2) != QLatin1String("{{"))
                ++end;
        tokens.push_back(text.mid(i, end - i));
        i = end;
    }
    return tokens;
}

std::vector<DiffPiece> diffWords(const QString &before, const QString &after)
{
    const std::vector<QString> a = diffTokens(before);
    const std::vector<QString> b = diffTokens(after);
    dtl::Diff<QString> diff(a, b);
    diff.compose();
    std::vector<DiffPiece> pieces;
    for (const auto &[token, info] : diff.getSes().getSequence()) {
        const DiffPiece::Kind kind = info.type == dtl::SES_ADD      ? DiffPiece::Added
                                     : info.type == dtl::SES_DELETE ? DiffPiece::Removed
                                                                    : DiffPiece::Same;
        append(pieces, kind, token);
    }
    return pieces;
}

std::vector<DiffPiece> leftSide(const std::vector<DiffPiece> &pieces)
{
    return side(pieces, DiffPiece::Removed);
}

std::vector<DiffPiece> rightSide(const std::vector<DiffPiece> &pieces)
{
    return side(pieces, DiffPiece::Added);
}

} // namespace switchboard::core::prompts
