import { describe, expect, it } from 'bun:test'
import { stringEnd, valueEnd } from './json-bytes.ts'

describe('stringEnd', () => {
  it('finds the closing quote past escaped quotes and escaped backslashes', () => {
    const text = String.raw`"a\"b\\"tail`
    expect(stringEnd(Buffer.from(text), 1)).toBe(text.indexOf('tail') - 1)
    expect(stringEnd(Buffer.from('""'), 1)).toBe(1)
    expect(stringEnd(Buffer.from(String.raw`"open\"`), 1)).toBe(-1)
  })
})

describe('valueEnd', () => {
  it('ends an array or object at its own closing bracket, whatever its strings hold', () => {
    for (const value of [[], {}, [1, [2, { a: ']' }]], { a: '}{', b: ['"', '\\'], c: { d: [] } }]) {
      const text = `${JSON.stringify(value)},"after":1`
      expect(valueEnd(Buffer.from(text), 0)).toBe(JSON.stringify(value).length)
    }
  })

  it('is -1 when the bytes end first', () => {
    expect(valueEnd(Buffer.from('[1,[2]'), 0)).toBe(-1)
    expect(valueEnd(Buffer.from('{"a":"}'), 0)).toBe(-1)
  })
})
