#include "model/chatrequest.h"

#include "model/enumnames.h"

namespace switchboard::core {
namespace {

constexpr EnumNames<Role, 5> kRoles { {
    { Role::System, "system" },
    { Role::Developer, "developer" },
    { Role::User, "user" },
    { Role::Assistant, "assistant" },
    { Role::Tool, "tool" },
} };

} // namespace

QString nameOf(Role role) { return enumName(kRoles, role); }
std::optional<Role> roleFromString(QStringView name) { return enumValue(kRoles, name); }

ContentPart ContentPart::fromText(QString text)
{
    ContentPart part;
    part.kind = Kind::Text;
    part.text = std::move(text);
    return part;
}

ChatMessage ChatMessage::text(Role role, QString text)
{
    ChatMessage message;
    message.role = role;
    message.content.push_back(ContentPart::fromText(std::move(text)));
    return message;
}

QString ChatMessage::plainText() const
{
    QString joined;
    for (const ContentPart &part : content) {
        if (part.kind != ContentPart::Kind::Text)
            continue;
        if (!joined.isEmpty())
            joined += QLatin1Char('\n');
        joined += part.text;
    }
    return joined;
}

} // namespace switchboard::core
