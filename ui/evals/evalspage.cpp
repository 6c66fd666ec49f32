#include "evals/evalspage.h"

namespace switchboard::ui {

EvalsPage::EvalsPage(QWidget *parent)
    : Page({ QStringLiteral("evals"), tr("Evals"),
            tr("Datasets, assertions and runs: evidence before a prompt or model change ships."),
            QStringLiteral(":/switchboard/icons/pages/evals.svg") },
           parent)
{
    clearWorkspace();
}

EmptyState::Content EvalsPage::emptyContent() const
{
    return { description().iconPath, tr("No datasets or eval runs yet"),
             tr(
               "A dataset holds inputs with assertions (contains, regex, JSON schema, latency, cost, "
               "a model-graded rubric). A run scores one prompt version and model over a dataset; "
               "two runs compare side by side, regressions first.<br><br>Datasets are built from "
               "logged calls or imported from JSONL, CSV or promptfoo files."),
             {} };
}

} // namespace switchboard::ui
