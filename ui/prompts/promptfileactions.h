#pragma once

#include <QObject>
#include <QStringList>

class QWidget;

namespace switchboard::ui {

class StoreClient;

// The Prompts page's Import and Export: a file is read, checked and written into the
// workspace (all or nothing) on a worker thread; an export writes the chosen prompts with all
// their versions and labels.
class PromptFileActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptFileActions)

public:
    PromptFileActions(StoreClient *store, QWidget *parent);

    void importFile(const QString &path);
    // No names: every prompt of the workspace.
    void exportTo(const QString &path, const QStringList &names);

    // Ask for a file, then import or export.
    void chooseAndImport();
    void chooseAndExport(const QStringList &names);

Q_SIGNALS:
    void imported(const QStringList &names, const QString &summary);
    void exported(const QString &path, const QString &summary);
    void failed(const QString &message);

private:
    StoreClient *m_store;
    QWidget *m_parent;
};

} // namespace switchboard::ui
