#pragma once

#include <QString>

#include <vector>

namespace switchboard::core::prompts {

// One run of text in a word-level diff.
struct DiffPiece
{
    enum Kind { Same, Added, Removed };

    Kind kind = Same;
    QString text;

    friend bool operator==(const DiffPiece &, const DiffPiece &) = default;
};

// The word-level changes from `before` to `after`: words, runs of whitespace, punctuation and
// whole Mustache tags are the units, diffed with dtl; neighbouring pieces of one kind merge.
// The Same and Removed pieces spell `before`, the Same and Added pieces spell `after`.
std::vector<DiffPiece> diffWords(const QString &before, const QString &after);

// The pieces one side of a side-by-side view shows: Same and Removed (left) or Same and
// Added (right).
std::vector<DiffPiece> leftSide(const std::vector<DiffPiece> &pieces);
std::vector<DiffPiece> rightSide(const std::vector<DiffPiece> &pieces);

// The units diffWords compares, in order; they concatenate back to `text`.
std::vector<QString> diffTokens(const QString &text);

} // namespace switchboard::core::prompts
