#include "models/modelspage.h"

namespace switchboard::ui {

ModelsPage::ModelsPage(QWidget *parent)
    : Page({ QStringLiteral("models"), tr("Models & Pins"),
            tr("Providers, the model catalogue with prices, and aliases pinned to dated snapshots."),
            QStringLiteral(":/switchboard/icons/pages/models.svg") },
           parent)
{
    clearWorkspace();
}

EmptyState::Content ModelsPage::emptyContent() const
{
    return { description().iconPath, tr("No providers or pins yet"),
             tr(
               "Add a provider (OpenAI, Anthropic, Gemini, or any OpenAI-compatible server such as "
               "vLLM, llama.cpp or Ollama), then pin aliases such as <code>support-answer</code> to "
               "a dated model snapshot.<br><br>Applications call the alias, so a model upgrade is "
               "one audited repin, not a deploy. API keys stay in the system keychain or an "
               "environment variable."),
             {} };
}

} // namespace switchboard::ui
