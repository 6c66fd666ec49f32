#include "testdata.h"

#include <QFile>
#include <QTest>

namespace switchboard::tests {

QByteArray testData(const QString &relativePath)
{
    QFile file(QStringLiteral(SWITCHBOARD_TEST_DATA "/") + relativePath);
    if (!file.open(QIODevice::ReadOnly)) {
        QTest::qFail(qPrintable(QStringLiteral("missing test data: %1").arg(file.fileName())),
                     __FILE__, __LINE__);
        return {};
    }
    return file.readAll();
}

nlohmann::json testJson(const char *relativePath)
{
    return nlohmann::json::parse(testData(QString::fromLatin1(relativePath)).toStdString());
}

} // namespace switchboard::tests
