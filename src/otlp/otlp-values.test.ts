import { describe, expect, test } from 'bun:test'
import { anyValue, attributes, count, nanosToMs } from './otlp-values.ts'

describe('OTLP values', () => {
  test.each([
    [{ stringValue: 'a' }, 'a'],
    [{ intValue: '42' }, 42],
    [{ intValue: 42 }, 42],
    [{ intValue: '9007199254740993' }, '9007199254740993'],
    [{ doubleValue: 1.5 }, 1.5],
    [{ doubleValue: 'NaN' }, 'NaN'],
    [{ boolValue: false }, false],
    [{ arrayValue: { values: [{ intValue: 1 }, { stringValue: 'x' }] } }, [1, 'x']],
    [{ arrayValue: {} }, []],
    [{ kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } }, { k: true }],
    [{}, null],
    [{ intValue: 'ten' }, undefined],
    [{ stringValue: 5 }, undefined],
    ['plain', undefined],
  ])('anyValue(%j) is %j', (value, expected) => {
    expect(anyValue(value)).toEqual(expected)
  })

  test('deep nesting is refused', () => {
    let v: unknown = { stringValue: 'leaf' }
    for (let i = 0; i < 20; i++) v = { arrayValue: { values: [v] } }
    expect(anyValue(v)).toBeUndefined()
  })

  test('attributes honour the limit', () => {
    const list = [
      { key: 'a', value: { intValue: 1 } },
      { key: 'b', value: { intValue: 2 } },
    ]
    expect(attributes(list, 2)).toEqual({ a: 1, b: 2 })
    expect(attributes(list, 1)).toBeUndefined()
    expect(attributes([{ key: 1 }], 5)).toBeUndefined()
    expect(attributes(undefined, 5)).toEqual({})
  })

  test.each([
    ['1795533909824000000', 1795533909824],
    [1795533909824000000, 1795533909824],
    ['0', null],
    [undefined, null],
    ['-5', undefined],
    ['soon', undefined],
  ])('nanosToMs(%j) is %j', (value, expected) => {
    expect(nanosToMs(value)).toBe(expected as number)
  })

  test.each([
    ['7', 7],
    [7, 7],
    [undefined, null],
    ['7.5', undefined],
    [-1, undefined],
  ])('count(%j) is %j', (value, expected) => {
    expect(count(value === undefined ? {} : { n: value }, 'n')).toBe(expected as number)
  })
})
