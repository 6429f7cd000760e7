// `report blocks --live` in a pseudo-terminal (util-linux `script`), as a person runs it, and piped.

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pinnedEnv, repoRoot, runCli, tempDir } from '../helpers/cli.ts'
import { assistantLine } from '../helpers/transcript-lines.ts'

const dir = tempDir('cc-blocks-live-')
const claudeDir = join(dir.path, 'claude')
const home = join(dir.path, 'home')
const main = join(repoRoot, 'src', 'cli', 'main.ts')
const session = '5e55a0a1-3333-4aaa-8bbb-000000000001'

beforeAll(() => {
  const project = join(claudeDir, 'projects', '-home-dev-app')
  mkdirSync(project, { recursive: true })
  const now = Date.now()
  writeFileSync(
    join(project, `${session}.jsonl`),
    `${[20, 5]
      .map((ago, i) =>
        assistantLine({
          session,
          request: `r${i}`,
          timestamp: new Date(now - ago * 60_000).toISOString(),
          output: 5000,
        }),
      )
      .join('\n')}\n`,
  )
})
afterAll(() => dir.cleanup())

/** Reads the stream until `done` holds for what arrived so far. */
async function readUntil(
  stream: ReadableStream<Uint8Array>,
  done: (text: string) => boolean,
): Promise<string> {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  let text = ''
  while (!done(text)) {
    const { value, done: end } = await reader.read()
    if (end) break
    text += decoder.decode(value, { stream: true })
  }
  reader.releaseLock()
  return text
}

describe('report blocks --live', () => {
  it('redraws in place on a terminal and gives the cursor back on Ctrl-C', async () => {
    const command = `exec bun ${main} report blocks --live --interval 0.3`
    const proc = Bun.spawn(['script', '-qfec', command, '/dev/null'], {
      env: { ...pinnedEnv({ home, claudeDir }), TERM: 'xterm' },
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
    })
    const frames = await readUntil(
      proc.stdout,
      (t) => t.split('Context Cleaner · 5-hour block monitor').length > 2,
    )
    expect(frames).toContain('\x1b[?25l')
    // The second frame moves up over the first (5 lines) instead of scrolling.
    expect(frames).toContain('\x1b[5A\r')
    expect(frames).toContain('Cost      $0.15 · 10,020 tokens · 2 requests')
    expect(frames).toMatch(/Burn {6}\$0\.60\/h · .* at block end/)
    expect(frames).toContain('Limit     no reading from Claude Code yet')
    proc.stdin.write('\x03')
    proc.stdin.flush()
    const rest = await readUntil(proc.stdout, (t) => t.includes('\x1b[?25h'))
    expect(rest).toContain('\x1b[?25h')
    expect(await proc.exited).toBe(0)
  })

  it('prints plain frames when not on a terminal', async () => {
    const proc = Bun.spawn(['bun', main, 'report', 'blocks', '--live', '--interval', '0.3'], {
      env: pinnedEnv({ home, claudeDir }),
      stdout: 'pipe',
      stderr: 'pipe',
    })
    const text = await readUntil(proc.stdout, (t) => t.split('\n\n').length > 2)
    proc.kill('SIGINT')
    expect(await proc.exited).toBe(0)
    expect(text).not.toContain('\x1b[')
    expect(text.split('\n\n')[0]?.split('\n')).toHaveLength(5)
  })

  it('refuses a bad interval', async () => {
    const r = await runCli(['report', 'blocks', '--live', '--interval', '0'], { home, claudeDir })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('Expected `--interval` to be 0.2-3600 seconds, got `0`')
  })
})
