#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <optional>

namespace switchboard::core::prompts {

// Reads the members of one JSON object of a file a person wrote, noting every problem as
// "path: what is wrong" instead of stopping at the first, so that an import can list them all.
class JsonFields final
{
public:
    JsonFields(const nlohmann::json &object, QString path, QStringList &problems);

    bool ok() const { return m_object.is_object(); }
    // "prompts[1].name" for key "name" under "prompts[1]"; just the key at the top.
    QString path(const char *key) const;
    static QString join(const QString &path, const char *key);
    static QString index(const QString &path, std::size_t index);
    void note(const QString &path, const QString &message);
    // "line 3, column 14" for a byte offset into JSON text, as json::parse_error::byte gives
    // it, so that a person can find the mistake in an editor.
    static QString lineAndColumn(QByteArrayView text, std::size_t byteOffset);

    // The member, or null when absent or JSON null (noted when required).
    const nlohmann::json *member(const char *key, bool required = false);
    QString string(const char *key, bool required = false);
    std::optional<qint64> integer(const char *key, bool required = false);
    std::optional<double> number(const char *key);
    std::optional<bool> boolean(const char *key);
    QStringList strings(const char *key);

    // Calls read(element, elementPath) for each element of an array member.
    template<typename Read>
    void array(const char *key, Read read)
    {
        const nlohmann::json *value = member(key);
        if (!value)
            return;
        if (!value->is_array()) {
            note(path(key), QStringLiteral("expected a list"));
            return;
        }
        for (std::size_t i = 0; i < value->size(); ++i)
            read((*value)[i], index(path(key), i));
    }

private:
    const nlohmann::json &m_object;
    QString m_path;
    QStringList &m_problems;
};

} // namespace switchboard::core::prompts
