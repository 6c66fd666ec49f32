#include "templatescanner.h"

#include <QtGlobal>
#include <algorithm>

namespace switchboard::core::prompts {

namespace {

// Offset to 1-based line and column, for templates of any length.
class LineIndex final
{
    Q_DISABLE_COPY_MOVE(LineIndex)

public:
    explicit LineIndex(const QString &text)
    {
        m_starts.push_back(0);
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.at(i) == u'\n')
                m_starts.push_back(i + 1);
        }
    }

    std::pair<int, int> position(qsizetype offset) const
    {
        const auto next = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
        const auto line = next - m_starts.begin();
        return { int(line), int(offset - *(next - 1) + 1) };
    }

private:
    std::vector<qsizetype> m_starts;
};

class Scanner final
{
    Q_DISABLE_COPY_MOVE(Scanner)

public:
    Scanner(const QString &text, int message)
        : m_text(text)
        , m_lines(text)
        , m_message(message)
    {
    }

    ScannedTemplate run()
    {
        qsizetype pos = 0;
        while (true) {
            const qsizetype start = m_text.indexOf(QLatin1String("{{"), pos);
            if (start < 0)
                break;
            const bool triple = start + 2 < m_text.size() && m_text.at(start + 2) == u'{';
            const QLatin1String close = triple ? QLatin1String("}}}") : QLatin1String("}}");
            const qsizetype contentStart = start + (triple ? 3 : 2);
            const qsizetype end = m_text.indexOf(close, contentStart);
            if (end < 0) {
                addProblem(start, {},
                    triple ? QStringLiteral("unclosed tag: \"{{{\" has no matching \"}}}\"; "
                                            "close it, or remove the braces")
                           : QStringLiteral("unclosed tag: \"{{\" has no matching \"}}\"; "
                                            "close it, or remove the braces"));
                break; // Mustache reads the rest of the text as this tag: nothing more to find
            }
            pos = end + close.size();
            if (!readTag(start, contentStart, end, pos, triple))
                break;
        }
        for (const qsizetype open : m_open) {
            const TemplateTag &tag = m_result.tags[size_t(open)];
            addProblem(tag.start, tag.name,
                QString(QStringLiteral("section \"") + tag.name
                    + QStringLiteral("\" is opened but never closed; add {{/") + tag.name
                    + QStringLiteral("}} where it ends")));
        }
        std::stable_sort(m_result.problems.begin(), m_result.problems.end(),
            [](const TemplateProblem &a, const TemplateProblem &b) {
                return std::pair(a.line, a.column) < std::pair(b.line, b.column);
            });
        return std::move(m_result);
    }

private:
    // Returns false when the rest of the text cannot be read as Mustache with "{{ }}".
    bool readTag(
        qsizetype start, qsizetype contentStart, qsizetype end, qsizetype tagEnd, bool triple)
    {
        qsizetype first = contentStart;
        qsizetype last = end;
        while (first < last && m_text.at(first).isSpace())
            ++first;
        while (last > first && m_text.at(last - 1).isSpace())
            --last;

        TemplateTag tag;
        tag.start = start;
        tag.length = tagEnd - start;
        std::tie(tag.line, tag.column) = m_lines.position(start);
        const QString written = m_text.mid(start, tag.length);

        if (first == last) {
            addProblem(start, {},
                QString(QStringLiteral("empty tag \"") + written
                    + QStringLiteral("\": put a variable name between the braces, or remove it")));
            return true;
        }

        qsizetype nameStart = first;
        if (triple) {
            tag.kind = TemplateTag::Unescaped;
        } else {
            nameStart = first + 1;
            switch (m_text.at(first).unicode()) {
            case u'#':
                tag.kind = TemplateTag::Section;
                break;
            case u'^':
                tag.kind = TemplateTag::InvertedSection;
                break;
            case u'/':
                tag.kind = TemplateTag::SectionEnd;
                break;
            case u'>':
                tag.kind = TemplateTag::Partial;
                break;
            case u'&':
                tag.kind = TemplateTag::Unescaped;
                break;
            case u'!':
                tag.kind = TemplateTag::Comment;
                break;
            case u'=':
                tag.kind = TemplateTag::SetDelimiter;
                break;
            default:
                tag.kind = TemplateTag::Variable;
                nameStart = first;
                break;
            }
            while (nameStart < last && m_text.at(nameStart).isSpace())
                ++nameStart;
        }
        tag.nameStart = nameStart;
        tag.nameLength = last - nameStart;
        tag.name = m_text.mid(nameStart, tag.nameLength);

        if (tag.kind == TemplateTag::SetDelimiter) {
            addProblem(start, {},
                QString(QStringLiteral("set-delimiter tags (\"") + written
                    + QStringLiteral("\") are not supported: prompts always use {{ }}; "
                                     "remove the tag and write the rest with {{ }}")));
            return false; // whatever follows is written in other delimiters
        }
        if (tag.kind == TemplateTag::Comment) {
            m_result.tags.push_back(std::move(tag));
            return true;
        }
        if (tag.name.isEmpty()) {
            addProblem(start, {},
                QString(QStringLiteral("tag \"") + written
                    + QStringLiteral("\" has no name: put a variable name in it, or remove it")));
            return true;
        }
        if (tag.kind == TemplateTag::Partial) {
            addProblem(start, tag.name,
                QString(QStringLiteral("partials (\"") + written
                    + QStringLiteral("\") are not supported in prompts; write the text in "
                                     "place of the tag")));
        } else if (tag.opensSection()) {
            m_open.push_back(qsizetype(m_result.tags.size()));
        } else if (tag.kind == TemplateTag::SectionEnd) {
            closeSection(tag);
        }
        m_result.tags.push_back(std::move(tag));
        return true;
    }

    void closeSection(const TemplateTag &tag)
    {
        if (m_open.empty()) {
            addProblem(tag.start, tag.name,
                QString(QStringLiteral("{{/") + tag.name
                    + QStringLiteral("}} closes a section that is not open; remove it, or open "
                                     "the section with {{#")
                    + tag.name + QStringLiteral("}} before it")));
            return;
        }
        const TemplateTag &top = m_result.tags[size_t(m_open.back())];
        if (top.name == tag.name) {
            m_open.pop_back();
            return;
        }
        addProblem(tag.start, tag.name,
            QString(QStringLiteral("{{/") + tag.name + QStringLiteral("}} closes section \"")
                + tag.name + QStringLiteral("\" but the open section is \"") + top.name
                + QStringLiteral("\" (line ") + QString::number(top.line)
                + QStringLiteral(", column ") + QString::number(top.column)
                + QStringLiteral("); close \"") + top.name + QStringLiteral("\" first with {{/")
                + top.name + QStringLiteral("}}")));
        // When the name is open further out, the sections in between are taken as closed here,
        // so that one slip is reported once rather than again at every later tag.
        for (auto it = m_open.rbegin(); it != m_open.rend(); ++it) {
            if (m_result.tags[size_t(*it)].name == tag.name) {
                m_open.erase(std::next(it).base(), m_open.end());
                return;
            }
        }
    }

    void addProblem(qsizetype offset, QString variable, QString text)
    {
        TemplateProblem problem;
        problem.kind = TemplateProblem::Syntax;
        problem.severity = TemplateProblem::Error;
        problem.message = m_message;
        std::tie(problem.line, problem.column) = m_lines.position(offset);
        problem.variable = std::move(variable);
        problem.text = QString(describePosition(m_message, problem.line, problem.column)
            + QStringLiteral(": ") + text);
        m_result.problems.push_back(std::move(problem));
    }

    const QString &m_text;
    LineIndex m_lines;
    int m_message;
    std::vector<qsizetype> m_open; // indices into m_result.tags
    ScannedTemplate m_result;
};

} // namespace

QString TemplateTag::root() const
{
    if (name == u'.')
        return name;
    const qsizetype dot = name.indexOf(u'.');
    return dot < 0 ? name : name.left(dot);
}

ScannedTemplate scanTemplate(const QString &text, int message)
{
    return Scanner(text, message).run();
}

QString describePosition(int message, int line, int column)
{
    return QString(QStringLiteral("message ") + QString::number(message + 1)
        + QStringLiteral(", line ") + QString::number(line) + QStringLiteral(", column ")
        + QString::number(column));
}

} // namespace switchboard::core::prompts
