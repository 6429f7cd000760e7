import { describe, expect, test } from 'bun:test'
import { parseClickHouseUrl } from './clickhouse-url.ts'

describe('parseClickHouseUrl', () => {
  test.each([
    [
      'clickhouse://cc:p%40ss@db.local:9000/team',
      {
        url: 'http://db.local:9000',
        username: 'cc',
        password: 'p@ss',
        database: 'team',
        requestTimeoutMs: 30_000,
      },
    ],
    [
      'clickhouses://db.local?timeout=120',
      {
        url: 'https://db.local:8443',
        username: 'default',
        password: '',
        database: 'context_cleaner',
        requestTimeoutMs: 120_000,
      },
    ],
  ])('%s', (value, target) => {
    expect(parseClickHouseUrl(value)).toEqual(target)
  })

  test.each([
    ['clickhouse://u:secret@h:8123/bad-name', 'Expected the ClickHouse database in `--store`'],
    ['clickhouse://h/db?timeout=0', 'Expected `timeout` in `--store` to be 1-86400 seconds, got `0`'],
    ['clickhouse://', 'Expected `--store` to be sqlite or clickhouse://'],
  ])('%s is refused', (value, message) => {
    expect(() => parseClickHouseUrl(value)).toThrow(message)
  })

  test('a refused URL never echoes its password', () => {
    expect(() => parseClickHouseUrl('clickhouse://u:secret@:8123/x')).toThrow('`clickhouse://u:***@:8123/x`')
  })
})
