import { expect, it } from 'bun:test'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  cliCommand,
  internalEntries,
  internalEntryCommand,
  isCompiled,
  isInternalEntry,
  workerEntries,
  workerUrl,
} from './entry-points.ts'

// The executable's side is proven by test/integration/executable.test.ts, which builds and runs it.
it('points at source files that exist when run from source', () => {
  expect(isCompiled).toBe(false)
  const [bun, main, ...rest] = cliCommand(['report', 'daily'])
  expect(bun).toBe(process.execPath)
  expect(main?.endsWith('/src/cli/main.ts') && existsSync(main)).toBe(true)
  expect(rest).toEqual(['report', 'daily'])
  for (const entry of Object.keys(internalEntries).filter(isInternalEntry)) {
    const [, script, ...args] = internalEntryCommand(entry)
    expect(existsSync(script ?? '')).toBe(true)
    expect(args).toEqual([])
  }
  for (const entry of workerEntries) expect(existsSync(fileURLToPath(workerUrl(entry)))).toBe(true)
})

it('knows its internal entries and nothing else', () => {
  expect(['supervisor', 'explorer-query', 'statusline-scan'].every(isInternalEntry)).toBe(true)
  expect(isInternalEntry('toString')).toBe(false)
  expect(isInternalEntry(undefined)).toBe(false)
})
