import { expect, it } from 'bun:test'
import { cpuSecondsFromStat, readingsFromPs, rssBytesFromStatus } from './resource-readings.ts'

it('reads CPU seconds from a stat line whose command name has spaces and parentheses', () => {
  const stat = '4242 (bun (x) y) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 56 0 0 20 0 9 0 777 6408016 6869'
  expect(cpuSecondsFromStat(stat)).toBe(12.9)
})

it.each([[''], ['garbage'], ['1 (x) S 1 2']])('a stat line %p that does not parse gives null', (text) => {
  expect(cpuSecondsFromStat(text)).toBeNull()
})

it('reads resident memory from a status file, and none from a zombie', () => {
  expect(rssBytesFromStatus('Name:\tbun\nVmHWM:\t  52684 kB\nVmRSS:\t   51888 kB\n')).toBe(51888 * 1024)
  expect(rssBytesFromStatus('Name:\tbun\nState:\tZ (zombie)\n')).toBeNull()
})

it('reads ps output in both time formats and skips lines that do not parse', () => {
  const text = ['  101  51888      0:01.50', '202 70000 1-02:03:04', 'x y z', '303 12', ''].join('\n')
  expect([...readingsFromPs(text)]).toEqual([
    [101, { rssBytes: 51888 * 1024, cpuSeconds: 1.5 }],
    [202, { rssBytes: 70000 * 1024, cpuSeconds: 93_784 }],
  ])
})
