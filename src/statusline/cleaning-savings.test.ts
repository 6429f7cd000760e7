import { afterAll, describe, expect, it } from 'bun:test'
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../../test/helpers/cli.ts'
import {
  backgroundSavings,
  FINISH_MS_PER_MIB,
  FINISH_RESERVE_MS,
  foregroundSavings,
  MIN_SCAN_MS,
} from './cleaning-savings.ts'
import { savingsPaths } from './line-cache.ts'

const fixture = readFileSync(
  join(import.meta.dir, '..', '..', 'test', 'fixtures', 'context', 'reads-and-edits.jsonl'),
  'utf8',
)
// A day after the fixture's last request: its prompt cache has expired, so cleaning pays.
const now = Date.parse('2026-05-02T10:00:00.000Z')
// What `context analyze` says of the fixture: 5,140 tokens out, $0.001542 less per later request.
const pays = { tokensSaved: 5140, savingPerRequest: expect.closeTo(0.001542, 6) }
const filler = (mb: number) => {
  const line = `{"type":"queue-operation","operation":"enqueue","timestamp":"2026-05-01T09:00:00.000Z","sessionId":"s"}\n`
  return line.repeat(Math.ceil((mb * 1024 * 1024) / line.length))
}

const dir = tempDir('cc-cleaning-savings-')
afterAll(() => dir.cleanup())
let n = 0
/** A transcript and the statusline's base path for it, in a directory of their own. */
function session(text: string): { transcript: string; base: string; size: number } {
  const at = join(dir.path, String(++n))
  mkdirSync(at)
  const transcript = join(at, 's.jsonl')
  writeFileSync(transcript, text)
  return { transcript, base: join(at, 'state', 's'), size: Buffer.byteLength(text) }
}
const scanState = (base: string): { offset: number } =>
  JSON.parse(readFileSync(savingsPaths(base).state, 'utf8'))

describe('foregroundSavings', () => {
  it('gives the saving when the scan finishes in time', () => {
    const s = session(fixture)
    expect(foregroundSavings(s.transcript, s.base, now, () => 10_000)).toEqual({
      savings: pays,
      validUntil: expect.any(Number),
      behind: false,
    })
  })

  // Time runs short mid-scan: the left() after the first few lines says only the reserve is left.
  it('stops a scan with FINISH_RESERVE_MS still left, and keeps what it scanned for the next run', () => {
    const s = session(filler(1) + fixture)
    let calls = 0
    const shortening = () => (calls++ < 4 ? 10_000 : FINISH_RESERVE_MS)
    expect(foregroundSavings(s.transcript, s.base, now, shortening)).toMatchObject({
      savings: null,
      behind: true,
    })
    const { offset } = scanState(s.base)
    expect(offset).toBeGreaterThan(0)
    expect(offset).toBeLessThan(s.size)
    expect(foregroundSavings(s.transcript, s.base, now, () => 10_000)).toMatchObject({
      savings: pays,
      behind: false,
    })
  })

  it('does not start a scan with less than MIN_SCAN_MS left beyond the reserve', () => {
    const s = session(fixture)
    const r = foregroundSavings(s.transcript, s.base, now, () => FINISH_RESERVE_MS + MIN_SCAN_MS - 1)
    expect(r).toMatchObject({ savings: null, behind: true })
    expect(existsSync(savingsPaths(s.base).state)).toBe(false)
  })

  it('leaves the scan to a background scan under way, whose lock is there', () => {
    const s = session(fixture)
    mkdirSync(join(s.base, '..'), { recursive: true })
    writeFileSync(savingsPaths(s.base).lock, '')
    expect(foregroundSavings(s.transcript, s.base, now, () => 10_000)).toMatchObject({
      savings: null,
      behind: true,
    })
    expect(existsSync(savingsPaths(s.base).state)).toBe(false)
    // The background pass, holding that lock, scans; its answer then serves the statusline's runs.
    expect(backgroundSavings(s.transcript, s.base, now)).toMatchObject({ savings: pays, behind: false })
    expect(foregroundSavings(s.transcript, s.base, now, () => 10_000)).toMatchObject({
      savings: pays,
      behind: false,
    })
  })

  // A snapshot of 12 MiB of transcript takes longer to write back than a small one: more is kept back.
  it('keeps back FINISH_MS_PER_MIB for each MiB of transcript the snapshot covers', () => {
    const s = session(filler(12))
    backgroundSavings(s.transcript, s.base, now)
    rmSync(savingsPaths(s.base).result)
    appendFileSync(s.transcript, fixture)
    const enough = FINISH_RESERVE_MS + MIN_SCAN_MS + 1
    expect(FINISH_RESERVE_MS + FINISH_MS_PER_MIB * 12).toBeGreaterThan(enough)
    expect(foregroundSavings(s.transcript, s.base, now, () => enough)).toMatchObject({ behind: true })
    expect(scanState(s.base).offset).toBe(s.size)
    expect(foregroundSavings(s.transcript, s.base, now, () => 10_000)).toMatchObject({
      savings: pays,
      behind: false,
    })
  })

  it('reads at most 4 MB a run', () => {
    const s = session(filler(5) + fixture)
    expect(foregroundSavings(s.transcript, s.base, now, () => 60_000)).toMatchObject({ behind: true })
    expect(scanState(s.base).offset).toBeLessThanOrEqual(4 * 1024 * 1024)
  })
})

describe('backgroundSavings', () => {
  it('scans a transcript longer than a run reads to its end in one pass', () => {
    const s = session(filler(5) + fixture)
    expect(backgroundSavings(s.transcript, s.base, now)).toMatchObject({ savings: pays, behind: false })
    expect(scanState(s.base).offset).toBe(s.size)
  })
})
