#pragma once

#include "prompts/worddiff.h"

#include <QString>

#include <vector>

namespace switchboard::ui {

// Word-diff pieces as rich text: removed words struck through on red, added ones on green.
QString diffPiecesHtml(const std::vector<core::prompts::DiffPiece> &pieces);

} // namespace switchboard::ui
