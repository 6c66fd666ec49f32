#include "common/diffhtml.h"

namespace switchboard::ui {

using core::prompts::DiffPiece;

QString diffPiecesHtml(const std::vector<DiffPiece> &pieces)
{
    QString html;
    for (const DiffPiece &piece : pieces) {
        const QString text = piece.text.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
        switch (piece.kind) {
        case DiffPiece::Same: html += text; break;
        case DiffPiece::Removed:
            html += QStringLiteral("<span style='background:#fbd6d6;color:#8a1010;text-decoration:line-through'>%1</span>").arg(text);
            break;
        case DiffPiece::Added: html += QStringLiteral("<span style='background:#cdeccd;color:#0f5a0f'>%1</span>").arg(text); break;
        }
    }
    return html;
}

} // namespace switchboard::ui
