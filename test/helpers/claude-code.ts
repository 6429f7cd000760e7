// Runs the real Claude Code CLI non-interactively inside a throwaway sandbox (HOME, config dir,
// project dir) pointed at a fake Anthropic API, so tests read genuine transcripts and telemetry.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

const REPO_ROOT = resolve(import.meta.dir, '..', '..')

export function claudeBin(): string {
  // An explicit override wins so a developer can test another build without reinstalling.
  const fromEnv = process.env.CLAUDE_BIN
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const local = join(REPO_ROOT, 'node_modules', '.bin', 'claude')
  if (existsSync(local)) return local
  throw new Error(`Claude Code binary not found at ${local}; install the devDependency or set CLAUDE_BIN`)
}

export interface Sandbox {
  root: string
  home: string
  configDir: string
  projectDir: string
  // Where Claude Code writes this project's transcripts: <config>/projects/<encoded cwd>.
  transcriptDir: string
  cleanup(): void
}

// Claude Code names the per-project folder by replacing every non-alphanumeric char with '-'.
export function encodeProjectPath(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, '-')
}

export function createSandbox(files: Record<string, string> = {}): Sandbox {
  // realpath because Claude Code encodes the resolved cwd (macOS /var -> /private/var).
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'cc-harness-')))
  const home = join(root, 'home')
  const configDir = join(root, 'config')
  const projectDir = join(root, 'project')
  for (const d of [home, configDir, projectDir]) mkdirSync(d, { recursive: true })
  for (const [rel, content] of Object.entries(files)) {
    const p = join(projectDir, rel)
    mkdirSync(dirname(p), { recursive: true })
    writeFileSync(p, content)
  }
  return {
    root,
    home,
    configDir,
    projectDir,
    transcriptDir: join(configDir, 'projects', encodeProjectPath(projectDir)),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  }
}

export interface RunClaudeOptions {
  prompt: string
  baseUrl: string
  model?: string
  // Reuse a sandbox (required for --resume, which looks the session up under the same config/cwd).
  sandbox?: Sandbox
  files?: Record<string, string>
  resume?: string
  outputFormat?: 'json' | 'stream-json' | 'text'
  // Default true: scripted tool_use turns must execute without a permission prompt.
  skipPermissions?: boolean
  allowedTools?: string[]
  // Default true. It does not suppress OTLP export (see /tmp/harness-notes.md).
  disableNonessentialTraffic?: boolean
  env?: Record<string, string>
  args?: string[]
  timeoutMs?: number
}

export interface TranscriptFiles {
  // Main session transcripts (<session>.jsonl directly under the project folder).
  sessions: string[]
  // Sub-agent transcripts (<session>/subagents/*.jsonl).
  subagents: string[]
  all: string[]
}

export interface ClaudeRun {
  exitCode: number
  stdout: string
  stderr: string
  durationMs: number
  sessionId: string | null
  // Parsed `--output-format json` result (or the final `result` event of stream-json).
  result: Record<string, unknown> | null
  // Every stream-json event, when that format was used.
  events: Record<string, unknown>[]
  transcriptPath: string | null
  transcripts: TranscriptFiles
  sandbox: Sandbox
}

function listJsonl(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...listJsonl(p))
    else if (name.endsWith('.jsonl')) out.push(p)
  }
  return out.sort()
}

export function findTranscripts(sandbox: Sandbox): TranscriptFiles {
  const all = listJsonl(join(sandbox.configDir, 'projects'))
  return {
    sessions: all.filter((p) => dirname(p) === sandbox.transcriptDir),
    subagents: all.filter((p) => p.includes('/subagents/')),
    all,
  }
}

function parseJsonObject(s: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(s)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

export function sandboxEnv(
  sandbox: Sandbox,
  opts: Pick<RunClaudeOptions, 'baseUrl' | 'disableNonessentialTraffic' | 'env'>,
) {
  // Built from scratch so the developer's own ANTHROPIC_*/OTEL_*/CLAUDE_* settings never leak in.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: sandbox.home,
    USER: 'tester',
    SHELL: '/bin/bash',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    TMPDIR: join(sandbox.root, 'tmp'),
    CLAUDE_CONFIG_DIR: sandbox.configDir,
    ANTHROPIC_BASE_URL: opts.baseUrl,
    ANTHROPIC_API_KEY: 'sk-test',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    // Lets --dangerously-skip-permissions run as root (CI containers); the sandbox is disposable.
    IS_SANDBOX: '1',
  }
  if (opts.disableNonessentialTraffic !== false) env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC = '1'
  mkdirSync(env.TMPDIR as string, { recursive: true })
  return { ...env, ...opts.env }
}

export async function runClaude(opts: RunClaudeOptions): Promise<ClaudeRun> {
  const sandbox = opts.sandbox ?? createSandbox(opts.files)
  if (opts.sandbox && opts.files) {
    for (const [rel, content] of Object.entries(opts.files)) {
      const p = join(sandbox.projectDir, rel)
      mkdirSync(dirname(p), { recursive: true })
      writeFileSync(p, content)
    }
  }
  const format = opts.outputFormat ?? 'json'
  const args = [claudeBin(), '-p', opts.prompt, '--output-format', format]
  if (format === 'stream-json') args.push('--verbose')
  if (opts.model !== undefined) args.push('--model', opts.model)
  if (opts.resume !== undefined) args.push('--resume', opts.resume)
  if (opts.skipPermissions !== false) args.push('--dangerously-skip-permissions')
  if (opts.allowedTools && opts.allowedTools.length > 0)
    args.push('--allowedTools', opts.allowedTools.join(','))
  if (opts.args) args.push(...opts.args)

  const started = Date.now()
  const proc = Bun.spawn(args, {
    cwd: sandbox.projectDir,
    env: sandboxEnv(sandbox, opts),
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: opts.timeoutMs ?? 45_000,
    killSignal: 'SIGKILL',
  })
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])

  let result: Record<string, unknown> | null = null
  const events: Record<string, unknown>[] = []
  if (format === 'json') {
    result = parseJsonObject(stdout.trim())
  } else if (format === 'stream-json') {
    for (const line of stdout.split('\n')) {
      const ev = line.trim() === '' ? null : parseJsonObject(line)
      if (ev) events.push(ev)
    }
    result = events.findLast((e) => e.type === 'result') ?? null
  }
  const sid = result?.session_id ?? events.find((e) => typeof e.session_id === 'string')?.session_id
  const sessionId = typeof sid === 'string' ? sid : null

  const transcripts = findTranscripts(sandbox)
  const own = sessionId === null ? undefined : join(sandbox.transcriptDir, `${sessionId}.jsonl`)
  return {
    exitCode,
    stdout,
    stderr,
    durationMs: Date.now() - started,
    sessionId,
    result,
    events,
    transcriptPath: own !== undefined && existsSync(own) ? own : null,
    transcripts,
    sandbox,
  }
}

export type TranscriptLine = Record<string, unknown>

export async function readTranscript(path: string): Promise<TranscriptLine[]> {
  const text = await Bun.file(path).text()
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TranscriptLine)
}

export interface TranscriptUsage {
  file: string
  messageId: string
  requestId: string | null
  model: string
  isSidechain: boolean
  agentId: string | null
  usage: {
    input_tokens: number
    output_tokens: number
    cache_creation_input_tokens: number
    cache_read_input_tokens: number
    cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number }
  }
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0
}

// An independent oracle for tests: Claude Code writes one assistant line per content block, each
// repeating the response's usage, so responses are keyed by message.id + requestId.
export async function transcriptUsage(paths: string[]): Promise<TranscriptUsage[]> {
  const out = new Map<string, TranscriptUsage>()
  for (const file of paths) {
    for (const line of await readTranscript(file)) {
      if (line.type !== 'assistant') continue
      const msg = line.message as
        | { id?: unknown; model?: unknown; usage?: Record<string, unknown> }
        | undefined
      if (!msg || typeof msg.id !== 'string' || !msg.usage) continue
      const requestId = typeof line.requestId === 'string' ? line.requestId : null
      const key = `${msg.id}:${requestId ?? ''}`
      if (out.has(key)) continue
      const u = msg.usage
      const usage: TranscriptUsage['usage'] = {
        input_tokens: num(u.input_tokens),
        output_tokens: num(u.output_tokens),
        cache_creation_input_tokens: num(u.cache_creation_input_tokens),
        cache_read_input_tokens: num(u.cache_read_input_tokens),
      }
      const cc = u.cache_creation as Record<string, unknown> | undefined
      if (cc) {
        usage.cache_creation = {
          ephemeral_5m_input_tokens: num(cc.ephemeral_5m_input_tokens),
          ephemeral_1h_input_tokens: num(cc.ephemeral_1h_input_tokens),
        }
      }
      out.set(key, {
        file,
        messageId: msg.id,
        requestId,
        model: typeof msg.model === 'string' ? msg.model : 'unknown',
        isSidechain: line.isSidechain === true,
        agentId: typeof line.agentId === 'string' ? line.agentId : null,
        usage,
      })
    }
  }
  return [...out.values()]
}
