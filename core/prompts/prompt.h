#pragma once

#include "prompts/promptcontent.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace switchboard::core::prompts {

// A prompt as the registry holds it, as plain values: its details, every version, where its
// labels point and how they got there. Export writes exactly this and import reads it back.

struct PromptVersion
{
    qint64 number = 0;
    PromptContent content;
    QString contentHash;
    QString commitMessage;
    QString author;
    qint64 createdMs = 0;

    friend bool operator==(const PromptVersion &, const PromptVersion &) = default;
};

struct PromptLabel
{
    QString label;
    qint64 version = 0;
    qint64 updatedMs = 0;

    friend bool operator==(const PromptLabel &, const PromptLabel &) = default;
};

// One move of a label: created (no from), moved, or removed (no to).
struct LabelChange
{
    QString label;
    std::optional<qint64> fromVersion;
    std::optional<qint64> toVersion;
    QString reason;
    QString author;
    qint64 atMs = 0;

    friend bool operator==(const LabelChange &, const LabelChange &) = default;
};

struct Prompt
{
    QString name;
    QString description;
    QStringList tags;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    std::vector<PromptVersion> versions; // oldest first
    std::vector<PromptLabel> labels;     // by label name
    std::vector<LabelChange> history;    // oldest first

    const PromptVersion *version(qint64 number) const;
    const PromptVersion *latest() const;
    std::optional<qint64> labelled(const QString &label) const;

    friend bool operator==(const Prompt &, const Prompt &) = default;
};

// One line of the prompt list.
struct PromptSummary
{
    QString name;
    QString description;
    QStringList tags;
    qint64 latestVersion = 0;
    std::optional<qint64> productionVersion;
    QStringList labels; // "production: 3", in label order
    QString model;      // the latest version's target
    qint64 updatedMs = 0;

    friend bool operator==(const PromptSummary &, const PromptSummary &) = default;
};

inline constexpr QLatin1StringView kProductionLabel { "production" };
inline constexpr QLatin1StringView kStagingLabel { "staging" };
// Not a stored label: always the newest version.
inline constexpr QLatin1StringView kLatestLabel { "latest" };

// Why a name cannot be a prompt's name or a label, or empty when it can.
QString promptNameProblem(QStringView name);
QString labelProblem(QStringView label);

} // namespace switchboard::core::prompts
