// Claude Code's "limit reached · resets …" notices in transcripts, imported as plan-limit hits into a
// real store and reported by `report limits --json`, exported and purged like the statusline's. One
// scenario, run against each store by its own test file.

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli, runCliJson, type TempDir, tempDir } from './cli.ts'
import { claudeResetText, limitNotice } from './limit-notices.ts'
import { assistantLine } from './transcript-lines.ts'

const HOUR = 3_600_000
const session = '11111111-2222-4333-8444-555555555555'
const now = Date.now()
const hour = Math.floor(now / HOUR) * HOUR
const iso = (ms: number) => new Date(ms).toISOString()

// A 5-hour hit two hours ago as 2.1.x writes it (structured fields and text), the same refusal again
// on a retry, a weekly hit as text only, and a 5-hour hit ten days ago in the old pipe form.
const fiveHourReset = hour + 2 * HOUR
const weeklyReset = hour + 3 * 24 * HOUR
const oldReset = hour - 10 * 24 * HOUR
const structured = (at: number) =>
  limitNotice({
    session,
    timestamp: iso(at),
    text: `You've hit your 5-hour limit · resets ${claudeResetText(fiveHourReset, 'UTC')} (UTC)`,
    quotaLimits: { status: 'rejected', resetsAt: fiveHourReset / 1000, rateLimitType: 'five_hour' },
  })

export interface LimitReport {
  fiveHour: { usedPercentage: number; resetsAt: string; source: string } | null
  sevenDay: { usedPercentage: number; resetsAt: string; source: string } | null
  hits: { window: string; reachedAt: string; resetsAt: string; source: string }[]
}

/** The scenario against the store `storeEnv` selects (nothing: the embedded SQLite store). */
export function limitNoticeSuite(name: string, storeEnv: () => Record<string, string> = () => ({})): void {
  let dir: TempDir
  let home: string
  let claudeDir: string
  let transcript: string
  const env = () => ({ home, claudeDir, extra: storeEnv() })

  beforeAll(() => {
    dir = tempDir('cc-limit-notices-')
    home = join(dir.path, 'home')
    claudeDir = join(dir.path, 'claude')
    const project = join(claudeDir, 'projects', '-home-dev-app')
    mkdirSync(project, { recursive: true })
    mkdirSync(home, { recursive: true })
    transcript = join(project, `${session}.jsonl`)
    writeFileSync(
      transcript,
      [
        assistantLine({ session, request: 'r1', timestamp: iso(now - 3 * HOUR) }),
        limitNotice({
          session,
          timestamp: iso(oldReset - 2 * HOUR),
          text: `Claude AI usage limit reached|${oldReset / 1000}`,
        }),
        structured(now - 2 * HOUR),
        structured(now - 2 * HOUR + 60_000),
        limitNotice({
          session,
          timestamp: iso(now - HOUR),
          text: `You've hit your weekly limit · resets ${claudeResetText(weeklyReset, 'UTC', true)} (UTC)`,
        }),
        // Not limits: another synthetic error, a notice with a made-up zone, a truncated line.
        limitNotice({ session, timestamp: iso(now - HOUR), text: 'API Error: Connection error.' }),
        limitNotice({
          session,
          timestamp: iso(now - HOUR),
          text: "You've hit your limit · resets 3pm (Mars/Olympus)",
        }),
        '{"type":"assistant","isApiErrorMessage":true,"message":{"model":"<synth',
        '',
      ].join('\n'),
    )
  })

  afterAll(() => dir.cleanup())

  describe(`limit notices in transcripts (${name})`, () => {
    it('report limits --json counts each hit once, with its window and reset', async () => {
      const imported = await runCli(['import'], env())
      expect(imported.exitCode).toBe(0)
      const report = await runCliJson<LimitReport>(['report', 'limits', '--json', '--no-import'], env())
      expect(report.hits).toEqual([
        {
          window: 'five_hour',
          reachedAt: iso(oldReset - 2 * HOUR),
          resetsAt: iso(oldReset),
          source: 'transcript',
        },
        {
          window: 'five_hour',
          reachedAt: iso(now - 2 * HOUR),
          resetsAt: iso(fiveHourReset),
          source: 'transcript',
        },
        { window: 'seven_day', reachedAt: iso(now - HOUR), resetsAt: iso(weeklyReset), source: 'transcript' },
      ])
      expect(report.fiveHour).toMatchObject({
        usedPercentage: 100,
        resetsAt: iso(fiveHourReset),
        source: 'transcript',
      })
      expect(report.sevenDay).toMatchObject({ usedPercentage: 100, resetsAt: iso(weeklyReset) })
    })

    it('picks up a notice appended since, and re-importing adds no copies', async () => {
      const later = hour + 4 * HOUR
      appendFileSync(
        transcript,
        `${limitNotice({ session, timestamp: iso(now - 60_000), text: `Claude AI usage limit reached|${later / 1000}` })}\n`,
      )
      expect((await runCli(['import'], env())).exitCode).toBe(0)
      // The same records again in a copy of the file: every notice read a second time.
      writeFileSync(transcript.replace(/\.jsonl$/, '-copy.jsonl'), readFileSync(transcript))
      expect((await runCli(['import'], env())).exitCode).toBe(0)
      const rows = await runCliJson<{ window: string; source: string }[]>(['export', '--rate-limits'], env())
      // The retried refusal is one reading: same window, reset, percent and session.
      expect(rows.map((r) => [r.window, r.source])).toEqual([
        ['five_hour', 'transcript'],
        ['five_hour', 'transcript'],
        ['seven_day', 'transcript'],
        ['five_hour', 'transcript'],
      ])
      const report = await runCliJson<LimitReport>(['report', 'limits', '--json'], env())
      expect(report.hits).toHaveLength(4)
    })

    it('privacy names the readings, and purging the project removes them', async () => {
      const shown = await runCli(['privacy', 'show'], env())
      expect(shown.stdout).toContain('"limit reached" notices')
      const purged = await runCli(['privacy', 'purge', '--project', '/home/dev/app', '--yes'], env())
      expect(purged.exitCode).toBe(0)
      const rows = await runCliJson<unknown[]>(['export', '--rate-limits'], env())
      expect(rows).toEqual([])
    })
  })
}
