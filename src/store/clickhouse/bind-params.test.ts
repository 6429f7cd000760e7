import { describe, expect, test } from 'bun:test'
import { bindParams } from './bind-params.ts'

describe('bindParams', () => {
  test.each([
    ['SELECT {n:Int64}', { n: 5 }, 'SELECT toInt64(5)'],
    ['SELECT {n:UInt8}', { n: 0 }, 'SELECT toUInt8(0)'],
    ['SELECT {x:Float64}', { x: 1e-7 }, 'SELECT toFloat64(1e-7)'],
    ['SELECT {s:String}', { s: "it's" }, "SELECT 'it\\'s'"],
    ['SELECT {s:String}', { s: "a\\' OR 1=1 --" }, "SELECT 'a\\\\\\' OR 1=1 --'"],
    ['SELECT {s:String}, {s:String}', { s: '{t:String}' }, "SELECT '{t:String}', '{t:String}'"],
  ])('%s with %p', (sql, params, bound) => {
    expect(bindParams(sql, params)).toBe(bound)
  })

  test.each([
    ['SELECT {n:Int64}', { n: 1.5 }, 'must be an integer'],
    ['SELECT {n:Int64}', { n: '1; DROP TABLE x' }, 'must be an integer'],
    ['SELECT {x:Float64}', { x: Number.NaN }, 'finite number'],
    ['SELECT {s:String}', { s: 3 }, 'must be a string'],
    ['SELECT {s:Array}', { s: 'x' }, 'Unsupported query parameter type'],
    ['SELECT {missing:Int64}', {}, 'No value for query parameter'],
  ])('%s with %p is refused', (sql, params, message) => {
    expect(() => bindParams(sql, params)).toThrow(message)
  })
})
