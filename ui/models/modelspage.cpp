#include "models/modelspage.h"

#include "common/messagebanner.h"
#include "common/storeclient.h"
#include "model/localauthor.h"
#include "models/cataloguetablemodel.h"
#include "models/keystatus.h"
#include "models/pindetailsview.h"
#include "models/pinhistoryview.h"
#include "models/pinspanel.h"
#include "models/pintablemodel.h"
#include "models/providerspanel.h"
#include "models/providertablemodel.h"
#include "models/repindialog.h"
#include "common/tablestyle.h"
#include "store/pinrepository.h"
#include "store/workspace.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QShowEvent>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::Result;
using core::store::Connection;
using core::store::PinChange;

namespace {

QLabel *note(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QWidget *tablePage(QWidget *above, QTableView *table, QLabel *below)
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 8, 8, 8);
    if (above)
        layout->addWidget(above);
    layout->addWidget(table, 1);
    layout->addWidget(below);
    return page;
}

} // namespace

ModelsPage::ModelsPage(QWidget *parent)
    : Page({ QStringLiteral("models"), tr("Models & Pins"),
               tr("Providers, the model catalogue with prices, and aliases pinned to dated "
                  "snapshots."),
               QStringLiteral(":/switchboard/icons/pages/models.svg") },
        parent)
    , m_store(new StoreClient(this))
    , m_floatingBanner(new QLabel)
    , m_status(new QLabel)
    , m_banner(new MessageBanner)
    , m_tabs(new QTabWidget)
    , m_pins(new PinsPanel)
    , m_catalogueModel(new CatalogueTableModel(this))
    , m_catalogueTable(new QTableView)
    , m_catalogueNote(nullptr)
    , m_providers(new ProvidersPanel)
{
    setContentWidget(buildContent());
    connect(m_pins, &PinsPanel::pinSelected, this, [this](const QString &alias) {
        updateDetails();
        loadHistory(alias);
    });
    connect(providerModel(), &ProviderTableModel::dataChanged, this, &ModelsPage::updateDetails);
    connect(
        m_providers, &ProvidersPanel::keyStatusesChecked, this, &ModelsPage::keyStatusesChecked);
    connect(m_providers, &ProvidersPanel::keyStored, this, [this](const QString &provider) {
        showStatus(tr("The key of %1 is stored in the system keychain.").arg(provider));
    });
    connect(m_providers, &ProvidersPanel::keyNotStored, this, &ModelsPage::showError);
    connect(m_pins, &PinsPanel::newPinRequested, this, &ModelsPage::askForNewPin);
    connect(m_pins, &PinsPanel::repinRequested, this, &ModelsPage::askToRepin);
    clearWorkspace();
}

ModelsPage::~ModelsPage() = default;

ProviderTableModel *ModelsPage::providerModel() const
{
    return m_providers->model();
}

QWidget *ModelsPage::buildContent()
{
    m_floatingBanner->setObjectName(QStringLiteral("floating-banner"));
    m_floatingBanner->setWordWrap(true);
    m_floatingBanner->setTextFormat(Qt::RichText);
    m_floatingBanner->setStyleSheet(
        QStringLiteral("#floating-banner { background: rgba(217, 119, 6, 0.12); border: 1px "
                       "solid rgba(217, 119, 6, 0.6); border-radius: 6px; padding: 8px 12px; }"));
    m_floatingBanner->hide();
    m_status->setObjectName(QStringLiteral("models-status"));
    m_status->setWordWrap(true);
    m_status->hide();

    auto *catalogueProxy = new QSortFilterProxyModel(this);
    catalogueProxy->setSourceModel(m_catalogueModel);
    catalogueProxy->setFilterKeyColumn(-1);
    catalogueProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    catalogueProxy->setSortRole(CatalogueTableModel::SortRole);
    auto *filter = new QLineEdit;
    filter->setObjectName(QStringLiteral("catalogue-filter"));
    filter->setPlaceholderText(tr("Filter by provider or model…"));
    filter->setClearButtonEnabled(true);
    filter->setMaximumWidth(360);
    connect(filter, &QLineEdit::textChanged, catalogueProxy,
        &QSortFilterProxyModel::setFilterFixedString);
    m_catalogueTable->setObjectName(QStringLiteral("catalogue"));
    m_catalogueTable->setModel(catalogueProxy);
    m_catalogueTable->setSortingEnabled(true);
    m_catalogueTable->sortByColumn(
        -1, Qt::AscendingOrder); // the store's order: provider, then name
    styleTable(m_catalogueTable);
    m_catalogueNote = note(QString()); // its text depends on the catalogue: see showSnapshot()

    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_pins, tr("Pins"));
    m_tabs->addTab(tablePage(filter, m_catalogueTable, m_catalogueNote), tr("Catalogue"));
    m_tabs->addTab(m_providers, tr("Providers"));

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_floatingBanner);
    layout->addWidget(m_banner);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs, 1);
    return content;
}

void ModelsPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    m_store->setLocation(summary.location);
    // Nothing of the workspace before stays on screen while this one is read.
    resetView();
    // A workspace without providers has no pins either: say so at once.
    if (summary.providers == 0)
        Page::setWorkspace(summary);
    refresh();
}

void ModelsPage::clearWorkspace()
{
    m_store->setLocation(std::nullopt);
    resetView();
    Page::clearWorkspace();
}

void ModelsPage::resetView()
{
    m_snapshot = {};
    m_pendingSelection.clear();
    m_pins->setPins({});
    m_catalogueModel->setSnapshot({});
    m_providers->clear();
    m_status->clear();
    m_banner->hide();
    m_floatingBanner->hide();
}

EmptyState::Content ModelsPage::emptyContent() const
{
    return { description().iconPath, tr("No providers or pins yet"),
        tr("Add a provider (OpenAI, Anthropic, Gemini, or any OpenAI-compatible server such as "
           "vLLM, llama.cpp or "
           "Ollama), then pin aliases such as <code>support-answer</code> to a dated model "
           "snapshot:"
           "<br><br><code>switchboard-cli provider add NAME --kind openai</code>"
           "<br><code>switchboard-cli pins set ALIAS PROVIDER/MODEL --reason R</code>"
           "<br><br>Applications call the alias, so a model upgrade is one audited repin, not a "
           "deploy. API keys "
           "stay in the system keychain or an environment variable."),
        {} };
}

void ModelsPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    // Pins also change from the CLI and from other consoles: coming back to the page reads them
    // again.
    if (!event->spontaneous() && m_store->hasWorkspace())
        refresh();
}

void ModelsPage::refresh()
{
    m_store->submit<ModelsSnapshot>(
        [](Connection &connection) { return ModelsSnapshot::read(connection); }, this,
        [this](const Result<ModelsSnapshot> &snapshot) {
            if (!snapshot) {
                showEmptyState({ description().iconPath, tr("Models and pins could not be read"),
                    snapshot.error().message.toHtmlEscaped(), {} });
                Q_EMIT refreshed();
                return;
            }
            showSnapshot(*snapshot);
            Q_EMIT refreshed();
        });
}

void ModelsPage::showSnapshot(const ModelsSnapshot &snapshot)
{
    m_snapshot = snapshot;
    if (snapshot.providers.empty() && snapshot.pins.empty()) {
        resetView();
        showEmptyState(emptyContent());
        return;
    }
    m_providers->setSnapshot(snapshot);
    m_catalogueModel->setSnapshot(snapshot);
    fitColumns(m_catalogueTable, false);
    m_catalogueNote->setText(
        (snapshot.catalogue.empty()
                ? tr("<b>No models catalogued yet.</b> Pins can still name any model a provider "
                     "offers; the catalogue adds context windows and prices. ")
                : QString())
        + tr("Prices are US dollars per million tokens from the workspace's price table; cached is "
             "the price of input "
             "read from the provider's prompt cache. Change one with <code>switchboard-cli prices "
             "set</code>, or import "
             "a table with <code>switchboard-cli prices import FILE</code>."));
    m_pins->setPins(snapshot.pins, m_pendingSelection);
    m_pendingSelection.clear();
    m_tabs->setTabText(PinsTab, tr("Pins (%1)").arg(snapshot.pins.size()));
    m_tabs->setTabText(CatalogueTab, tr("Catalogue (%1)").arg(snapshot.catalogue.size()));
    m_tabs->setTabText(ProvidersTab, tr("Providers (%1)").arg(snapshot.providers.size()));
    updateFloatingBanner();
    showContent();
}

void ModelsPage::updateFloatingBanner()
{
    QStringList floating;
    for (const core::store::Pin &pin : m_snapshot.pins)
        if (pin.floating)
            floating.push_back(QStringLiteral("<b>%1</b> → %2/%3")
                                   .arg(pin.alias.toHtmlEscaped(), pin.provider.toHtmlEscaped(),
                                       pin.model.toHtmlEscaped()));
    m_floatingBanner->setVisible(!floating.isEmpty());
    const QString count
        = floating.size() == 1 ? tr("1 pin points") : tr("%1 pins point").arg(floating.size());
    m_floatingBanner->setText(
        tr("⚠ <b>%1 at a floating model name:</b> %2. The provider can change the model behind "
           "such a name without anyone repinning; repin to a dated snapshot.")
            .arg(count, floating.join(QStringLiteral(", "))));
}

void ModelsPage::updateDetails()
{
    const std::optional<core::store::Pin> pin = m_pins->currentPin();
    if (!pin) {
        m_pins->details()->clear();
        return;
    }
    const CatalogueEntry *entry = nullptr;
    for (const CatalogueEntry &candidate : m_snapshot.catalogue)
        if (candidate.model.provider == pin->provider && candidate.model.name == pin->model)
            entry = &candidate;
    const core::ProviderConfig *provider = nullptr;
    for (const core::ProviderConfig &candidate : m_snapshot.providers)
        if (candidate.name == pin->provider)
            provider = &candidate;
    m_pins->details()->setPin(*pin, entry, provider, providerModel()->keyStatus(pin->provider));
}

void ModelsPage::loadHistory(const QString &alias)
{
    if (alias.isEmpty())
        return;
    m_store->submit<std::vector<PinChange>>(
        [alias](Connection &connection) {
            return core::store::PinRepository(connection).history(alias);
        },
        this,
        [this, alias](const Result<std::vector<PinChange>> &changes) {
            if (m_pins->currentAlias() != alias)
                return; // another pin was selected meanwhile
            if (!changes) {
                m_pins->history()->clear(changes.error().message.toHtmlEscaped());
                return;
            }
            m_pins->history()->setHistory(alias, *changes);
            Q_EMIT historyLoaded(alias);
        });
}

void ModelsPage::askForNewPin()
{
    RepinDialog dialog(m_snapshot.providers, m_snapshot.catalogue, std::nullopt, this);
    runDialog(dialog);
}

void ModelsPage::askToRepin(const QString &alias)
{
    std::optional<core::store::Pin> current;
    for (const core::store::Pin &pin : m_snapshot.pins)
        if (pin.alias == alias)
            current = pin;
    if (!current)
        return;
    RepinDialog dialog(m_snapshot.providers, m_snapshot.catalogue, current, this);
    runDialog(dialog);
}

void ModelsPage::runDialog(RepinDialog &dialog)
{
    if (dialog.exec() != QDialog::Accepted)
        return;
    const RepinDialog::Choice choice = dialog.choice();
    repin(choice.alias, choice.provider, choice.model, choice.reason);
}

void ModelsPage::repin(
    const QString &alias, const QString &provider, const QString &model, const QString &reason)
{
    if (reason.trimmed().isEmpty()) {
        const QString message = tr(
            "Not repinned: say why %1 is (re)pinned; the reason goes to its history and the audit "
            "log.")
                                    .arg(alias);
        showError(message);
        Q_EMIT repinRefused(message);
        return;
    }
    const QString actor = core::localAuthor();
    m_store->submit<qint64>(
        [alias, provider, model, reason, actor](Connection &connection) {
            return core::store::PinRepository(connection)
                .set(alias, provider, model, reason.trimmed(), actor);
        },
        this,
        [this, alias, provider, model](const Result<qint64> &version) {
            if (!version) {
                showError(version.error().message);
                Q_EMIT repinRefused(version.error().message);
                return;
            }
            showStatus(tr("%1 now points at %2/%3 (version %4).")
                           .arg(alias, provider, model)
                           .arg(*version));
            m_pendingSelection = alias;
            refresh();
            Q_EMIT pinChanged(alias, *version);
        });
}

void ModelsPage::showStatus(const QString &text)
{
    m_banner->hide();
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void ModelsPage::showError(const QString &text)
{
    m_status->hide();
    m_banner->showError(text);
}

QString ModelsPage::statusText() const
{
    return !m_banner->isHidden() ? m_banner->text() : m_status->text();
}

} // namespace switchboard::ui
