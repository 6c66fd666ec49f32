#include "prompts/promptspage.h"

#include "common/messagebanner.h"
#include "model/localauthor.h"
#include "prompts/playgroundview.h"
#include "prompts/promptdiffview.h"
#include "prompts/prompteditor.h"
#include "prompts/promptfileactions.h"
#include "prompts/promptlistpanel.h"
#include "common/storeclient.h"
#include "prompts/versionhistoryview.h"
#include "routing/pinresolver.h"
#include "store/promptrepository.h"
#include "store/workspace.h"

#include <QAction>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::Result;
using core::prompts::Prompt;
using core::prompts::PromptContent;
using core::prompts::PromptSummary;
using core::store::Connection;
using core::store::PromptRepository;

namespace {

enum Tab { EditorTab, HistoryTab, DiffTab, PlaygroundTab };

} // namespace

PromptsPage::PromptsPage(QWidget *parent)
    : Page({ QStringLiteral("prompts"), tr("Prompts"),
             tr("Prompt templates as immutable numbered versions, with labels that promote and roll back."),
             QStringLiteral(":/switchboard/icons/pages/prompts.svg") },
           parent),
      m_store(new StoreClient(this)), m_files(new PromptFileActions(m_store, this)), m_list(new PromptListPanel),
      m_title(new QLabel), m_status(new QLabel), m_banner(new MessageBanner),
      m_tabs(new QTabWidget), m_editors(new QStackedWidget), m_history(new VersionHistoryView), m_diff(new PromptDiffView),
      m_playground(new PlaygroundView)
{
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(buildList());
    split->addWidget(buildDetail());
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({ 430, 1000 });
    split->setChildrenCollapsible(false);
    setContentWidget(split);

    auto *save = new QAction(tr("Save Version…"), this);
    save->setShortcut(QKeySequence::Save);
    save->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(save);
    connect(save, &QAction::triggered, this, &PromptsPage::askToSave);
    connect(emptyState(), &EmptyState::actionTriggered, this, &PromptsPage::createPrompt);
    clearWorkspace();
}

PromptsPage::~PromptsPage() = default;

QWidget *PromptsPage::buildList()
{
    connect(m_list, &PromptListPanel::promptSelected, this, &PromptsPage::loadPrompt);
    connect(m_list->newButton(), &QPushButton::clicked, this, &PromptsPage::createPrompt);
    connect(m_list->importButton(), &QPushButton::clicked, m_files, &PromptFileActions::chooseAndImport);
    connect(m_list->exportButton(), &QPushButton::clicked, this, [this] {
        if (!m_current.name.isEmpty())
            m_files->chooseAndExport({ m_current.name });
    });
    connect(m_files, &PromptFileActions::imported, this, [this](const QStringList &names, const QString &summary) {
        showStatus(summary);
        refreshList(names.value(0));
        Q_EMIT importFinished();
    });
    connect(m_files, &PromptFileActions::exported, this, [this](const QString &, const QString &summary) { showStatus(summary); });
    connect(m_files, &PromptFileActions::failed, this, [this](const QString &message) {
        showError(message);
        Q_EMIT importFinished();
    });
    return m_list;
}

QWidget *PromptsPage::buildDetail()
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::RichText);
    m_status->setObjectName(QStringLiteral("prompt-status"));
    m_status->setWordWrap(true);
    m_banner->hide();

    auto *saveButton = new QPushButton(tr("Save Version…"));
    saveButton->setToolTip(tr("Save the editor's content as a new version (Ctrl+S)"));
    connect(saveButton, &QPushButton::clicked, this, &PromptsPage::askToSave);
    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(saveButton, 0, Qt::AlignTop);

    m_placeholderEditor = new PromptEditor;
    m_placeholderEditor->setEnabled(false);
    m_editors->addWidget(m_placeholderEditor);
    m_tabs->addTab(m_editors, tr("Editor"));
    m_tabs->addTab(m_history, tr("Versions && Labels"));
    m_tabs->addTab(m_diff, tr("Diff"));
    m_tabs->addTab(m_playground, tr("Playground"));

    connect(m_history, &VersionHistoryView::moveLabelRequested, this, &PromptsPage::moveLabel);
    connect(m_history, &VersionHistoryView::openRequested, this, [this](qint64 number) {
        const auto *version = m_current.version(number);
        if (!version)
            return;
        m_editorBase = number;
        editorFor(m_current.name)->setContent(version->content);
        m_drafts.insert(m_current.name, { number, version->content, m_current.latest() ? m_current.latest()->number : 0 });
        updateHeader();
        m_tabs->setCurrentIndex(EditorTab);
    });
    connect(m_history, &VersionHistoryView::compareRequested, this, [this](qint64 left, qint64 right) {
        m_diff->compare(left, right);
        m_tabs->setCurrentIndex(DiffTab);
    });

    auto *panel = new QWidget;
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_status);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);
    return panel;
}

void PromptsPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    m_store->setLocation(summary.location);
    m_playground->setWorkspace(summary.location);
    dropEditors();
    m_current = {};
    // A workspace without prompts says so at once rather than after the list is read.
    if (summary.prompts == 0)
        Page::setWorkspace(summary);
    loadModels();
    refreshList();
}

void PromptsPage::clearWorkspace()
{
    m_store->setLocation(std::nullopt);
    m_playground->clearWorkspace();
    dropEditors();
    m_current = {};
    m_list->setPrompts({});
    Page::clearWorkspace();
}

EmptyState::Content PromptsPage::emptyContent() const
{
    return { description().iconPath, tr("No prompts yet"),
             tr("A prompt is a name with numbered versions that never change once saved. Labels such "
                "as <code>production</code> and <code>staging</code> point at versions; promoting or "
                "rolling back moves a label, asks for a reason, and is written to the audit "
                "log.<br><br>Create a prompt here, or import one with "
                "<code>switchboard-cli prompts import</code>."),
             tr("New Prompt…") };
}

void PromptsPage::refreshList(const QString &select)
{
    m_store->submit<std::vector<PromptSummary>>(
        [](Connection &connection) { return PromptRepository(connection).list(); }, this,
        [this, select](const Result<std::vector<PromptSummary>> &listed) {
            if (!listed) {
                showEmptyState({ description().iconPath, tr("The prompts could not be read"),
                                 listed.error().message.toHtmlEscaped(), {} });
                return;
            }
            if (listed->empty()) {
                showEmptyState(emptyContent());
                Q_EMIT promptsListed();
                return;
            }
            const QString wanted = !select.isEmpty() ? select : m_current.name;
            m_list->setPrompts(*listed);
            showContent();
            m_list->select(wanted);
            Q_EMIT promptsListed();
        });
}

void PromptsPage::selectPrompt(const QString &name)
{
    m_list->select(name);
}

void PromptsPage::loadPrompt(const QString &name)
{
    m_store->submit<Prompt>([name](Connection &connection) { return PromptRepository(connection).load(name); }, this,
                            [this](const Result<Prompt> &prompt) {
                                if (!prompt) {
                                    showError(prompt.error().message);
                                    return;
                                }
                                showPrompt(*prompt);
                            });
}

void PromptsPage::showPrompt(const Prompt &prompt)
{
    const bool samePrompt = prompt.name == m_current.name;
    m_current = prompt;
    // The same prompt read again (after a refusal, say) keeps what was said about it.
    if (!samePrompt) {
        m_banner->hide();
        m_status->clear();
    }
    m_showing = true;
    // Each prompt keeps its own editor, so its unsaved text and its undo history survive
    // looking at other prompts.
    const bool known = m_editorFor.contains(prompt.name);
    PromptEditor *editor = editorFor(prompt.name);
    const auto draft = m_drafts.constFind(prompt.name);
    if (draft != m_drafts.cend()) {
        m_editorBase = draft->baseVersion;
    } else if (const auto *latest = prompt.latest()) {
        m_editorBase = latest->number;
        if (!known || editor->content() != latest->content)
            editor->setContent(latest->content);
    } else {
        m_editorBase = 0;
        if (!known)
            editor->setContent({ { { core::Role::User, QString(), {}, {} } }, {}, {} });
    }
    m_editors->setCurrentWidget(editor);
    m_showing = false;
    m_history->setPrompt(prompt);
    m_diff->setPrompt(prompt);
    m_playground->setPrompt(prompt);
    updateHeader();
    Q_EMIT promptLoaded(prompt.name);
}

PromptEditor *PromptsPage::editor() const
{
    auto *current = qobject_cast<PromptEditor *>(m_editors->currentWidget());
    return current ? current : m_placeholderEditor;
}

PromptEditor *PromptsPage::editorFor(const QString &name)
{
    if (PromptEditor *existing = m_editorFor.value(name))
        return existing;
    auto *editor = new PromptEditor;
    editor->setModels(m_models);
    m_editors->addWidget(editor);
    m_editorFor.insert(name, editor);
    connect(editor, &PromptEditor::edited, this, [this, name, editor] {
        if (m_showing)
            return;
        const Draft begun = m_drafts.value(name, { m_editorBase, {}, m_current.latest() ? m_current.latest()->number : 0 });
        m_drafts.insert(name, { begun.baseVersion, editor->content(), begun.latestSeen });
        updateHeader();
    });
    return editor;
}

void PromptsPage::dropEditors()
{
    for (PromptEditor *editor : std::as_const(m_editorFor))
        editor->deleteLater();
    m_editorFor.clear();
    m_drafts.clear();
    m_editors->setCurrentWidget(m_placeholderEditor);
}

void PromptsPage::updateHeader()
{
    if (m_current.name.isEmpty()) {
        m_title->clear();
        return;
    }
    QStringList labels;
    for (const auto &label : m_current.labels)
        labels.push_back(QStringLiteral("<b>%1</b> v%2").arg(label.label.toHtmlEscaped()).arg(label.version));
    QString line = QStringLiteral("<b>%1</b>").arg(m_current.name.toHtmlEscaped());
    if (!m_current.description.isEmpty())
        line += QStringLiteral(" — ") + m_current.description.toHtmlEscaped();
    line += QStringLiteral("<br><span style='font-size:small'>%1 · %2</span>")
                .arg(tr("%n version(s)", nullptr, int(m_current.versions.size())),
                     labels.isEmpty() ? tr("no labels") : labels.join(QStringLiteral(" · ")));
    m_title->setText(line);
    const bool dirty = m_drafts.contains(m_current.name);
    m_tabs->setTabText(EditorTab, dirty ? tr("Editor (unsaved, from v%1)").arg(m_editorBase) : tr("Editor"));
}

void PromptsPage::askToSave()
{
    if (m_current.name.isEmpty())
        return;
    const QStringList problems = editor()->blockingProblems();
    if (!problems.isEmpty()) {
        showError(tr("Not saved: %1").arg(problems.join(QStringLiteral(" "))));
        m_tabs->setCurrentIndex(EditorTab);
        return;
    }
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("commit-dialog"));
    dialog.setWindowTitle(tr("Save a new version of %1").arg(m_current.name));
    dialog.setLabelText(tr("Commit message: what changed, and why"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    saveDraft(dialog.textValue().trimmed());
}

void PromptsPage::saveDraft(const QString &commitMessage)
{
    const QString name = m_current.name;
    const PromptContent content = editor()->content();
    const QString author = core::localAuthor();
    const auto draft = m_drafts.constFind(name);
    const std::optional<qint64> latestSeen = draft != m_drafts.cend() ? std::optional(draft->latestSeen) : std::nullopt;
    m_store->submit<PromptRepository::Saved>(
        [name, content, commitMessage, author, latestSeen](Connection &connection) {
            return PromptRepository(connection).saveVersion(name, content, commitMessage, author, latestSeen);
        },
        this, [this, name](const Result<PromptRepository::Saved> &outcome) {
            if (!outcome && outcome.error().code == core::ErrorCode::Conflict) {
                // Someone saved first: show their version beside the kept edits, and let the next
                // save go after it.
                const QString message = outcome.error().message;
                m_store->submit<Prompt>([name](Connection &connection) { return PromptRepository(connection).load(name); }, this,
                                        [this, name, message](const Result<Prompt> &prompt) {
                                            if (prompt && m_drafts.contains(name) && prompt->latest())
                                                m_drafts[name].latestSeen = prompt->latest()->number;
                                            if (prompt && m_current.name == name)
                                                showPrompt(*prompt);
                                            refreshList(name); // its Latest column
                                            showError(message);
                                            Q_EMIT saveRefused(message);
                                        });
                return;
            }
            if (!outcome) {
                showError(outcome.error().message);
                return;
            }
            m_drafts.remove(name);
            if (m_current.name == name)
                m_editorBase = outcome->version;
            showStatus(outcome->created ? tr("Saved as version %1.").arg(outcome->version)
                                        : tr("Nothing new: this content is version %1 already.").arg(outcome->version));
            Q_EMIT saved(outcome->version, outcome->created);
            refreshList(name);
        });
}

void PromptsPage::moveLabel(const QString &label, std::optional<qint64> version, const QString &reason)
{
    const QString name = m_current.name;
    const QString actor = core::localAuthor();
    m_store->submit<Prompt>(
        [name, label, version, reason, actor](Connection &connection) -> Result<Prompt> {
            PromptRepository prompts(connection);
            if (auto moved = prompts.moveLabel(name, label, version, reason, actor); !moved)
                return std::unexpected(moved.error());
            return prompts.load(name);
        },
        this, [this, label, version](const Result<Prompt> &prompt) {
            if (!prompt) {
                showError(prompt.error().message);
                return;
            }
            showStatus(version ? tr("\"%1\" now points at version %2.").arg(label).arg(*version)
                               : tr("\"%1\" removed.").arg(label));
            showPrompt(*prompt);
            refreshList(prompt->name);
            Q_EMIT labelMoved();
        });
}

void PromptsPage::createPrompt()
{
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("new-prompt-dialog"));
    dialog.setWindowTitle(tr("New Prompt"));
    dialog.setLabelText(tr("Name (path-like, such as support/answer):"));
    if (dialog.exec() != QDialog::Accepted || dialog.textValue().trimmed().isEmpty())
        return;
    const QString name = dialog.textValue().trimmed();
    const QString actor = core::localAuthor();
    m_store->submit<bool>(
        [name, actor](Connection &connection) -> Result<bool> {
            if (auto created = PromptRepository(connection).create(name, {}, {}, actor); !created)
                return std::unexpected(created.error());
            return true;
        },
        this, [this, name](const Result<bool> &created) {
            if (!created) {
                showError(created.error().message);
                return;
            }
            showStatus(tr("Created %1: write its first version and save it (Ctrl+S).").arg(name));
            refreshList(name);
        });
}

void PromptsPage::loadModels()
{
    m_store->submit<QHash<QString, ModelInfo>>(
        [](Connection &connection) -> Result<QHash<QString, ModelInfo>> {
            core::routing::PinResolver pins(connection);
            auto aliases = pins.aliases();
            if (!aliases)
                return std::unexpected(aliases.error());
            QHash<QString, ModelInfo> models;
            for (const QString &alias : *aliases)
                if (auto resolved = pins.resolveAlias(alias))
                    models.insert(alias, { core::nameOf(resolved->provider.kind), resolved->model, resolved->contextWindow });
            return models;
        },
        this, [this](const Result<QHash<QString, ModelInfo>> &models) {
            if (models) {
                m_models = *models;
                for (PromptEditor *editor : std::as_const(m_editorFor))
                    editor->setModels(m_models);
                m_playground->setAliases(models->keys());
            }
        });
}

void PromptsPage::showStatus(const QString &text)
{
    m_banner->hide();
    m_status->setText(text);
}

void PromptsPage::showError(const QString &text)
{
    m_status->clear();
    m_banner->showError(text);
    m_banner->show();
}

QString PromptsPage::statusText() const
{
    return m_banner->isVisible() ? m_banner->text() : m_status->text();
}

} // namespace switchboard::ui
