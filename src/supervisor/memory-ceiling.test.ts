import { expect, it } from 'bun:test'
import { addressSpaceCeiling, ceilingPrefix } from './memory-ceiling.ts'

const MiB = 2 ** 20

it('sets twice the limit plus the address space Bun needs, through prlimit when there is one', () => {
  expect(addressSpaceCeiling(1024 * MiB)).toBe(2816 * MiB)
  // Never below 2.5 GiB: Bun cannot start under some smaller limits.
  expect(ceilingPrefix(5 * MiB, '/usr/bin/prlimit')).toEqual(['/usr/bin/prlimit', `--as=${2560 * MiB}`, '--'])
  expect(ceilingPrefix(5 * MiB, null)).toEqual([])
  expect(ceilingPrefix(null, '/usr/bin/prlimit')).toEqual([])
})
