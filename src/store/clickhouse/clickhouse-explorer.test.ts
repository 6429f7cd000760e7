import { expect, it } from 'bun:test'
import { failure, wrap } from './clickhouse-explorer.ts'

// What the explorer gets back from ClickHouse 18.16 (captured from the server the tests start).
const serverError = (text: string) =>
  new Error(`Code: 62, e.displayText() = DB::Exception: ${text}, e.what() = DB::Exception\n`)
const limits = { rowLimit: 100, timeoutMs: 5000, maxOutputBytes: 1_000_000 }
const expected = 'Expected one of: AS, PREWHERE, identifier, UNION ALL, Comma'

it('places a syntax error in the user’s text, not in the wrapper around it', () => {
  const wrapped = wrap('SELECT 1\nFORMAT CSV', 101)
  const error = serverError(
    `Syntax error: failed at position 26 (line 3, col 1): FORMAT CSV\n) LIMIT 101 \nFORMAT JSONCompact. ${expected}`,
  )
  expect(failure(error, wrapped, limits)).toEqual({
    ok: false,
    code: 'invalid-query',
    message: `Syntax error: line 2, column 1, at \`FORMAT CSV\`. ${expected}`,
  })
})

it('tells a second statement from a typo', () => {
  const wrapped = wrap('SELECT 1; DROP TABLE x', 101)
  const error = serverError(
    `Syntax error: failed at position 25 (end of query) (line 2, col 9): ; DROP TABLE x\n) LIMIT 101 \nFORMAT JSONCompact. ${expected}`,
  )
  expect(failure(error, wrapped, limits)).toEqual({
    ok: false,
    code: 'invalid-query',
    message: 'Run one statement at a time (nothing may follow the first `;`)',
  })
})

it('says so plainly when the server points at the wrapper instead (seen in CI)', () => {
  const anomaly = (text: string) =>
    serverError(
      `Syntax error: failed at position 15 (line 1, col 15): (\n${text}\n) LIMIT 101 \nFORMAT JSONCompact. Unmatched parentheses: (`,
    )
  expect(failure(anomaly('SELECT 1\nFORMAT CSV'), wrap('SELECT 1\nFORMAT CSV', 101), limits)).toEqual({
    ok: false,
    code: 'invalid-query',
    message: 'Syntax error: the query does not parse (ClickHouse did not say where)',
  })
  expect(failure(anomaly('SELECT 1; DROP TABLE x'), wrap('SELECT 1; DROP TABLE x', 101), limits)).toEqual({
    ok: false,
    code: 'invalid-query',
    message: 'Run one statement at a time (nothing may follow the first `;`)',
  })
})

it('tells a write from a typo when the server points at the wrapper (seen after an aborted query)', () => {
  const anomaly = (text: string) =>
    serverError(
      `Syntax error: failed at position 15 (line 1, col 15): (\n${text}\n) LIMIT 1001 \nFORMAT JSONCompact. Unmatched parentheses: (`,
    )
  const onlySelect =
    'Only SELECT queries run here (SELECT, WITH … SELECT); the data explorer cannot change data or settings'
  for (const write of ['ALTER TABLE api_requests DELETE WHERE 1', '/* x */ DROP TABLE requests'])
    expect(failure(anomaly(write), wrap(write, 1001), limits)).toMatchObject({ message: onlySelect })
  for (const select of ['-- totals\n(SELECT 1) FORMAT CSV', 'with 1 AS x SELECT x FORMAT CSV'])
    expect(failure(anomaly(select), wrap(select, 1001), limits)).toMatchObject({
      message: 'Syntax error: the query does not parse (ClickHouse did not say where)',
    })
})

it('tells a write from a typo: the parser stops at the first word of the user’s text', () => {
  const wrapped = wrap('DROP TABLE x', 101)
  const error = serverError(
    `Syntax error: failed at position 17 (line 2, col 1): DROP TABLE x\n) LIMIT 101 \nFORMAT JSONCompact. ${expected}`,
  )
  expect(failure(error, wrapped, limits)).toEqual({
    ok: false,
    code: 'invalid-query',
    message:
      'Only SELECT queries run here (SELECT, WITH … SELECT); the data explorer cannot change data or settings',
  })
})

it('refuses a query past its memory limit as too large, in the embedded store’s words', () => {
  const error = new Error(
    'Code: 241, e.displayText() = DB::Exception: Memory limit (for query) exceeded: would use 512.00 MiB (attempt to allocate chunk of 1048576 bytes), maximum: 512.00 MiB, e.what() = DB::Exception\n',
  )
  expect(failure(error, wrap('SELECT 1', 101), limits)).toEqual({
    ok: false,
    code: 'too-large',
    message:
      'The query needed more than 512 MB of memory and was stopped (ClickHouse: Memory limit (for query) exceeded: would use 512.00 MiB (attempt to allocate chunk of 1048576 bytes), maximum: 512.00 MiB); select fewer or shorter values',
  })
})

it('refuses an answer past the byte budget as too large, in the embedded store’s words', () => {
  const error = new Error(
    'Code: 396, e.displayText() = DB::Exception: Limit for result exceeded, max bytes: 976.56 KiB, current bytes: 4.77 MiB, e.what() = DB::Exception\n',
  )
  expect(failure(error, wrap('SELECT 1', 101), limits)).toEqual({
    ok: false,
    code: 'too-large',
    message:
      'The answer is larger than a result may be (1,000,000 bytes; ClickHouse: Limit for result exceeded, max bytes: 976.56 KiB, current bytes: 4.77 MiB); select fewer rows or shorter columns (substr, length)',
  })
})
