import { afterEach, beforeEach, expect, it } from 'bun:test'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RotatingLog, rotationRenames } from './rotating-log.ts'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-log-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('renames oldest first so nothing is overwritten', () => {
  expect(rotationRenames('/l/a.log', 3)).toEqual([
    ['/l/a.log.2', '/l/a.log.3'],
    ['/l/a.log.1', '/l/a.log.2'],
    ['/l/a.log', '/l/a.log.1'],
  ])
})

it('rotates past the size limit and keeps only `keep` old files', () => {
  const path = join(dir, 'svc.log')
  const log = new RotatingLog(path, { maxBytes: 10, keep: 2 })
  for (const line of ['aaaaaa\n', 'bbbbbb\n', 'cccccc\n', 'dddddd\n']) log.write(line)
  log.close()
  log.write('after close is dropped\n')
  expect(readdirSync(dir).sort()).toEqual(['svc.log', 'svc.log.1', 'svc.log.2'])
  expect([path, `${path}.1`, `${path}.2`].map((p) => readFileSync(p, 'utf8'))).toEqual([
    'dddddd\n',
    'cccccc\n',
    'bbbbbb\n',
  ])
})
