import { describe, expect, it } from 'bun:test'
import { toCsv } from './csv.ts'

describe('toCsv', () => {
  it('quotes what needs quoting and ends lines with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b, c'],
        [
          ['x "y"', 1.5],
          [null, 'line\nbreak'],
        ],
      ),
    ).toBe('a,"b, c"\r\n"x ""y""",1.5\r\n,"line\nbreak"\r\n')
  })

  it('defuses text a spreadsheet would run as a formula, but not numbers', () => {
    expect(toCsv(['v'], [['=HYPERLINK("http://x")'], ['+1'], ['@SUM(A1)'], [-3]])).toBe(
      'v\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+1\r\n\'@SUM(A1)\r\n-3\r\n',
    )
  })
})
