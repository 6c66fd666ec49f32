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

} // namespace switchboard::tests
