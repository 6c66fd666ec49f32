#include "prompts/promptspage.h"

namespace switchboard::ui {

PromptsPage::PromptsPage(QWidget *parent)
    : Page({ QStringLiteral("prompts"), tr("Prompts"),
            tr("Prompt templates as immutable numbered versions, with labels that promote and roll back."),
            QStringLiteral(":/switchboard/icons/pages/prompts.svg") },
           parent)
{
    clearWorkspace();
}

EmptyState::Content PromptsPage::emptyContent() const
{
    return { description().iconPath, tr("No prompts yet"),
             tr(
               "A prompt is a name with numbered versions that never change once saved. Labels such "
               "as <code>production</code> and <code>staging</code> point at versions; promoting or "
               "rolling back moves a label, asks for a reason, and is written to the audit "
               "log.<br><br>Prompts you create or import into this workspace are listed here, with "
               "their diffs and a playground to try a version before it ships."),
             {} };
}

} // namespace switchboard::ui
