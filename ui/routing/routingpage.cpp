#include "routing/routingpage.h"

#include "common/messagebanner.h"
#include "common/storeclient.h"
#include "common/treewidgets.h"
#include "model/localauthor.h"
#include "routing/explainview.h"
#include "routing/ruleseteditor.h"
#include "routing/rulesetversionlist.h"
#include "routing/whatifview.h"
#include "store/gatewaykeyrepository.h"
#include "store/pinrepository.h"
#include "store/rulesetrepository.h"
#include "store/workspace.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShowEvent>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::Result;
using core::routing::RuleSet;
using core::store::Connection;
using core::store::RuleSetRepository;
using core::store::StoredRuleSet;

// What the page shows, read in one go on a worker thread.
struct RoutingPage::State
{
    std::vector<StoredRuleSet> versions;
    QStringList knownTargets;
    QStringList aliases;
    QHash<QString, QString> tenantByKey;
};

namespace {

enum Tab { RulesTab, ExplainTab, WhatIfTab };

} // namespace

RoutingPage::RoutingPage(QWidget *parent)
    : Page({ QStringLiteral("routing"), tr("Routing"),
             tr("Ordered, versioned rules that decide where each call goes, checked before they go live."),
             QStringLiteral(":/switchboard/icons/pages/routing.svg") },
           parent),
      m_store(new StoreClient(this)), m_live(new QLabel), m_status(new QLabel), m_banner(new MessageBanner),
      m_tabs(new QTabWidget), m_versions(new RuleSetVersionList), m_editor(new RuleSetEditor),
      m_save(new QPushButton(tr("Save as Draft…"))), m_editorBase(new QLabel), m_explain(new ExplainView),
      m_whatIf(new WhatIfView(m_store, [this] { return m_editor->validRules(); }))
{
    QFont liveFont = m_live->font();
    liveFont.setPointSizeF(liveFont.pointSizeF() * 1.15);
    m_live->setFont(liveFont);
    m_live->setObjectName(QStringLiteral("routing-live"));
    m_live->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("routing-status"));
    m_status->setWordWrap(true);
    m_banner->hide();

    m_tabs->addTab(buildEditorTab(), tr("Rules"));
    m_tabs->addTab(m_explain, tr("Explain"));
    m_tabs->addTab(m_whatIf, tr("What-If"));

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_versions);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({ 380, 1020 });
    split->setChildrenCollapsible(false);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_live);
    layout->addWidget(m_status);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);
    setContentWidget(content);

    connect(m_versions, &RuleSetVersionList::openRequested, this, &RoutingPage::openVersion);
    connect(m_versions, &RuleSetVersionList::activateRequested, this, &RoutingPage::activate);
    connect(m_editor, &RuleSetEditor::changed, this, [this] {
        m_save->setEnabled(m_editor->validRules().has_value() && m_editor->isModified());
        m_editorBase->setText(m_editor->baseVersion() > 0
                                  ? (m_editor->isModified() ? tr("Edited, from v%1: unsaved").arg(m_editor->baseVersion())
                                                            : tr("Showing v%1").arg(m_editor->baseVersion()))
                                  : tr("A new rule set: unsaved"));
        updateExplainRules();
    });
    connect(emptyState(), &EmptyState::actionTriggered, this, &RoutingPage::startFirstRuleSet);
    clearWorkspace();
}

RoutingPage::~RoutingPage() = default;

QWidget *RoutingPage::buildEditorTab()
{
    m_save->setObjectName(QStringLiteral("save-draft"));
    m_save->setToolTip(tr("Save the editor's rules as a new numbered draft; activate it from the version list"));
    connect(m_save, &QPushButton::clicked, this, &RoutingPage::askToSave);
    m_editorBase->setObjectName(QStringLiteral("editor-base"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_editorBase, 1);
    buttons->addWidget(m_save);
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_editor, 1);
    return tab;
}

void RoutingPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    m_store->setLocation(summary.location);
    m_activeRules.reset();
    m_activeVersion.reset();
    m_whatIf->clear();
    refresh(std::nullopt, true);
}

void RoutingPage::clearWorkspace()
{
    m_store->setLocation(std::nullopt);
    m_activeRules.reset();
    m_activeVersion.reset();
    m_versions->setVersions({});
    m_editor->load({}, 0);
    m_whatIf->clear();
    m_status->clear();
    m_banner->hide();
    Page::clearWorkspace();
}

EmptyState::Content RoutingPage::emptyContent() const
{
    return { description().iconPath, tr("No routing rules yet"),
             tr("A rule set is an ordered list of rules. Each matches on caller attributes (gateway key, tenant, "
                "feature, user tier, prompt, estimated input tokens, tags, model asked for) and yields a plan: "
                "target alias, canary split, fallback chain, shadow target, timeout, output cap and cache."
                "<br><br>Until a rule set is active, every call goes to the alias it names. Write one here, or "
                "save a file with <code>switchboard-cli rules save</code>."),
             tr("Write the First Rule Set…") };
}

void RoutingPage::refresh(std::optional<qint64> select, bool loadEditor)
{
    m_store->submit<State>(
        [](Connection &connection) -> Result<State> {
            State state;
            RuleSetRepository rules(connection);
            auto versions = rules.list();
            if (!versions)
                return std::unexpected(versions.error());
            state.versions = std::move(*versions);
            auto known = rules.knownTargets();
            if (!known)
                return std::unexpected(known.error());
            state.knownTargets = std::move(*known);
            auto pins = core::store::PinRepository(connection).list();
            if (!pins)
                return std::unexpected(pins.error());
            for (const auto &pin : *pins)
                state.aliases << pin.alias;
            auto keys = core::store::GatewayKeyRepository(connection).list();
            if (!keys)
                return std::unexpected(keys.error());
            for (const auto &key : *keys)
                if (!key.revokedMs)
                    state.tenantByKey.insert(key.name, key.tenant);
            return state;
        },
        this,
        [this, select, loadEditor](const Result<State> &state) {
            if (!state) {
                showEmptyState({ description().iconPath, tr("The routing rules could not be read"),
                                 state.error().message.toHtmlEscaped(), {} });
                return;
            }
            showState(*state, select, loadEditor);
        });
}

void RoutingPage::showState(const State &state, std::optional<qint64> select, bool loadEditor)
{
    m_aliases = state.aliases;
    m_versions->setVersions(state.versions);
    m_editor->setKnownTargets(state.knownTargets);
    m_explain->setCallers(state.tenantByKey, state.aliases);
    m_activeRules.reset();
    m_activeVersion.reset();
    for (const StoredRuleSet &stored : state.versions) {
        if (stored.status == StoredRuleSet::Status::Active) {
            m_activeRules = stored.rules;
            m_activeVersion = stored.version;
            m_live->setText(tr("<b>Live: v%1</b> — %2 rules, activated %3. The gateway picks up a change within a second.")
                                .arg(stored.version)
                                .arg(stored.rules.rules.size())
                                .arg(shortTime(stored.activatedMs.value_or(stored.createdMs))));
        }
    }
    if (!m_activeVersion)
        m_live->setText(state.versions.empty()
                            ? tr("<b>No rule set yet.</b> Every call goes to the alias it names.")
                            : tr("<b>No rule set is live.</b> Every call goes to the alias it names; activate a version to "
                                 "change that."));
    if (state.versions.empty() && !m_editor->isModified() && m_editor->baseVersion() == 0
        && m_editor->validRules().value_or(RuleSet {}).rules.empty()) {
        showEmptyState(emptyContent());
    } else {
        showContent();
    }
    if (select)
        m_versions->select(*select);
    if (loadEditor && !state.versions.empty()) {
        const StoredRuleSet &shown = m_activeVersion ? *std::find_if(state.versions.begin(), state.versions.end(),
                                                                     [this](const StoredRuleSet &s) { return s.version == *m_activeVersion; })
                                                     : state.versions.front();
        m_editor->load(shown.rules, shown.version);
        m_versions->select(shown.version);
    }
    updateExplainRules();
    Q_EMIT loaded();
}

void RoutingPage::startFirstRuleSet()
{
    // One rule per alias, each sending its calls where they already go: a safe start to add
    // fallbacks, splits and more specific rules to.
    RuleSet starter;
    for (const QString &alias : std::as_const(m_aliases)) {
        core::routing::RoutingRule rule;
        rule.name = alias;
        rule.description = tr("Calls that ask for %1.").arg(alias);
        rule.when.models = { alias };
        rule.then.target = alias;
        starter.rules.push_back(std::move(rule));
    }
    m_editor->load({}, 0);
    m_editor->textEdit()->setPlainText(QString::fromStdString(core::routing::toJson(starter).dump(2)));
    showContent();
    m_tabs->setCurrentIndex(RulesTab);
    m_editor->textEdit()->setFocus();
}

void RoutingPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    // Pins and keys change on other pages, from the CLI and from other consoles: what the
    // editor checks against is read again on coming back.
    if (!event->spontaneous() && m_store->hasWorkspace())
        refresh();
}

void RoutingPage::openVersion(qint64 version)
{
    if (m_editor->isModified()
        && QMessageBox::question(this, tr("Discard edits?"),
                                 tr("The editor has unsaved edits. Open v%1 and discard them?").arg(version))
            != QMessageBox::Yes)
        return;
    m_store->submit<StoredRuleSet>(
        [version](Connection &connection) { return RuleSetRepository(connection).version(version); }, this,
        [this](const Result<StoredRuleSet> &stored) {
            if (!stored) {
                showError(stored.error().message);
                return;
            }
            m_editor->load(stored->rules, stored->version);
            m_tabs->setCurrentIndex(RulesTab);
        });
}

void RoutingPage::askToSave()
{
    if (!m_editor->validRules()) {
        showError(tr("Not saved: the rules have problems; they are listed under the editor."));
        return;
    }
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("comment-dialog"));
    dialog.setWindowTitle(tr("Save a new rule set version"));
    dialog.setLabelText(tr("What changed, and why:"));
    dialog.setMinimumWidth(480);
    if (dialog.exec() != QDialog::Accepted)
        return;
    saveDraft(dialog.textValue().trimmed());
}

void RoutingPage::saveDraft(const QString &comment)
{
    const auto rules = m_editor->validRules();
    if (!rules) {
        showError(tr("Not saved: the rules have problems; they are listed under the editor."));
        return;
    }
    m_store->submit<qint64>(
        [rules = *rules, comment, author = core::localAuthor(), latestSeen = m_versions->newestVersion()](Connection &connection) {
            return RuleSetRepository(connection).saveDraft(rules, comment, author, latestSeen);
        },
        this,
        [this, rules = *rules](const Result<qint64> &version) {
            if (!version) {
                showError(version.error().message);
                if (version.error().code == core::ErrorCode::Conflict)
                    refresh(); // the newer version shows in the list; the editor keeps the edits
                return;
            }
            m_editor->load(rules, *version);
            showStatus(tr("Saved as draft v%1. Try it on Explain and What-If, then activate it from the list.").arg(*version));
            Q_EMIT saved(*version);
            refresh(*version);
        });
}

void RoutingPage::activate(qint64 version, const QString &reason)
{
    m_store->submit<std::monostate>(
        [version, reason, actor = core::localAuthor()](Connection &connection) -> Result<std::monostate> {
            if (auto done = RuleSetRepository(connection).activate(version, reason, actor); !done)
                return std::unexpected(done.error());
            return std::monostate {};
        },
        this,
        [this, version, rollback = m_activeVersion && version < *m_activeVersion](const Result<std::monostate> &done) {
            if (!done) {
                showError(done.error().message);
                return;
            }
            showStatus(rollback ? tr("Rolled back to v%1. It is live; the change is in the audit log.").arg(version)
                                : tr("v%1 is live; the change is in the audit log.").arg(version));
            Q_EMIT activated(version);
            refresh(version);
        });
}

void RoutingPage::updateExplainRules()
{
    m_explain->setRules(m_editor->validRules(), m_activeRules, m_activeVersion);
}

void RoutingPage::showStatus(const QString &text)
{
    m_banner->hide();
    m_status->setText(text);
}

void RoutingPage::showError(const QString &text)
{
    m_status->clear();
    m_banner->showError(text);
    Q_EMIT failed(text);
}

QString RoutingPage::statusText() const
{
    return m_status->text();
}

QString RoutingPage::errorText() const
{
    return m_banner->isVisible() ? m_banner->text() : QString();
}

} // namespace switchboard::ui
