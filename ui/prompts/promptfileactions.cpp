#include "prompts/promptfileactions.h"

#include "model/localauthor.h"
#include "prompts/promptfile.h"
#include "prompts/promptimport.h"
#include "common/storeclient.h"
#include "store/promptrepository.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QSaveFile>

namespace switchboard::ui {

using core::Result;
using core::store::Connection;

namespace {

struct Summary
{
    QStringList names;
    QString text;
};

} // namespace

PromptFileActions::PromptFileActions(StoreClient *store, QWidget *parent)
    : QObject(parent), m_store(store), m_parent(parent)
{
}

void PromptFileActions::chooseAndImport()
{
    const QString path = QFileDialog::getOpenFileName(m_parent, tr("Import Prompts"), QString(),
                                                      tr("Prompt files (*.json *.txt);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

void PromptFileActions::chooseAndExport(const QStringList &names)
{
    const QString suggested = names.size() == 1 ? QString(names.front()).replace(u'/', u'-') + QStringLiteral(".prompts.json")
                                                : QStringLiteral("prompts.json");
    const QString path = QFileDialog::getSaveFileName(m_parent, tr("Export Prompts"), suggested, tr("Prompt files (*.json)"));
    if (!path.isEmpty())
        exportTo(path, names);
}

void PromptFileActions::importFile(const QString &path)
{
    const QString author = core::localAuthor();
    m_store->submit<Summary>(
        [path, author](Connection &connection) -> Result<Summary> {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return core::fail(core::ErrorCode::Io, QObject::tr("%1 cannot be read: %2").arg(path, file.errorString()));
            core::prompts::PromptFileOptions options;
            options.fileName = QFileInfo(path).fileName();
            options.author = author;
            auto contents = core::prompts::readPromptFile(file.readAll(), options);
            if (!contents)
                return core::fail(contents.error().code, QObject::tr("Nothing was imported from %1:\n%2")
                                                             .arg(QFileInfo(path).fileName(), contents.error().message));
            auto outcome = core::prompts::importPrompts(connection, contents->prompts, author);
            if (!outcome)
                return std::unexpected(outcome.error());
            QString text = QObject::tr("Imported %1 from %2: %3 versions, %4 labels.")
                               .arg(outcome->names.join(QStringLiteral(", ")), QFileInfo(path).fileName())
                               .arg(outcome->versions)
                               .arg(outcome->labels);
            if (!contents->notes.isEmpty())
                text += QLatin1Char(' ') + QObject::tr("Not carried over: %1").arg(contents->notes.join(QStringLiteral("; ")));
            return Summary { outcome->names, text };
        },
        this, [this](const Result<Summary> &summary) {
            if (!summary)
                Q_EMIT failed(summary.error().message);
            else
                Q_EMIT imported(summary->names, summary->text);
        });
}

void PromptFileActions::exportTo(const QString &path, const QStringList &names)
{
    m_store->submit<Summary>(
        [path, names](Connection &connection) -> Result<Summary> {
            core::store::PromptRepository repository(connection);
            QStringList chosen = names;
            if (chosen.isEmpty()) {
                auto listed = repository.list();
                if (!listed)
                    return std::unexpected(listed.error());
                for (const auto &summary : *listed)
                    chosen.push_back(summary.name);
            }
            std::vector<core::prompts::Prompt> prompts;
            for (const QString &name : chosen) {
                auto prompt = repository.load(name);
                if (!prompt)
                    return std::unexpected(prompt.error());
                prompts.push_back(std::move(*prompt));
            }
            QSaveFile file(path); // whole or not at all
            if (!file.open(QIODevice::WriteOnly) || file.write(core::prompts::exportPromptBytes(prompts)) < 0 || !file.commit())
                return core::fail(core::ErrorCode::Io, QObject::tr("%1 cannot be written: %2").arg(path, file.errorString()));
            return Summary { chosen, QObject::tr("Exported %n prompt(s) to %1.", nullptr, int(chosen.size())).arg(path) };
        },
        this, [this, path](const Result<Summary> &summary) {
            if (!summary)
                Q_EMIT failed(summary.error().message);
            else
                Q_EMIT exported(path, summary->text);
        });
}

} // namespace switchboard::ui
