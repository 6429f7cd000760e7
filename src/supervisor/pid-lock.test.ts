import { afterEach, beforeEach, expect, it } from 'bun:test'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { acquirePidLock, parsePidFile } from './pid-lock.ts'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-lock-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it.each([
  ['123 456\n', { pid: 123, startTime: '456' }],
  ['123 -\n', { pid: 123, startTime: null }],
  ['123', { pid: 123, startTime: null }],
  ['', null],
  ['abc', null],
  ['-5 1', null],
])('parsePidFile(%p)', (text, content) => {
  expect(parsePidFile(text)).toEqual(content)
})

it('lets one holder in, reports it to the next, and releases', async () => {
  const path = join(dir, 'a.pid')
  const first = await acquirePidLock(path)
  const second = await acquirePidLock(path)
  expect(first.acquired).toBe(true)
  expect(second).toEqual({ acquired: false, holder: process.pid })
  if (first.acquired) first.release()
  expect(existsSync(path)).toBe(false)
})

it('takes over a PID file whose writer is gone', async () => {
  const path = join(dir, 'b.pid')
  const dead = Bun.spawnSync(['true']).pid
  writeFileSync(path, `${dead} 1\n`)
  const lock = await acquirePidLock(path)
  expect(lock.acquired).toBe(true)
  expect(parsePidFile(readFileSync(path, 'utf8'))?.pid).toBe(process.pid)
})
