#pragma once

#include "model/error.h"
#include "prompts/prompt.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <vector>

namespace switchboard::core::prompts {

// Prompt files: Switchboard's own export (lossless: every version, label and label move, with
// content hashes that catch edited or damaged files) and the prompt files of Langfuse and
// promptfoo, read into the same Prompt values. Reading reports every problem of a file at once,
// each as "json.path: what is wrong", so that one fix-and-retry round is enough.

enum class PromptFileFormat { Detect, Switchboard, Langfuse, Promptfoo };

QString nameOf(PromptFileFormat format);
// "switchboard", "langfuse", "promptfoo" (and "detect"); nothing for any other name.
std::optional<PromptFileFormat> promptFileFormatFromString(QStringView name);

struct PromptFileOptions
{
    PromptFileFormat format = PromptFileFormat::Detect;
    // The file's name: tells promptfoo's text files apart and names their prompt.
    QString fileName;
    // Imports the file's only prompt under this name instead.
    QString name;
    // Who the versions and label moves of foreign files are credited to.
    QString author;
};

struct PromptFileContents
{
    PromptFileFormat format = PromptFileFormat::Switchboard;
    std::vector<Prompt> prompts;
    // What the file held that Switchboard does not keep (unknown config keys and the like).
    QStringList notes;
};

inline constexpr const char *kPromptFileFormat = "switchboard.prompts";
inline constexpr int kPromptFileVersion = 1;

// The export document, keys sorted, so that the same prompts always give the same bytes.
nlohmann::json exportPrompts(const std::vector<Prompt> &prompts);
QByteArray exportPromptBytes(const std::vector<Prompt> &prompts);

// Reads Switchboard's own format; InvalidArgument with every problem, one per line.
Result<std::vector<Prompt>> readPromptFile(const QByteArray &bytes);
// Reads any supported format, detected from the content and file name unless given.
Result<PromptFileContents> readPromptFile(const QByteArray &bytes, const PromptFileOptions &options);

} // namespace switchboard::core::prompts
