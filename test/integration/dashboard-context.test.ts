// The Context view through the app's `handle`: a session's transcript found in the configured Claude
// directory (or through the store), analysed as `context analyze` does, and the errors a reader can hit.

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { analyzeSessionFile } from '../../src/sessions/analyze-session.ts'
import { tempDir } from '../helpers/cli.ts'
import {
  createTestDashboard,
  get,
  leafText,
  parseHtml,
  sessionRecord,
  type TestDashboard,
} from '../helpers/dashboard.ts'

const SESSION = '5e55a0a1-1111-4aaa-8bbb-000000000001'
const fixture = join(import.meta.dir, '..', 'fixtures', 'context', 'reads-and-edits.jsonl')
const home = tempDir('cc-dashboard-context-')
const claudeDir = join(home.path, 'claude')
const project = join(claudeDir, 'projects', '-home-dev-app')
const transcript = join(project, `${SESSION}.jsonl`)
// Kept outside the Claude directory: only the store knows where it is.
const storedTranscript = join(home.path, 'elsewhere', 'stored.jsonl')
mkdirSync(project, { recursive: true })
mkdirSync(join(home.path, 'elsewhere'))
copyFileSync(fixture, transcript)
copyFileSync(fixture, storedTranscript)
writeFileSync(join(project, 'garbage.jsonl'), 'not json\n{"also": not json\n')
// The same session from a project path and a tool whose names carry markup.
const evil = '<script>alert(1)</script>'
const evilAttr = '"><img src=x onerror=alert(1)>'
const inJson = (v: string) => JSON.stringify(v).slice(1, -1)
writeFileSync(
  join(project, 'hostile.jsonl'),
  readFileSync(fixture, 'utf8')
    .replaceAll('/home/dev/app', inJson(`/home/dev/${evil}/${evilAttr}`))
    .replaceAll('"name":"Grep"', `"name":"${inJson(`Grep${evilAttr}${evil}`)}"`),
)

const expected = analyzeSessionFile(transcript).analysis
let dash: TestDashboard
let html: string

beforeAll(async () => {
  dash = createTestDashboard(undefined, [claudeDir])
  await dash.store.ingest({
    requests: [],
    sessions: [
      { ...sessionRecord('stored', '/home/dev/app', 0, 0), transcriptPath: storedTranscript },
      { ...sessionRecord('not-a-file', '/home/dev/app', 0, 0), transcriptPath: join(home.path, 'elsewhere') },
    ],
  })
  html = await (await get(dash.app, `/sessions/${SESSION}/context`)).text()
})

afterAll(async () => {
  await dash.close()
  home.cleanup()
})

describe('GET /sessions/:id/context', () => {
  it('renders a full page for a session found in the Claude directory', async () => {
    const res = await get(dash.app, `/sessions/${SESSION}/context`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(html).toContain(`<title>Context ${SESSION} · Context Cleaner</title>`)
    expect((await parseHtml(html)).scripts).toEqual([
      '/assets/htmx.min.js',
      '/assets/hx-sse.min.js',
      '/assets/live-status.js',
    ])
  })

  it('shows the score and its parts as the analysis computes them', () => {
    expect(leafText(html, 'health-score')).toBe(String(expected.health.score))
    expect(
      ['utilization', 'redundancy', 'staleness', 'growth'].map((p) => leafText(html, `health-${p}`)),
    ).toEqual([
      String(expected.health.parts.utilization),
      String(expected.health.parts.redundancy),
      String(expected.health.parts.staleness),
      String(expected.health.parts.growth),
    ])
    expect(leafText(html, 'context-requests')).toBe(String(expected.requests.length))
  })

  it('lists every finding with its tokens', () => {
    const total = expected.findings.reduce((n, f) => n + f.tokens, 0)
    expect(leafText(html, 'findings-total')).toBe(
      `${expected.findings.length} findings holding ${total.toLocaleString('en-US')} tokens`,
    )
    const rows = [
      ...html.matchAll(/<tr class="finding finding-([a-z-]+)">.*?<td class="num">([\d,]+)<\/td><\/tr>/g),
    ]
    expect(rows.map((m) => [m[1], m[2]])).toEqual(
      [...expected.findings]
        .sort((a, b) => b.tokens - a.tokens)
        .map((f) => [f.kind, f.tokens.toLocaleString('en-US')]),
    )
  })

  it('draws one stack per request, titled with its real size, in a series per kind', () => {
    const titles = [
      ...html.matchAll(/<g class="stack"><title>Request #(\d+) [^(]*\(line (\d+)\): ([\d,]+) tokens/g),
    ]
    expect(titles.map((m) => [Number(m[1]), Number(m[2]), m[3]])).toEqual(
      expected.requests.map((r) => [r.index + 1, r.line, r.contextTokens.toLocaleString('en-US')]),
    )
    expect(html.match(/class="bar kind-tool-results"/g)).toHaveLength(expected.requests.length)
    expect(html.match(/class="bar kind-system"/g)).toHaveLength(expected.requests.length)
    expect(html).toContain('<title>Model context window: 200K tokens</title>')
  })

  it('finds a transcript through the store when the store knows its path', async () => {
    const res = await get(dash.app, '/sessions/stored/context')
    expect(res.status).toBe(200)
    expect(leafText(await res.text(), 'health-score')).toBe(String(expected.health.score))
  })

  it('shows markup from a project path or tool name as text', async () => {
    const hostile = await (await get(dash.app, '/sessions/hostile/context')).text()
    const page = await parseHtml(hostile)
    expect(page.elements).not.toContain('img')
    expect(page.scripts).toEqual(['/assets/htmx.min.js', '/assets/hx-sse.min.js', '/assets/live-status.js'])
    expect(page.text).toContain(
      '/home/dev/&lt;script&gt;alert(1)&lt;/script&gt;/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;',
    )
    expect(page.text).toContain(
      'Grep&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
    )
    expect(hostile).not.toContain(evil)
    expect(hostile).not.toContain(evilAttr)
  })

  it.each([
    [
      '/sessions/no-such-session/context',
      404,
      'Unknown session no-such-session: no session id starts with it',
    ],
    ['/sessions/..%2F..%2Fetc%2Fpasswd/context', 400, 'Expected a session id (letters, digits, - and _)'],
    [`/sessions/${SESSION}/context?scale=huge`, 400, 'Expected `scale` to be window or data, got `huge`'],
    ['/sessions/not-a-file/context', 422, 'Cannot read the transcript'],
    ['/sessions/garbage/context', 422, 'none of its 2 lines is a Claude Code record (2 invalid json)'],
  ])('%s answers %d with a clear error page', async (path, status, message) => {
    const res = await get(dash.app, path)
    const body = await res.text()
    expect(res.status).toBe(status)
    expect(body.startsWith('<!doctype html>')).toBe(true)
    expect(body).toContain(message)
  })
})
