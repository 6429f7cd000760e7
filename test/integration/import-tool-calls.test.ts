// Tool calls from transcripts: one row per call, its outcome and duration, joined with telemetry's row
// of the same tool use whichever arrives first, on the embedded store (store-parity covers ClickHouse).

import { afterEach, describe, expect, test } from 'bun:test'
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { importHistory } from '../../src/ingest/import-history.ts'
import { emptyTelemetryBatch, type ToolCallRecord } from '../../src/model/telemetry-records.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import { tempDir } from '../helpers/cli.ts'
import { createTestDashboard, get } from '../helpers/dashboard.ts'
import { toolResultLine, toolUseLine } from '../helpers/transcript-lines.ts'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

function setup() {
  const dir = tempDir('cc-tools-')
  const claudeDir = join(dir.path, 'claude')
  const projectDir = join(claudeDir, 'projects', '-home-dev-app')
  mkdirSync(projectDir, { recursive: true })
  const store = new SqliteStore(join(dir.path, 'store.db'))
  cleanups.push(dir.cleanup, () => store.close())
  const path = join(projectDir, 's1.jsonl')
  const run = () => importHistory({ store, claudeDirs: [claudeDir] })
  const reads = store.reads()
  const calls = async () => (await reads.sessionEvents('s1')).tools
  return { store, path, run, reads, calls, projectDir }
}

const at = (s: number) => `2026-11-20T10:00:${String(s).padStart(2, '0')}.000Z`
const use = (id: string, tool: string, s: number) =>
  toolUseLine({ session: 's1', request: `r-${id}`, timestamp: at(s), toolUseId: id, tool })
const result = (id: string, s: number, content: string, isError?: boolean) =>
  toolResultLine({
    session: 's1',
    toolUseId: id,
    timestamp: at(s),
    content,
    ...(isError === undefined ? {} : { isError }),
  })

/** What the collector makes of a `tool_result` event for the same tool use. */
function telemetryCall(id: string, over: Partial<ToolCallRecord> = {}): ToolCallRecord {
  return {
    key: `tool:${id}`,
    sessionId: 's1',
    promptId: 'prompt-1',
    requestId: null,
    toolUseId: id,
    toolName: 'Edit',
    timestamp: Date.parse(at(3)),
    success: true,
    durationMs: 42,
    inputBytes: 120,
    resultBytes: 80,
    error: null,
    decision: 'accept',
    decisionSource: 'config',
    toolSource: null,
    ...over,
  }
}

describe('tool calls from transcripts', () => {
  test('one row per call with its outcome and duration; a failed Edit is a failure; no telemetry needed', async () => {
    const s = setup()
    const lines = [
      use('toolu_read', 'Read', 1),
      result('toolu_read', 2, 'file text'),
      use('toolu_edit', 'Edit', 3),
      result('toolu_edit', 5, '<tool_use_error>String to replace not found</tool_use_error>', true),
      use('toolu_bash', 'Bash', 6),
      result('toolu_bash', 9, 'ok', false),
    ]
    writeFileSync(s.path, `${lines.join('\n')}\n`)
    expect(await s.run()).toMatchObject({ toolCalls: 3, newRequests: 3 })
    expect(await s.calls()).toEqual([
      {
        sessionId: 's1',
        toolName: 'Read',
        timestamp: Date.parse(at(1)),
        success: true,
        durationMs: 1000,
        resultBytes: null,
        error: null,
      },
      {
        sessionId: 's1',
        toolName: 'Edit',
        timestamp: Date.parse(at(3)),
        success: false,
        durationMs: 2000,
        resultBytes: null,
        error: '<tool_use_error>String to replace not found</tool_use_error>',
      },
      {
        sessionId: 's1',
        toolName: 'Bash',
        timestamp: Date.parse(at(6)),
        success: true,
        durationMs: 3000,
        resultBytes: null,
        error: null,
      },
    ])
    const usage = await s.reads.toolUsage({})
    expect(usage?.tools.map((t) => [t.toolName, t.calls, t.successes, t.failures])).toEqual([
      ['Bash', 1, 1, 0],
      ['Edit', 1, 0, 1],
      ['Read', 1, 1, 0],
    ])
    // A resumed session repeats its parent's lines in a new file: still one row per call.
    writeFileSync(join(s.projectDir, 's2.jsonl'), `${lines.join('\n')}\n`)
    await s.run()
    expect(await s.calls()).toHaveLength(3)
  })

  test('live: a call imported before its result is completed by the next import', async () => {
    const s = setup()
    writeFileSync(s.path, `${use('toolu_edit', 'Edit', 3)}\n`)
    await s.run()
    expect(await s.calls()).toMatchObject([{ toolName: 'Edit', success: null, durationMs: null }])
    appendFileSync(s.path, `${result('toolu_edit', 7, 'no such file', true)}\n`)
    await s.run()
    expect(await s.calls()).toMatchObject([
      { toolName: 'Edit', success: false, durationMs: 4000, error: 'no such file' },
    ])
  })

  test.each([
    ['telemetry first', true],
    ['transcript first', false],
  ])(
    'joins telemetry by tool_use_id (%s): one row, telemetry timings, the failure stands',
    async (_, telemetryFirst) => {
      const s = setup()
      writeFileSync(
        s.path,
        `${[use('toolu_edit', 'Edit', 3), result('toolu_edit', 5, 'not found', true), use('toolu_ok', 'Edit', 6), result('toolu_ok', 8, 'done')].join('\n')}\n`,
      )
      const telemetry = {
        ...emptyTelemetryBatch(),
        // Telemetry may report an Edit whose change was refused as a success; the transcript says otherwise.
        toolCalls: [
          telemetryCall('toolu_edit'),
          telemetryCall('toolu_ok', { timestamp: Date.parse(at(6)), durationMs: 7 }),
        ],
      }
      if (telemetryFirst) await s.store.ingestTelemetry(telemetry)
      await s.run()
      if (!telemetryFirst) await s.store.ingestTelemetry(telemetry)
      expect(await s.calls()).toEqual([
        {
          sessionId: 's1',
          toolName: 'Edit',
          timestamp: Date.parse(at(3)),
          success: false,
          durationMs: 42,
          resultBytes: 80,
          error: 'not found',
        },
        {
          sessionId: 's1',
          toolName: 'Edit',
          timestamp: Date.parse(at(6)),
          success: true,
          durationMs: 7,
          resultBytes: 80,
          error: null,
        },
      ])
    },
  )

  test('the Tools page and a session page show them without telemetry', async () => {
    const dash = createTestDashboard()
    const dir = tempDir('cc-tools-page-')
    cleanups.push(dir.cleanup, () => dash.close())
    const projectDir = join(dir.path, 'claude', 'projects', '-home-dev-app')
    mkdirSync(projectDir, { recursive: true })
    const lines = [
      use('toolu_read', 'Read', 1),
      result('toolu_read', 2, 'text'),
      use('toolu_edit', 'Edit', 3),
    ]
    lines.push(result('toolu_edit', 5, 'String to replace not found', true))
    writeFileSync(join(projectDir, 's1.jsonl'), `${lines.join('\n')}\n`)
    await importHistory({ store: dash.store, claudeDirs: [join(dir.path, 'claude')] })
    const tools = await (await get(dash.app, '/tools?range=all')).text()
    expect(tools).not.toContain('No telemetry yet')
    expect(tools).toContain('Edit')
    expect(tools).toContain('Read')
    // Transcripts give no result sizes: unknown, not zero.
    expect(tools).not.toContain('0 B')
    const session = await (await get(dash.app, '/sessions/s1')).text()
    expect(session).toContain('2 tool calls')
    expect(session).toContain('String to replace not found')
  })
})
