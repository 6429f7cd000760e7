import { expect, it } from 'bun:test'
import { repeatedFlag } from './repeated-flag.ts'

it.each([
  [['--memory-limit', 'collector=5'], 'collector=5'],
  [['--port', '1', '--memory-limit', 'a=1', '--memory-limit=b=2'], 'a=1,b=2'],
  [['--port', '1'], undefined],
  [['--memory-limit'], undefined],
  [['--', '--memory-limit', 'a=1'], undefined],
])('%p gives %p', (args, value) => {
  expect(repeatedFlag(args, 'memory-limit')).toBe(value)
})
