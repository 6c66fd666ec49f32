#include "jsonfields.h"

#include <algorithm>

namespace switchboard::core::prompts {

using nlohmann::json;

namespace {

QString toQt(const json &value)
{
    return value.is_string() ? QString::fromStdString(value.get_ref<const std::string &>()) : QString();
}

} // namespace

JsonFields::JsonFields(const json &object, QString path, QStringList &problems)
    : m_object(object), m_path(std::move(path)), m_problems(problems)
{
    if (!object.is_object())
        note(m_path, QStringLiteral("expected an object"));
}

QString JsonFields::join(const QString &path, const char *key)
{
    return path.isEmpty() ? QString::fromLatin1(key) : QString(path + u'.' + QLatin1String(key));
}

QString JsonFields::index(const QString &path, std::size_t index)
{
    return path + QStringLiteral("[%1]").arg(index);
}

QString JsonFields::lineAndColumn(QByteArrayView text, std::size_t byteOffset)
{
    const qsizetype end = std::min<qsizetype>(qsizetype(byteOffset), text.size());
    const qsizetype lastBreak = end > 0 ? text.first(end).lastIndexOf('\n') : -1;
    const qsizetype line = text.first(end).count('\n') + 1;
    const qsizetype column = lastBreak < 0 ? end : end - lastBreak - 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(std::max<qsizetype>(column, 1));
}

QString JsonFields::path(const char *key) const
{
    return join(m_path, key);
}

void JsonFields::note(const QString &path, const QString &message)
{
    m_problems.push_back(path + QLatin1String(": ") + message);
}

const json *JsonFields::member(const char *key, bool required)
{
    if (!ok())
        return nullptr;
    const auto it = m_object.find(key);
    if (it == m_object.end() || it->is_null()) {
        if (required)
            note(path(key), QStringLiteral("missing; it is required"));
        return nullptr;
    }
    return &*it;
}

QString JsonFields::string(const char *key, bool required)
{
    const json *value = member(key, required);
    if (value && !value->is_string())
        note(path(key), QStringLiteral("expected a string"));
    return value ? toQt(*value) : QString();
}

std::optional<qint64> JsonFields::integer(const char *key, bool required)
{
    const json *value = member(key, required);
    if (!value)
        return std::nullopt;
    if (!value->is_number_integer()) {
        note(path(key), QStringLiteral("expected a whole number"));
        return std::nullopt;
    }
    return value->get<qint64>();
}

std::optional<double> JsonFields::number(const char *key)
{
    const json *value = member(key);
    if (!value)
        return std::nullopt;
    if (!value->is_number()) {
        note(path(key), QStringLiteral("expected a number"));
        return std::nullopt;
    }
    return value->get<double>();
}

std::optional<bool> JsonFields::boolean(const char *key)
{
    const json *value = member(key);
    if (!value)
        return std::nullopt;
    if (!value->is_boolean()) {
        note(path(key), QStringLiteral("expected true or false"));
        return std::nullopt;
    }
    return value->get<bool>();
}

QStringList JsonFields::strings(const char *key)
{
    QStringList out;
    const json *value = member(key);
    if (!value)
        return out;
    if (!value->is_array()) {
        note(path(key), QStringLiteral("expected a list of strings"));
        return out;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
        if ((*value)[i].is_string())
            out.push_back(toQt((*value)[i]));
        else
            note(index(path(key), i), QStringLiteral("expected a string"));
    }
    return out;
}

} // namespace switchboard::core::prompts
