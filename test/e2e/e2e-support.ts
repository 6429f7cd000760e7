// Real processes and a real browser for the dashboard's end-to-end tests: `serve` services started
// the way the supervisor starts them, transcripts written the way Claude Code writes them, and
// Debian's Chromium driven by playwright-core.

import { expect } from 'bun:test'
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { readAccessToken } from '../../src/supervisor/access-tokens.ts'
import { type ServiceProcess, startServiceProcess } from '../helpers/service-process.ts'

export const repoRoot = resolve(import.meta.dir, '..', '..')
export const artifactsDir = join(repoRoot, 'test-artifacts')
const mainScript = join(repoRoot, 'src', 'cli', 'main.ts')

export interface Sandbox {
  root: string
  env: Record<string, string>
  claudeDir: string
  cleanup(): void
}

export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'cc-e2e-'))
  const claudeDir = join(root, 'claude')
  mkdirSync(join(claudeDir, 'projects'), { recursive: true })
  return {
    root,
    claudeDir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: root,
      CONTEXT_CLEANER_HOME: join(root, 'cc-home'),
      CLAUDE_CONFIG_DIR: claudeDir,
      TZ: 'UTC',
      NO_COLOR: '1',
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  }
}

export interface AssistantTurn {
  requestId: string
  sessionId: string
  cwd: string
  model: string
  timestamp: number
  input?: number
  output?: number
  cacheCreation?: number
  cacheRead?: number
}

/** One assistant response as Claude Code writes it in a transcript. */
export function assistantLine(t: AssistantTurn): string {
  return `${JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    message: {
      id: `msg_${t.requestId}`,
      type: 'message',
      role: 'assistant',
      model: t.model,
      content: [{ type: 'text', text: 'Done.' }],
      stop_reason: 'end_turn',
      usage: {
        input_tokens: t.input ?? 50,
        cache_creation_input_tokens: t.cacheCreation ?? 2000,
        cache_read_input_tokens: t.cacheRead ?? 40_000,
        output_tokens: t.output ?? 800,
        cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: t.cacheCreation ?? 2000 },
      },
    },
    requestId: t.requestId,
    type: 'assistant',
    uuid: `uuid-${t.requestId}`,
    timestamp: new Date(t.timestamp).toISOString(),
    cwd: t.cwd,
    sessionId: t.sessionId,
    version: '2.1.0',
    gitBranch: 'main',
  })}\n`
}

/** Path of a session's transcript, in the folder Claude Code names after the project path. */
export function transcriptPath(sandbox: Sandbox, cwd: string, sessionId: string): string {
  const dir = join(sandbox.claudeDir, 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'))
  mkdirSync(dir, { recursive: true })
  return join(dir, `${sessionId}.jsonl`)
}

export function writeTranscript(path: string, lines: string[]): void {
  writeFileSync(path, lines.join(''))
}

/** A session's transcript of `count` assistant responses, the i-th shaped by `turn(i)`; returns its path. */
export function writeSession(
  sandbox: Sandbox,
  where: { cwd: string; sessionId: string; count: number },
  turn: (i: number) => Omit<AssistantTurn, 'cwd' | 'sessionId'>,
): string {
  const path = transcriptPath(sandbox, where.cwd, where.sessionId)
  writeTranscript(
    path,
    Array.from({ length: where.count }, (_, i) =>
      assistantLine({ cwd: where.cwd, sessionId: where.sessionId, ...turn(i) }),
    ),
  )
  return path
}

export function appendTranscript(path: string, line: string): void {
  appendFileSync(path, line)
}

export type { ServiceProcess } from '../helpers/service-process.ts'

/** `context-cleaner serve <name>` on the sandbox: a free port unless `port` names one (a restart on the same address). */
export function serve(name: 'ingest' | 'dashboard', sandbox: Sandbox, port = 0): Promise<ServiceProcess> {
  return startServiceProcess(name, sandbox.env, { port })
}

export interface CliRun {
  exitCode: number
  stdout: string
  stderr: string
}

/**
 * The one-click link to `path` on the sandbox's dashboard: its access token rides along once, and the
 * dashboard swaps it for a cookie and redirects to `path` (as the URL `run` prints does for `/`).
 */
export function accessUrl(sandbox: Sandbox, port: number, path: string): string {
  const token = readAccessToken(join(sandbox.env.CONTEXT_CLEANER_HOME ?? '', 'run'), 'dashboard')
  if (token === null) throw new Error('the dashboard has not made its access token')
  const url = new URL(path, `http://127.0.0.1:${port}`)
  url.searchParams.set('token', token)
  return url.href
}

/** Runs `context-cleaner <args>` to completion in the sandbox. */
export async function cli(args: string[], sandbox: Sandbox): Promise<CliRun> {
  const child = Bun.spawn([process.execPath, mainScript, ...args], {
    env: sandbox.env,
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  })
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ])
  return { exitCode, stdout, stderr }
}

/** A port nobody listens on right now (the OS picks it). */
export { freePort } from '../helpers/free-port.ts'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  })
}

/**
 * `path` on the sandbox's dashboard in a new desktop-sized page, entered with the one-click link (the
 * token must not stay in the address), with its problems watched from the start.
 */
export async function openPage(
  browser: Browser,
  sandbox: Sandbox,
  port: number,
  path: string,
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const problems = watchProblems(page)
  await page.goto(accessUrl(sandbox, port, path), { waitUntil: 'load' })
  expect(new URL(page.url()).searchParams.has('token')).toBe(false)
  return { page, problems }
}

/** Everything a page complains about: console errors (CSP violations land here), uncaught errors, 4xx/5xx. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`)
  })
  return problems
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true })
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true })
}
