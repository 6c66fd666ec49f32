#include "promptreference.h"

#include "prompts/prompt.h"
#include "prompts/promptrenderer.h"
#include "store/promptrepository.h"

namespace switchboard::core::prompts {

Result<PromptReference> PromptReference::parse(QStringView text)
{
    const QString trimmed = text.trimmed().toString();
    const qsizetype at = trimmed.lastIndexOf(u'@');
    PromptReference reference;
    reference.name = at < 0 ? trimmed : trimmed.left(at);
    if (const QString problem = promptNameProblem(reference.name); !problem.isEmpty())
        return fail(ErrorCode::InvalidArgument, problem);
    if (at < 0) {
        reference.label = QString(kProductionLabel);
        return reference;
    }
    QString selector = trimmed.mid(at + 1);
    if (selector.size() > 1 && (selector.front() == u'v' || selector.front() == u'V') && selector.at(1).isDigit())
        selector.remove(0, 1);
    bool number = false;
    const qint64 version = selector.toLongLong(&number);
    if (number) {
        if (version <= 0)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("\"%1\": versions are numbered from 1.").arg(trimmed));
        reference.version = version;
        return reference;
    }
    if (selector != kLatestLabel) {
        if (const QString problem = labelProblem(selector); !problem.isEmpty())
            return fail(ErrorCode::InvalidArgument, QStringLiteral("\"%1\": %2").arg(trimmed, problem));
    }
    reference.label = selector;
    return reference;
}

QString PromptReference::toString() const
{
    if (version > 0)
        return QStringLiteral("%1@%2").arg(name).arg(version);
    return label.isEmpty() ? name : QString(name + u'@' + label);
}

Result<RenderedPrompt> renderReference(store::Connection &connection, const PromptReference &reference,
                                       const nlohmann::json &values)
{
    auto prompt = store::PromptRepository(connection).load(reference.name);
    if (!prompt)
        return std::unexpected(prompt.error());
    return renderReference(*prompt, reference, values);
}

Result<const PromptVersion *> resolveVersion(const Prompt &prompt, const PromptReference &reference)
{
    const std::optional<qint64> number = reference.version > 0 ? std::optional<qint64>(reference.version)
                                                               : prompt.labelled(reference.label);
    const PromptVersion *version = number ? prompt.version(*number) : nullptr;
    if (version)
        return version;
    if (reference.version > 0)
        return fail(ErrorCode::NotFound, QStringLiteral("Prompt \"%1\" has no version %2; it has %3.")
                                             .arg(reference.name)
                                             .arg(reference.version)
                                             .arg(prompt.versions.size()));
    return fail(ErrorCode::NotFound, QStringLiteral("Prompt \"%1\" has no label \"%2\"; point the label at a version "
                                                    "on the Prompts page, or name a version (%1@1).")
                                         .arg(reference.name, reference.label));
}

Result<qint64> resolveVersion(store::Connection &connection, const PromptReference &reference)
{
    auto prompt = store::PromptRepository(connection).load(reference.name);
    if (!prompt)
        return std::unexpected(prompt.error());
    auto version = resolveVersion(*prompt, reference);
    if (!version)
        return std::unexpected(version.error());
    return (*version)->number;
}

Result<RenderedPrompt> renderReference(const Prompt &prompt, const PromptReference &reference, const nlohmann::json &values)
{
    auto resolved = resolveVersion(prompt, reference);
    if (!resolved)
        return std::unexpected(resolved.error());
    const PromptVersion *version = *resolved;
    RenderReport report;
    auto request = render(version->content, values, &report);
    if (!request)
        return fail(request.error().code, QStringLiteral("%1 (version %2): %3")
                                              .arg(reference.toString())
                                              .arg(version->number)
                                              .arg(request.error().message));
    return RenderedPrompt { std::move(*request), prompt.name, version->number, report.provider };
}

} // namespace switchboard::core::prompts
