// promptfoo test files (YAML) as dataset items: evals/datasetfile.h says what is read.
#include "evals/datasetfile.h"

#include <yaml-cpp/yaml.h>

#include <charconv>

namespace switchboard::core::evals {
namespace {

using nlohmann::json;

QString at(const YAML::Node &node)
{
    const int line = node.Mark().line;
    return line >= 0 ? QStringLiteral("line %1").arg(line + 1) : QStringLiteral("the file");
}

// A plain (unquoted) scalar as YAML means it: a number, a boolean, null, else text.
json scalar(const YAML::Node &node)
{
    const std::string &text = node.Scalar();
    if (node.Tag() == "!") // quoted: text whatever it looks like
        return text;
    if (text == "true" || text == "True" || text == "TRUE")
        return true;
    if (text == "false" || text == "False" || text == "FALSE")
        return false;
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return nullptr;
    qint64 whole = 0;
    if (auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), whole); error == std::errc() && end == text.data() + text.size())
        return whole;
    double real = 0;
    if (auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), real); error == std::errc() && end == text.data() + text.size())
        return real;
    return text;
}

Result<json> toJson(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
        return json(nullptr);
    case YAML::NodeType::Scalar: {
        if (node.Scalar().starts_with("file://"))
            return fail(ErrorCode::Unsupported, QStringLiteral("%1: \"%2\" loads another file, which this import does not follow; "
                                                               "put its contents in the test instead.")
                                                    .arg(at(node), QString::fromStdString(node.Scalar())));
        return scalar(node);
    }
    case YAML::NodeType::Sequence: {
        json out = json::array();
        for (const YAML::Node &element : node) {
            auto converted = toJson(element);
            if (!converted)
                return converted;
            out.push_back(std::move(*converted));
        }
        return out;
    }
    case YAML::NodeType::Map: {
        json out = json::object();
        for (const auto &entry : node) {
            auto converted = toJson(entry.second);
            if (!converted)
                return converted;
            out[entry.first.as<std::string>()] = std::move(*converted);
        }
        return out;
    }
    }
    return json(nullptr);
}

} // namespace

Result<std::vector<DatasetItem>> parseDatasetYaml(QByteArrayView bytes)
{
    YAML::Node document;
    try {
        document = YAML::Load(std::string(bytes.data(), static_cast<std::size_t>(bytes.size())));
    } catch (const YAML::Exception &error) {
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The YAML cannot be read at line %1, column %2: %3. Text that holds "
                                                               "a colon, ?, #, braces, brackets or commas needs quotes.")
                                                    .arg(error.mark.line + 1)
                                                    .arg(error.mark.column + 1)
                                                    .arg(QString::fromStdString(error.msg)));
    }
    try {
        const YAML::Node tests = document.IsSequence() ? document : document.IsMap() ? document["tests"] : YAML::Node();
        if (tests.IsScalar())
            return fail(ErrorCode::Unsupported, QStringLiteral("\"tests\" names another file (%1); import that file itself.")
                                                    .arg(QString::fromStdString(tests.Scalar())));
        if (!tests.IsSequence() || tests.size() == 0)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("The file has no tests: promptfoo test files hold \"tests:\", a list of "
                                                                   "tests each with \"vars\" and \"assert\"."));
        json defaults = json::object();
        if (document.IsMap() && document["defaultTest"]) {
            auto converted = toJson(document["defaultTest"]);
            if (!converted)
                return std::unexpected(converted.error());
            if (!converted->is_object())
                return fail(ErrorCode::InvalidArgument, QStringLiteral("%1: \"defaultTest\" is a mapping with \"vars\" and \"assert\".")
                                                            .arg(at(document["defaultTest"])));
            defaults = std::move(*converted);
        }
        std::vector<DatasetItem> items;
        int number = 0;
        for (const YAML::Node &test : tests) {
            ++number;
            const QString where = QStringLiteral("Test %1 (%2)").arg(number).arg(at(test));
            auto converted = toJson(test);
            if (!converted)
                return std::unexpected(converted.error());
            json object = std::move(*converted);
            if (!object.is_object())
                return fail(ErrorCode::InvalidArgument, where + QStringLiteral(": a test is a mapping with \"vars\" and \"assert\"."));
            json vars = defaults.value("vars", json::object());
            if (object.contains("vars") && !object["vars"].is_object())
                return fail(ErrorCode::InvalidArgument, where + QStringLiteral(": \"vars\" is a mapping of variable names to values."));
            if (vars.is_object() && object.contains("vars"))
                vars.update(object["vars"]);
            else if (object.contains("vars"))
                vars = object["vars"];
            object["vars"] = vars.is_object() ? vars : json::object();
            if (defaults.contains("assert") && defaults["assert"].is_array()) {
                json assertions = defaults["assert"];
                if (object.contains("assert") && object["assert"].is_array())
                    assertions.insert(assertions.end(), object["assert"].begin(), object["assert"].end());
                object["assert"] = assertions;
            }
            auto item = parseDatasetItem(object, where);
            if (!item)
                return std::unexpected(item.error());
            items.push_back(std::move(*item));
        }
        return items;
    } catch (const YAML::Exception &error) {
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The YAML is not a promptfoo test file (line %1): %2.")
                                                    .arg(error.mark.line + 1)
                                                    .arg(QString::fromStdString(error.msg)));
    }
}

} // namespace switchboard::core::evals
