#pragma once

#include "common/page.h"
#include "models/modelsnapshot.h"

class QLabel;
class QTabWidget;
class QTableView;

namespace switchboard::ui {

class CatalogueTableModel;
class MessageBanner;
class PinsPanel;
class ProviderTableModel;
class ProvidersPanel;
class RepinDialog;
class StoreClient;

// Models & Pins: the pins (aliases bound to a model on one provider) with their history and
// the repin that asks for a reason; the model catalogue with prices and context windows; the
// providers with where their keys come from and whether they are set, never the key itself.
// Pins to floating model names are warned about on the page and in the repin dialog.
class ModelsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelsPage)

public:
    enum Tab
    {
        PinsTab,
        CatalogueTab,
        ProvidersTab
    };

    explicit ModelsPage(QWidget *parent = nullptr);
    ~ModelsPage() override;

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

    // Reads everything again; refreshed() follows.
    void refresh();
    // The New Pin… and Repin… paths: a dialog, then repin() with its choice.
    void askForNewPin();
    void askToRepin(const QString &alias);
    // Binds the alias; refused (nothing written, repinRefused) without a reason.
    void repin(
        const QString &alias, const QString &provider, const QString &model, const QString &reason);

    // For tests.
    QTabWidget *tabs() const { return m_tabs; }
    PinsPanel *pins() const { return m_pins; }
    QTableView *catalogueTable() const { return m_catalogueTable; }
    ProvidersPanel *providers() const { return m_providers; }
    ProviderTableModel *providerModel() const;
    CatalogueTableModel *catalogueModel() const { return m_catalogueModel; }
    QLabel *floatingBanner() const { return m_floatingBanner; }
    QString statusText() const;

Q_SIGNALS:
    void refreshed();
    void historyLoaded(const QString &alias);
    void keyStatusesChecked();
    void pinChanged(const QString &alias, qint64 version);
    void repinRefused(const QString &message);

protected:
    EmptyState::Content emptyContent() const override;
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildContent();
    void showSnapshot(const ModelsSnapshot &snapshot);
    void updateDetails();
    void loadHistory(const QString &alias);
    void runDialog(RepinDialog &dialog);
    void updateFloatingBanner();
    void showStatus(const QString &text);
    void showError(const QString &text);

    void resetView();

    StoreClient *m_store;
    ModelsSnapshot m_snapshot;
    QLabel *m_floatingBanner;
    QLabel *m_status;
    MessageBanner *m_banner;
    QTabWidget *m_tabs;
    PinsPanel *m_pins;
    CatalogueTableModel *m_catalogueModel;
    QTableView *m_catalogueTable;
    QLabel *m_catalogueNote;
    ProvidersPanel *m_providers;
    QString m_pendingSelection; // the alias to select after the next read
};

} // namespace switchboard::ui
