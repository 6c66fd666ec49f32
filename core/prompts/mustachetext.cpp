#include "mustachetext.h"

#include "prompts/templatescanner.h"

#include <QLocale>
#include <QtGlobal>
#include <cmath>
#include <kainjow/mustache.hpp>
#include <unordered_map>

namespace switchboard::core::prompts {

using nlohmann::json;
using MustacheData = kainjow::mustache::data;

namespace {

// Put in front of the name of every interpolation tag so that the context can tell
// "print x" from "open a section on x": kainjow asks for both by name alone.
constexpr char kInterpolationMarker = '\x02';

std::string formatNumber(const json &value)
{
    if (value.is_number_integer())
        return value.dump();
    const double number = value.get<double>();
    if (std::isfinite(number) && number == std::floor(number) && std::abs(number) < 1e15)
        return std::to_string(qint64(number));
    return QString::number(number, 'g', QLocale::FloatingPointShortest).toStdString();
}

std::string compact(const json &value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The values as kainjow data, plus what each non-string node prints as when interpolated.
class ValueTree final
{
    Q_DISABLE_COPY_MOVE(ValueTree)

public:
    explicit ValueTree(const json &values)
        : m_root(convert(values))
    {
        index(values, m_root);
    }

    const MustacheData &root() const { return m_root; }

    const MustacheData *printed(const MustacheData *node) const
    {
        const auto it = m_printed.find(node);
        return it == m_printed.end() ? nullptr : &it->second;
    }

private:
    static MustacheData convert(const json &value)
    {
        switch (value.type()) {
        case json::value_t::object: {
            MustacheData object(MustacheData::type::object);
            for (const auto &[key, item] : value.items())
                object.set(key, convert(item));
            return object;
        }
        case json::value_t::array: {
            MustacheData list(MustacheData::type::list);
            for (const json &item : value)
                list.push_back(convert(item));
            return list;
        }
        case json::value_t::string: {
            const auto &text = value.get_ref<const std::string &>();
            // Empty text is false, as in other Mustache engines: {{#note}} skips an empty note.
            return text.empty() ? MustacheData(false) : MustacheData(text);
        }
        case json::value_t::boolean:
            return MustacheData(value.get<bool>());
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float:
            return MustacheData(formatNumber(value));
        default:
            return MustacheData(false);
        }
    }

    // Run after the tree is complete: the keys are the nodes' final addresses.
    void index(const json &value, const MustacheData &node)
    {
        switch (value.type()) {
        case json::value_t::object:
            m_printed.emplace(&node, MustacheData(compact(value)));
            for (const auto &[key, item] : value.items())
                index(item, *node.get(key));
            break;
        case json::value_t::array:
            m_printed.emplace(&node, MustacheData(compact(value)));
            for (size_t i = 0; i < value.size(); ++i)
                index(value[i], node.list_value()[i]);
            break;
        case json::value_t::boolean:
            m_printed.emplace(
                &node, MustacheData(std::string(value.get<bool>() ? "true" : "false")));
            break;
        case json::value_t::string:
            if (value.get_ref<const std::string &>().empty())
                m_printed.emplace(&node, MustacheData(std::string()));
            break;
        case json::value_t::null:
            m_printed.emplace(&node, MustacheData(std::string()));
            break;
        default:
            break;
        }
    }

    MustacheData m_root;
    std::unordered_map<const MustacheData *, MustacheData> m_printed;
};

// kainjow's own lookup (innermost context first, dotted names walk into objects), except that
// a marked name asks for the printed form of the value.
class PromptContext final : public kainjow::mustache::basic_context<std::string>
{
    Q_DISABLE_COPY_MOVE(PromptContext)

public:
    explicit PromptContext(const ValueTree &tree)
        : m_tree(tree)
    {
        m_items.push_back(&tree.root());
    }

    void push(const MustacheData *data) override { m_items.insert(m_items.begin(), data); }
    void pop() override { m_items.erase(m_items.begin()); }

    const MustacheData *get(const std::string &name) const override
    {
        if (name.empty() || name.front() != kInterpolationMarker)
            return lookup(name);
        const MustacheData *value = lookup(name.substr(1));
        if (!value)
            return nullptr;
        const MustacheData *printed = m_tree.printed(value);
        return printed ? printed : value;
    }

    const MustacheData *get_partial(const std::string &) const override { return nullptr; }

private:
    const MustacheData *lookup(const std::string &name) const
    {
        if (name == ".")
            return m_items.front();
        const auto names = kainjow::mustache::split(name, '.');
        for (const MustacheData *item : m_items) {
            const MustacheData *value = item;
            for (const std::string &part : names) {
                value = value->get(part);
                if (!value)
                    break;
            }
            if (value)
                return value;
        }
        return nullptr;
    }

    const ValueTree &m_tree;
    std::vector<const MustacheData *> m_items;
};

} // namespace

Result<QString> renderMustache(const QString &text, const json &values)
{
    if (!values.is_object())
        return fail(ErrorCode::InvalidArgument,
            QStringLiteral("Template values must be a JSON object of name to value."));

    QString marked = text;
    const ScannedTemplate scanned = scanTemplate(text, 0);
    for (auto it = scanned.tags.rbegin(); it != scanned.tags.rend(); ++it) {
        if (it->isInterpolation())
            marked.insert(it->nameStart, QChar(char16_t(kInterpolationMarker)));
    }

    try {
        kainjow::mustache::mustache engine(marked.toStdString());
        // Prompts are plain text: the default would turn "a < b" into "a &lt; b".
        engine.set_custom_escape([](const std::string &unchanged) { return unchanged; });
        if (!engine.is_valid())
            return fail(ErrorCode::InvalidArgument,
                QString(QStringLiteral("The template is not valid Mustache: ")
                    + QString::fromStdString(engine.error_message())
                    + QStringLiteral(". Correct the template.")));
        const ValueTree tree(values);
        PromptContext context(tree);
        const std::string rendered = engine.render(context);
        if (!engine.is_valid())
            return fail(ErrorCode::InvalidArgument,
                QString(QStringLiteral("The template could not be rendered: ")
                    + QString::fromStdString(engine.error_message())
                    + QStringLiteral(". Correct the template.")));
        return QString::fromStdString(rendered);
    } catch (const std::exception &error) {
        return fail(ErrorCode::InvalidArgument,
            QString(QStringLiteral("The template could not be rendered: ")
                + QString::fromStdString(error.what())
                + QStringLiteral(". Correct the template.")));
    }
}

} // namespace switchboard::core::prompts
