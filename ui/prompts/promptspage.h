#pragma once

#include "common/page.h"
#include "prompts/prompt.h"
#include "prompts/prompteditor.h"

#include <QHash>

class QLabel;
class QTabWidget;
class QStackedWidget;

namespace switchboard::ui {

class MessageBanner;
class PlaygroundView;
class PromptDiffView;
class PromptEditor;
class PromptFileActions;
class PromptListPanel;
class StoreClient;
class VersionHistoryView;

// Where prompt engineers work: the searchable prompt list; for the selected prompt an
// editor (unsaved edits kept per prompt until saved, Ctrl+S saves a version), its versions
// and label timeline (promote and roll back), a diff of any two versions, and a playground.
class PromptsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptsPage)

public:
    explicit PromptsPage(QWidget *parent = nullptr);
    ~PromptsPage() override;

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

    // For tests and the main window.
    void selectPrompt(const QString &name);
    QString currentPrompt() const { return m_current.name; }
    const core::prompts::Prompt &loadedPrompt() const { return m_current; }
    bool hasUnsavedEdits(const QString &name) const { return m_drafts.contains(name); }
    // Saves the editor's content as a new version with this message (the Ctrl+S path after its
    // dialog).
    void saveDraft(const QString &commitMessage);
    // The editor of the prompt on show.
    PromptEditor *editor() const;
    VersionHistoryView *history() const { return m_history; }
    PromptDiffView *diffView() const { return m_diff; }
    PlaygroundView *playground() const { return m_playground; }
    QTabWidget *tabs() const { return m_tabs; }
    QString statusText() const;
    PromptFileActions *fileActions() const { return m_files; }
    PromptListPanel *promptList() const { return m_list; }

Q_SIGNALS:
    void promptsListed();
    void promptLoaded(const QString &name);
    void saved(qint64 version, bool created);
    // Another version was saved since the edit began; the edits are kept.
    void saveRefused(const QString &message);
    void labelMoved();
    void importFinished();

protected:
    EmptyState::Content emptyContent() const override;

private:
    struct Draft
    {
        qint64 baseVersion = 0;
        core::prompts::PromptContent content;
        qint64 latestSeen = 0; // the newest version when the editing began, for conflicts
    };

    QWidget *buildList();
    QWidget *buildDetail();
    void refreshList(const QString &select = {});
    void loadPrompt(const QString &name);
    void showPrompt(const core::prompts::Prompt &prompt);
    void askToSave();
    void createPrompt();
    void moveLabel(const QString &label, std::optional<qint64> version, const QString &reason);
    void loadModels();
    void showStatus(const QString &text);
    void showError(const QString &text);
    void updateHeader();
    PromptEditor *editorFor(const QString &name);
    void dropEditors();

    StoreClient *m_store;
    PromptFileActions *m_files;
    PromptListPanel *m_list;
    QLabel *m_title;
    QLabel *m_status;
    MessageBanner *m_banner;
    QTabWidget *m_tabs;
    QStackedWidget *m_editors;
    PromptEditor *m_placeholderEditor = nullptr; // shown before a prompt is
    QHash<QString, PromptEditor *> m_editorFor;
    QHash<QString, ModelInfo> m_models;
    VersionHistoryView *m_history;
    PromptDiffView *m_diff;
    PlaygroundView *m_playground;
    core::prompts::Prompt m_current;
    qint64 m_editorBase = 0;
    QHash<QString, Draft> m_drafts;
    bool m_showing = false;
};

} // namespace switchboard::ui
