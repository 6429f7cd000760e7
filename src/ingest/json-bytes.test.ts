import { describe, expect, it } from 'bun:test'
import { plainString, stringEnd, valueEnd } from './json-bytes.ts'

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

describe('plainString', () => {
  const at = (text: string, from: string) => plainString(Buffer.from(text), text.indexOf(from))

  it('reads a short string without escapes up to its closing quote', () => {
    expect(at('{"id":"toolu_01A","name":"Bash"}', 'toolu')).toBe('toolu_01A')
  })

  it('is null for an empty, escaped, over-long or cut-off string, or no match', () => {
    expect(at('{"id":"","x":1}', '","x')).toBeNull()
    expect(at(String.raw`{"id":"a\"b"}`, 'a')).toBeNull()
    expect(at(`{"id":"${'x'.repeat(201)}"}`, 'x')).toBeNull()
    expect(at(`{"id":"${'x'.repeat(200)}"}`, 'x')).toBe('x'.repeat(200))
    expect(at('{"id":"cut', 'cut')).toBeNull()
    expect(plainString(Buffer.from('"a"'), -1)).toBeNull()
  })
})
