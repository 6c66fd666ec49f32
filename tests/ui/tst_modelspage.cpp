// The Models & Pins page as an operator uses it: pins listed with a warning on floating model
// names, a repin through the page's dialog that needs a reason and leaves a version, a history
// row and an audit entry, and provider key status that says Set or Missing but never shows a
// key.
#include "demo/demorecipe.h"
#include "demo/demoworkspace.h"
#include "mainwindow/mainwindow.h"
#include "model/productinfo.h"
#include "models/cataloguetablemodel.h"
#include "models/modelspage.h"
#include "models/pinhistoryview.h"
#include "models/pinspanel.h"
#include "models/pintablemodel.h"
#include "models/providerspanel.h"
#include "models/providertablemodel.h"
#include "models/repindialog.h"
#include "providers/keychain.h"
#include "dialoganswer.h"
#include "pagetestsupport.h"
#include "resultcheck.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/modelrepository.h"
#include "store/pinrepository.h"
#include "store/providerrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <functional>

using namespace switchboard;
using core::store::Connection;

namespace {

// A key that must never appear anywhere on the page.
constexpr auto kSecret = "sk-test-switchboard-5f0c9a7e31d2";
constexpr auto kSetVariable = "SWITCHBOARD_TEST_MODELS_OPENAI_KEY";
constexpr auto kUnsetVariable = "SWITCHBOARD_TEST_MODELS_ANTHROPIC_KEY";

// Runs `act` on the next repin dialog once it is shown.
void onNextDialog(std::function<void(ui::RepinDialog &)> act)
{
    tests::onNextModal<ui::RepinDialog>([act = std::move(act)](ui::RepinDialog &dialog) {
        // A failed check returns early: the dialog must close all the same, or exec() never ends.
        const auto closeAnyway = qScopeGuard([&dialog] {
            if (dialog.isVisible())
                dialog.reject();
        });
        act(dialog);
    });
}

// Every text a table model gives, in every cell and header, shown or as a tooltip.
QStringList textsOf(const QAbstractItemModel &model)
{
    QStringList texts;
    for (int column = 0; column < model.columnCount(); ++column)
        texts << model.headerData(column, Qt::Horizontal).toString();
    for (int row = 0; row < model.rowCount(); ++row)
        for (int column = 0; column < model.columnCount(); ++column)
            for (int role : { int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::StatusTipRole),
                     int(Qt::WhatsThisRole) })
                texts << model.index(row, column).data(role).toString();
    return texts;
}

QString cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

} // namespace

class TestModelsPage final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    core::store::WorkspaceSummary m_summary;

    std::unique_ptr<ui::ModelsPage> openPage()
    {
        auto page = std::make_unique<ui::ModelsPage>();
        // Every model on the page keeps Qt's model contract through every reset and update.
        for (QAbstractItemModel *model : { static_cast<QAbstractItemModel *>(page->providerModel()),
                                           static_cast<QAbstractItemModel *>(page->catalogueModel()),
                                           page->catalogueTable()->model(),
                                           static_cast<QAbstractItemModel *>(page->pins()->model()) })
            new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest, page.get());
        page->resize(1400, 900);
        page->show();
        if (!QTest::qWaitForWindowExposed(page.get()))
            return nullptr;
        QSignalSpy refreshed(page.get(), &ui::ModelsPage::refreshed);
        QSignalSpy history(page.get(), &ui::ModelsPage::historyLoaded);
        page->setWorkspace(m_summary);
        if (!refreshed.wait(10'000) || (history.isEmpty() && !history.wait(10'000)))
            return nullptr;
        return page;
    }

    std::unique_ptr<Connection> openConnection()
    {
        auto connection = Connection::open(m_temp->location());
        return connection ? std::move(*connection) : nullptr;
    }

    int row(const QAbstractItemModel &model, int column, const QString &text)
    {
        for (int r = 0; r < model.rowCount(); ++r)
            if (cell(model, r, column) == text)
                return r;
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        tests::useOwnSettings("modelspage", QStringLiteral("lin"));
    }

    void init()
    {
        qputenv(kSetVariable, kSecret);
        qunsetenv(kUnsetVariable);
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(
            core::store::prepareWorkspace(m_temp->location(), Connection::Mode::CreateIfMissing));
        {
            auto connection = openConnection();
            QVERIFY(connection);
            auto recipe = core::demo::DemoRecipe::shipped();
            QVERIFY_OK(recipe);
            QVERIFY_OK(core::demo::seedDemoWorkspace(
                *connection, *recipe, QDateTime::currentMSecsSinceEpoch() - 7 * 24 * 3'600'000LL));
            // Beside the demo's simulated providers: real kinds with keys from the environment
            // (one set, one not) and the keychain, and a local server that needs no key.
            core::store::ProviderRepository providers(*connection);
            const auto add = [&](const char *name, core::ProviderKind kind, core::KeySource source,
                                 const char *variable, const char *url) {
                core::ProviderConfig provider;
                provider.name = QLatin1String(name);
                provider.kind = kind;
                provider.keySource = source;
                provider.keyEnvVar = QLatin1String(variable);
                provider.baseUrl = QLatin1String(url);
                return providers.add(provider);
            };
            QVERIFY_OK(add("openai", core::ProviderKind::OpenAi, core::KeySource::Environment,
                kSetVariable, ""));
            QVERIFY_OK(add("anthropic", core::ProviderKind::Anthropic, core::KeySource::Environment,
                kUnsetVariable, ""));
            QVERIFY_OK(add("switchboard-test-keychain", core::ProviderKind::OpenAi, core::KeySource::Keychain, "",
                "https://eu.api.openai.com/v1"));
            QVERIFY_OK(add("local-vllm", core::ProviderKind::OpenAiCompatible,
                core::KeySource::None, "", "http://127.0.0.1:8000/v1"));
            core::store::ModelRepository models(*connection);
            const auto model = [&](const char *provider, const char *name, const char *date,
                                   qint64 context, qint64 output) {
                return models.save({ 0, QLatin1String(provider), {}, QLatin1String(name),
                    QLatin1String(date), context, output, false });
            };
            QVERIFY_OK(model("openai", "gpt-4o", "", 128'000, 16'384));
            QVERIFY_OK(model("openai", "gpt-4o-2024-08-06", "2024-08-06", 128'000, 16'384));
            QVERIFY_OK(model("openai", "gpt-4o-mini-2024-07-18", "2024-07-18", 128'000, 16'384));
            QVERIFY_OK(
                model("anthropic", "claude-3-5-sonnet-20241022", "2024-10-22", 200'000, 8'192));
            QVERIFY_OK(model("local-vllm", "llama-3.1-8b-instruct", "", 0, 0));
            QVERIFY_OK(core::store::PinRepository(*connection)
                           .set(QStringLiteral("support-draft"), QStringLiteral("openai"),
                               QStringLiteral("gpt-4o"), QStringLiteral("trying the newest model"),
                               QStringLiteral("ada")));
        }
        auto summary = core::store::prepareWorkspace(m_temp->location());
        QVERIFY_OK(summary);
        m_summary = *summary;
    }

    void cleanup() { qunsetenv(kSetVariable); }

    void pinsAreListedWithAWarningOnFloatingNames()
    {
        auto page = openPage();
        QVERIFY(page);
        const ui::PinTableModel &pins = *page->pins()->model();
        QCOMPARE(pins.rowCount(), 4); // three from the demo, one floating
        const int floating
            = row(pins, ui::PinTableModel::AliasColumn, QStringLiteral("support-draft"));
        const int dated = row(pins, ui::PinTableModel::AliasColumn, QStringLiteral("chat-fast"));
        QVERIFY(floating >= 0 && dated >= 0);
        QCOMPARE(cell(pins, floating, ui::PinTableModel::SnapshotColumn),
            QStringLiteral("Floating name"));
        QVERIFY(!pins.index(floating, ui::PinTableModel::SnapshotColumn)
                     .data(Qt::DecorationRole)
                     .value<QIcon>()
                     .isNull());
        QVERIFY(cell(pins, floating, ui::PinTableModel::ModelColumn, Qt::ToolTipRole)
                    .contains(QLatin1String("dated snapshot")));
        QCOMPARE(
            cell(pins, dated, ui::PinTableModel::SnapshotColumn), QStringLiteral("Dated snapshot"));
        QCOMPARE(cell(pins, dated, ui::PinTableModel::VersionColumn), QStringLiteral("v1"));

        // The banner counts them and names them, on every tab.
        QVERIFY(page->floatingBanner()->isVisible());
        const QString banner = page->floatingBanner()->text();
        QVERIFY2(banner.contains(QLatin1String("1 pin points at a floating"))
                && banner.contains(QLatin1String("support-draft")),
            qPrintable(banner));
        QCOMPARE(page->tabs()->tabText(ui::ModelsPage::PinsTab), QStringLiteral("Pins (4)"));

        // The first pin is selected, and its history shows beside the table.
        QVERIFY(!page->pins()->history()->alias().isEmpty());
        QVERIFY(page->pins()->history()->changes()->topLevelItemCount() >= 1);
        page->pins()->selectPin(QStringLiteral("support-draft"));
        QTRY_COMPARE(page->pins()->history()->alias(), QStringLiteral("support-draft"));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/models-pins.png")));

        // The catalogue: limits and prices, floating names marked, no price said plainly.
        page->tabs()->setCurrentIndex(ui::ModelsPage::CatalogueTab);
        const ui::CatalogueTableModel &catalogue = *page->catalogueModel();
        QCOMPARE(catalogue.rowCount(), 5 + 5); // the demo's five and ours
        const int snapshot = row(
            catalogue, ui::CatalogueTableModel::ModelColumn, QStringLiteral("gpt-4o-2024-08-06"));
        QVERIFY(snapshot >= 0);
        QCOMPARE(cell(catalogue, snapshot, ui::CatalogueTableModel::ContextColumn),
            QLocale().toString(128'000));
        QVERIFY(
            cell(catalogue, snapshot, ui::CatalogueTableModel::InputPriceColumn).startsWith(u'$'));
        QVERIFY(
            cell(catalogue, snapshot, ui::CatalogueTableModel::OutputPriceColumn).startsWith(u'$'));
        const int local = row(catalogue, ui::CatalogueTableModel::ModelColumn,
            QStringLiteral("llama-3.1-8b-instruct"));
        QCOMPARE(cell(catalogue, local, ui::CatalogueTableModel::InputPriceColumn),
            QStringLiteral("no price"));
        QCOMPARE(cell(catalogue, local, ui::CatalogueTableModel::SnapshotColumn),
            QStringLiteral("Floating name"));
        QCOMPARE(cell(catalogue, local, ui::CatalogueTableModel::ContextColumn),
            QStringLiteral("unknown"));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/models-catalogue.png")));
    }

    void catalogueSortsNumbersAsNumbers()
    {
        auto page = openPage();
        QVERIFY(page);
        QAbstractItemModel *sorted = page->catalogueTable()->model();
        for (const int column : { int(ui::CatalogueTableModel::InputPriceColumn), int(ui::CatalogueTableModel::ContextColumn) }) {
            sorted->sort(column, Qt::AscendingOrder);
            QVERIFY(sorted->rowCount() > 3);
            qint64 previous = -1;
            for (int row = 0; row < sorted->rowCount(); ++row) {
                // "$10.00" after "$2.50", and no price after every price.
                const qint64 value = sorted->index(row, column).data(ui::CatalogueTableModel::SortRole).toLongLong();
                QVERIFY2(value >= previous, qPrintable(sorted->index(row, column).data().toString()));
                previous = value;
            }
        }
    }

    void repinThroughTheDialogIsVersionedAndAudited()
    {
        auto page = openPage();
        QVERIFY(page);
        page->pins()->selectPin(QStringLiteral("chat-fast"));
        QTRY_COMPARE(page->pins()->history()->alias(), QStringLiteral("chat-fast"));

        bool checked = false;
        onNextDialog([&](ui::RepinDialog &dialog) {
            // Where the pin points already: nothing to do yet, and no reason.
            QVERIFY(!dialog.okButton()->isEnabled());
            QVERIFY(dialog.aliasEdit()->isReadOnly());
            // A floating target is warned about in the dialog.
            dialog.providerBox()->setCurrentText(QStringLiteral("openai"));
            dialog.modelBox()->setCurrentText(QStringLiteral("gpt-4o"));
            QVERIFY(dialog.floatingWarning()->isVisibleTo(&dialog));
            QVERIFY(
                dialog.grab().save(tests::screenshotDir() + QLatin1String("/models-repin-floating.png")));
            dialog.providerBox()->setCurrentText(QStringLiteral("sim-backup"));
            dialog.modelBox()->setCurrentText(QStringLiteral("sim-large-2025-06-01"));
            QVERIFY(!dialog.floatingWarning()->isVisibleTo(&dialog));
            QVERIFY(!dialog.okButton()->isEnabled()); // still no reason
            QTest::keyClicks(
                dialog.reasonEdit(), QStringLiteral("Large model passed the support evals"));
            QVERIFY(dialog.okButton()->isEnabled());
            QVERIFY(
                dialog.grab().save(tests::screenshotDir() + QLatin1String("/models-repin-dialog.png")));
            checked = true;
            QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        });
        QSignalSpy changed(page.get(), &ui::ModelsPage::pinChanged);
        QTest::mouseClick(page->pins()->repinButton(), Qt::LeftButton);
        QVERIFY(checked);
        QVERIFY(changed.wait(10'000));
        QCOMPARE(changed.front().at(0).toString(), QStringLiteral("chat-fast"));
        QCOMPARE(changed.front().at(1).toLongLong(), 2);

        auto connection = openConnection();
        QVERIFY(connection);
        auto pin = core::store::PinRepository(*connection).find(QStringLiteral("chat-fast"));
        QVERIFY_OK(pin);
        QCOMPARE(pin->provider, QStringLiteral("sim-backup"));
        QCOMPARE(pin->model, QStringLiteral("sim-large-2025-06-01"));
        QCOMPARE(pin->version, 2);
        QCOMPARE(pin->updatedBy, QStringLiteral("lin"));
        auto audit = core::store::AuditLogRepository(*connection)
                         .list(QStringLiteral("pin"), QStringLiteral("chat-fast"));
        QVERIFY_OK(audit);
        QCOMPARE(audit->front().action, QStringLiteral("pin.change"));
        QCOMPARE(audit->front().reason, QStringLiteral("Large model passed the support evals"));
        QCOMPARE(audit->front().actor, QStringLiteral("lin"));

        // The page reads again: the table shows v2, the history the new binding on top.
        const ui::PinTableModel &pins = *page->pins()->model();
        QTRY_COMPARE(
            cell(pins, pins.rowOf(QStringLiteral("chat-fast")), ui::PinTableModel::VersionColumn),
            QStringLiteral("v2"));
        QCOMPARE(page->pins()->currentAlias(), QStringLiteral("chat-fast"));
        QTreeWidget *changes = page->pins()->history()->changes();
        QTRY_COMPARE(changes->topLevelItemCount(), 2);
        QCOMPARE(changes->topLevelItem(0)->text(0), QStringLiteral("v2"));
        QCOMPARE(
            changes->topLevelItem(0)->text(1), QStringLiteral("sim-backup / sim-large-2025-06-01"));
        QCOMPARE(changes->topLevelItem(0)->text(2),
            QStringLiteral("Large model passed the support evals"));
        QCOMPARE(changes->topLevelItem(0)->text(3), QStringLiteral("lin"));
        QCOMPARE(changes->topLevelItem(1)->text(0), QStringLiteral("v1"));
        QVERIFY(page->statusText().contains(QLatin1String("version 2")));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/models-history.png")));
    }

    void aNewPinUsesTheSameDialog()
    {
        auto page = openPage();
        QVERIFY(page);
        bool checked = false;
        onNextDialog([&](ui::RepinDialog &dialog) {
            QVERIFY(!dialog.aliasEdit()->isReadOnly());
            QVERIFY(!dialog.okButton()->isEnabled());
            QTest::keyClicks(dialog.aliasEdit(), QStringLiteral("billing-summary"));
            dialog.providerBox()->setCurrentText(QStringLiteral("openai"));
            dialog.modelBox()->setCurrentText(QStringLiteral("gpt-4o-mini-2024-07-18"));
            QVERIFY(!dialog.okButton()->isEnabled()); // no reason yet
            QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("Summaries for the billing team"));
            QVERIFY(dialog.okButton()->isEnabled());
            QVERIFY(dialog.grab().save(tests::screenshotDir() + QLatin1String("/models-new-pin.png")));
            checked = true;
            QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        });
        QSignalSpy changed(page.get(), &ui::ModelsPage::pinChanged);
        QTest::mouseClick(page->pins()->newPinButton(), Qt::LeftButton);
        QVERIFY(checked);
        QVERIFY(changed.wait(10'000));
        QCOMPARE(changed.front().at(1).toLongLong(), 1);
        QTRY_COMPARE(page->pins()->model()->rowCount(), 5);
        QTRY_COMPARE(page->pins()->currentAlias(), QStringLiteral("billing-summary"));
        QTRY_COMPARE(page->pins()->history()->alias(), QStringLiteral("billing-summary"));
        QCOMPARE(page->pins()->history()->changes()->topLevelItemCount(), 1);
    }

    void aRepinWithoutAReasonIsRefused()
    {
        auto page = openPage();
        QVERIFY(page);
        page->pins()->selectPin(QStringLiteral("chat-smart"));
        QTRY_COMPARE(page->pins()->history()->alias(), QStringLiteral("chat-smart"));

        bool checked = false;
        onNextDialog([&](ui::RepinDialog &dialog) {
            dialog.providerBox()->setCurrentText(QStringLiteral("sim-backup"));
            dialog.modelBox()->setCurrentText(QStringLiteral("sim-small-2025-01-15"));
            QVERIFY(!dialog.okButton()->isEnabled());
            QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("   "));
            QVERIFY(!dialog.okButton()->isEnabled()); // blanks are no reason
            checked = true;
            dialog.reject();
        });
        QSignalSpy changed(page.get(), &ui::ModelsPage::pinChanged);
        QTest::mouseClick(page->pins()->repinButton(), Qt::LeftButton);
        QVERIFY(checked);

        // The page's own path refuses too, before anything reaches the store.
        QSignalSpy refused(page.get(), &ui::ModelsPage::repinRefused);
        page->repin(QStringLiteral("chat-smart"), QStringLiteral("sim-backup"),
            QStringLiteral("sim-small-2025-01-15"), QStringLiteral("  "));
        QCOMPARE(refused.size(), 1);
        QVERIFY(page->statusText().contains(QLatin1String("reason")));
        QCOMPARE(changed.size(), 0);

        auto connection = openConnection();
        QVERIFY(connection);
        auto pin = core::store::PinRepository(*connection).find(QStringLiteral("chat-smart"));
        QVERIFY_OK(pin);
        QCOMPARE(pin->version, 1);
        QCOMPARE(pin->provider, QStringLiteral("sim-primary"));
        auto history
            = core::store::PinRepository(*connection).history(QStringLiteral("chat-smart"));
        QVERIFY_OK(history);
        QCOMPARE(history->size(), 1u);
        auto audit = core::store::AuditLogRepository(*connection)
                         .list(QStringLiteral("pin"), QStringLiteral("chat-smart"));
        QVERIFY_OK(audit);
        QCOMPARE(audit->size(), 1u); // the demo's own pin
    }

    void keyStatusSaysSetOrMissingAndNeverShowsTheKey()
    {
        auto page = openPage();
        QVERIFY(page);
        QSignalSpy keys(page.get(), &ui::ModelsPage::keyStatusesChecked);
        page->refresh();
        QVERIFY(keys.wait(30'000));
        const ui::ProviderTableModel &providers = *page->providerModel();
        const auto status = [&](const char *name) {
            return cell(providers,
                row(providers, ui::ProviderTableModel::NameColumn, QLatin1String(name)),
                ui::ProviderTableModel::KeyStatusColumn);
        };
        QCOMPARE(status("openai"), QStringLiteral("Set"));
        QCOMPARE(status("anthropic"), QStringLiteral("Missing"));
        QCOMPARE(status("sim-primary"), QStringLiteral("Not needed"));
        QCOMPARE(status("local-vllm"), QStringLiteral("Not needed"));
        // The keychain answered one way or another (on CI: there is none).
        const QStringList answered { QStringLiteral("Set"), QStringLiteral("Missing"),
            QStringLiteral("Keychain unavailable"), QStringLiteral("Keychain error") };
        QVERIFY2(answered.contains(status("switchboard-test-keychain")), qPrintable(status("switchboard-test-keychain")));

        page->tabs()->setCurrentIndex(ui::ModelsPage::ProvidersTab);
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/models-providers.png")));

        // Nowhere on the page: not in a cell, a tooltip, a label or the history.
        const QString secret = QLatin1String(kSecret);
        for (const QAbstractItemModel *model :
            { static_cast<const QAbstractItemModel *>(page->providerModel()),
                static_cast<const QAbstractItemModel *>(page->catalogueModel()),
                static_cast<const QAbstractItemModel *>(page->pins()->model()) })
            for (const QString &text : textsOf(*model))
                QVERIFY2(!text.contains(secret), qPrintable(text));
        for (const QLabel *label : page->findChildren<QLabel *>())
            QVERIFY(!label->text().contains(secret) && !label->toolTip().contains(secret));
        for (const QWidget *widget : page->findChildren<QWidget *>())
            QVERIFY(!widget->toolTip().contains(secret));

        // Unset, the same provider's key is missing at the next read.
        qunsetenv(kSetVariable);
        QSignalSpy refreshed(page.get(), &ui::ModelsPage::refreshed);
        page->refresh();
        QVERIFY(refreshed.wait(10'000));
        QCOMPARE(status("openai"), QStringLiteral("Missing"));
    }

    void settingAKeychainKeyNeverShowsIt()
    {
        auto page = openPage();
        QVERIFY(page);
        page->tabs()->setCurrentIndex(ui::ModelsPage::ProvidersTab);
        ui::ProvidersPanel *providers = page->providers();
        const ui::ProviderTableModel &model = *page->providerModel();
        // Only a keychain provider's key can be set here.
        providers->table()->selectRow(
            row(model, ui::ProviderTableModel::NameColumn, QStringLiteral("openai")));
        QVERIFY(!providers->setKeyButton()->isEnabled());
        providers->table()->selectRow(
            row(model, ui::ProviderTableModel::NameColumn, QStringLiteral("switchboard-test-keychain")));
        QVERIFY(providers->setKeyButton()->isEnabled());

        const QString secret = QStringLiteral("sk-test-keychain-b81d44c09e7a");
        QSignalSpy stored(providers, &ui::ProvidersPanel::keyStored);
        QSignalSpy refused(providers, &ui::ProvidersPanel::keyNotStored);
        tests::answerNextDialog(secret);
        QTest::mouseClick(providers->setKeyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(stored.size() + refused.size() == 1, 30'000);
        // Stored, or (without a keychain, as on CI) refused with a message that says what to do.
        if (!stored.isEmpty()) {
            QCOMPARE(stored.front().at(0).toString(), QStringLiteral("switchboard-test-keychain"));
            QVERIFY_OK(core::providers::deleteKeychainKey(QStringLiteral("switchboard-test-keychain")));
        } else {
            QVERIFY2(page->statusText().contains(QLatin1String("keychain"), Qt::CaseInsensitive),
                qPrintable(page->statusText()));
        }
        QVERIFY(!page->statusText().contains(secret));
        for (const QString &text : textsOf(model))
            QVERIFY2(!text.contains(secret), qPrintable(text));
        for (const QLabel *label : page->findChildren<QLabel *>())
            QVERIFY(!label->text().contains(secret) && !label->toolTip().contains(secret));
        for (const QLineEdit *edit : page->findChildren<QLineEdit *>())
            QVERIFY(!edit->text().contains(secret));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/models-set-key.png")));
    }

    void fitsTheConsoleWindow()
    {
        ui::MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *page = window.findChild<ui::ModelsPage *>();
        QVERIFY(page);
        QSignalSpy opened(&window, &ui::MainWindow::workspaceOpened);
        QSignalSpy refreshed(page, &ui::ModelsPage::refreshed);
        window.openWorkspace(m_temp->location(), Connection::Mode::OpenExisting);
        QVERIFY(opened.wait(10'000));
        QVERIFY(refreshed.wait(10'000));
        QVERIFY(window.showPage(QStringLiteral("models")));
        QCOMPARE(page->pins()->model()->rowCount(), 4);
        // Every tab fits the console's smallest window.
        for (int tab = 0; tab < page->tabs()->count(); ++tab) {
            page->tabs()->setCurrentIndex(tab);
            QVERIFY2(page->minimumSizeHint().width() <= 900,
                qPrintable(QString::number(page->minimumSizeHint().width())));
        }
        page->tabs()->setCurrentIndex(ui::ModelsPage::PinsTab);
        QTRY_VERIFY(!page->pins()->history()->alias().isEmpty());
        QVERIFY(window.grab().save(tests::screenshotDir() + QLatin1String("/models-window.png")));

        // A repin made elsewhere (the CLI, another console) shows once the page is shown again.
        {
            auto connection = openConnection();
            QVERIFY(connection);
            QVERIFY_OK(core::store::PinRepository(*connection)
                           .set(QStringLiteral("support-draft"), QStringLiteral("openai"),
                               QStringLiteral("gpt-4o-2024-08-06"),
                               QStringLiteral("pin the snapshot"), QStringLiteral("ada")));
        }
        QVERIFY(window.showPage(QStringLiteral("overview")));
        QVERIFY(window.showPage(QStringLiteral("models")));
        const ui::PinTableModel &pins = *page->pins()->model();
        QTRY_COMPARE(cell(pins, pins.rowOf(QStringLiteral("support-draft")),
                         ui::PinTableModel::VersionColumn),
            QStringLiteral("v2"));
        QVERIFY(page->floatingBanner()->isHidden());
    }

    void anEmptyWorkspaceSaysWhatToDo()
    {
        tests::TemporaryWorkspace empty;
        auto summary
            = core::store::prepareWorkspace(empty.location(), Connection::Mode::CreateIfMissing);
        QVERIFY_OK(summary);
        ui::ModelsPage page;
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy refreshed(&page, &ui::ModelsPage::refreshed);
        page.setWorkspace(*summary);
        QVERIFY(refreshed.wait(10'000));
        const auto *body = page.findChild<QLabel *>(QStringLiteral("emptyStateBody"));
        QVERIFY(body && body->isVisible());
        QVERIFY(body->text().contains(QLatin1String("switchboard-cli provider add")));
        QVERIFY(body->text().contains(QLatin1String("switchboard-cli pins set")));
        QVERIFY(page.grab().save(tests::screenshotDir() + QLatin1String("/models-empty.png")));
    }
};

QTEST_MAIN(TestModelsPage)
#include "tst_modelspage.moc"
