// Claude Code's "limit reached" notices imported into ClickHouse, whose importer writes them apart
// from the embedded store's and merges repeated copies when reading (see limit-notice-suite.ts).

import { setDefaultTimeout } from 'bun:test'
import { clickHouseForFile, clickHouseTestTimeoutMs, uniqueDatabase } from '../helpers/clickhouse-server.ts'
import { limitNoticeSuite } from '../helpers/limit-notice-suite.ts'

setDefaultTimeout(clickHouseTestTimeoutMs)

const clickhouse = clickHouseForFile()
const database = uniqueDatabase('limit_notices')
limitNoticeSuite('clickhouse', () => ({ CONTEXT_CLEANER_STORE: clickhouse.server.storeUrl(database) }))
