// Benchmark: `context analyze` on a 100 MB session transcript (target: under 1 s).
//
//   bun bench/context-analyze.ts [--mb 100] [--runs 3] [--keep]
//
// The synthetic session is shaped like Claude Code 2.1's transcripts: one line per content block with
// repeated usage, tool results with their `toolUseResult` copy, Claude Code's request log
// (api-request, api-request-blob), reminders as attachments, and a compaction whenever the context
// would pass ~800k tokens (a 1M-window session). Files are re-read, edited, listed twice and tests fail then pass, so every
// finding has work to do. Timing covers reading, parsing and analysing (what the command does).

import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { analyzeSessionFile } from '../src/sessions/analyze-session.ts'

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean' },
  },
})
const TARGET_MS = 1_000
const targetBytes = Number(values.mb) * 1024 * 1024
const SESSION = 'be4c0000-0000-4000-8000-000000000001'
const CWD = '/home/dev/big-app'

let seed = 42
const rand = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed % n
}
let uuidN = 0
const uuid = () => `be4c0000-0000-4000-8000-${String(++uuidN).padStart(12, '0')}`
let clock = Date.parse('2026-05-01T09:00:00Z')
const ts = () => {
  clock += 1500
  return new Date(clock).toISOString()
}
const common = {
  isSidechain: false,
  userType: 'external',
  entrypoint: 'cli',
  cwd: CWD,
  sessionId: SESSION,
  version: '2.1.331',
  gitBranch: 'main',
}

function fileText(file: number, lines: number): string {
  const out: string[] = []
  for (let i = 1; i <= lines; i++)
    out.push(
      `${String(i).padStart(6)}\texport function handler_${file}_${i}(req: Request${i % 9}): Promise<Response> { return route${i % 17}(req) }`,
    )
  return out.join('\n')
}

async function generate(path: string): Promise<{ lines: number; toolCalls: number; compactions: number }> {
  const writer = Bun.file(path).writer()
  let bytes = 0
  let lines = 0
  let parent: string | null = null
  let contextChars = 0
  let request = 0
  let toolCalls = 0
  let compactions = 0
  const write = (record: Record<string, unknown>) => {
    const text = `${JSON.stringify(record)}\n`
    bytes += text.length
    lines++
    writer.write(text)
  }
  const chain = (record: Record<string, unknown>) => {
    const id = uuid()
    write({ parentUuid: parent, ...record, uuid: id, timestamp: ts(), ...common })
    parent = id
  }
  const files = Array.from({ length: 40 }, (_, i) => fileText(i, 60 + rand(240)))
  write({
    type: 'api-request-shape',
    sessionId: SESSION,
    shapeHash: 'h',
    shape: {
      system: [{ type: 'text', text: 'You are Claude Code. '.repeat(1200) }],
      tools: Array.from({ length: 20 }, (_, i) => ({
        name: `Tool${i}`,
        description: 'Does things. '.repeat(150),
        input_schema: {},
      })),
    },
  })
  while (bytes < targetBytes) {
    const prompt = `Work on step ${request}: refactor handler_${rand(40)} and keep the tests green.`
    chain({ type: 'user', message: { role: 'user', content: prompt } })
    chain({
      type: 'attachment',
      attachment: { type: 'total_tokens_reminder' },
      rendered: [
        { content: '<system-reminder>\n<total_tokens>900000 tokens left</total_tokens>\n</system-reminder>' },
      ],
    })
    contextChars += prompt.length + 90
    for (let step = 0; step < 25 && bytes < targetBytes; step++) {
      request++
      const file = rand(40)
      const kind = rand(10)
      const toolId = `toolu_${request}`
      const input =
        kind < 5
          ? { name: 'Read', input: { file_path: `${CWD}/src/file_${file}.ts` } }
          : kind < 7
            ? {
                name: 'Edit',
                input: {
                  file_path: `${CWD}/src/file_${file}.ts`,
                  old_string: `route${file}(`,
                  new_string: `routeV2_${file}(`,
                },
              }
            : kind < 9
              ? {
                  name: 'Bash',
                  input: { command: kind === 7 ? 'bun test' : 'ls -la src', description: 'run' },
                }
              : { name: 'Grep', input: { pattern: `handler_${file}_`, path: 'src' } }
      const output =
        input.name === 'Read'
          ? (files[file] ?? '')
          : input.name === 'Edit'
            ? `The file ${CWD}/src/file_${file}.ts has been updated successfully.`
            : input.name === 'Bash' && kind === 7
              ? `${request % 3 === 0 ? 'FAIL' : 'PASS'} tests\n${'  ✓ handler works (3 ms)\n'.repeat(60)}`
              : (files[file] ?? '').slice(0, 6000)
      const context = 12_000 + Math.round(contextChars / 3.6)
      const usage = {
        input_tokens: 12,
        cache_creation_input_tokens: 300,
        cache_read_input_tokens: context - 312,
        output_tokens: 180,
      }
      write({
        type: 'api-request',
        sessionId: SESSION,
        id: `r${request}`,
        params: { model: 'claude-sonnet-4-5-20250929', betas: ['claude-code-20250219'] },
      })
      const message = (content: unknown[]) => ({
        id: `msg_${request}`,
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content,
        usage,
      })
      chain({
        type: 'assistant',
        requestId: `req_${request}`,
        requestedModel: 'claude-sonnet-4-5-20250929[1m]',
        message: message([{ type: 'text', text: `Next I will use ${input.name} on file_${file}.` }]),
      })
      chain({
        type: 'assistant',
        requestId: `req_${request}`,
        message: message([{ type: 'tool_use', id: toolId, ...input }]),
      })
      const isError = input.name === 'Bash' && output.startsWith('FAIL')
      const result = { tool_use_id: toolId, type: 'tool_result', content: output, is_error: isError }
      chain({
        type: 'user',
        message: { role: 'user', content: [result] },
        toolUseResult: { type: 'text', file: { filePath: `src/file_${file}.ts`, content: output } },
      })
      write({
        type: 'api-request-blob',
        sessionId: SESSION,
        hash: `b${request}`,
        message: { role: 'user', content: [result] },
      })
      contextChars += output.length + 200
      toolCalls++
      if (contextChars / 3.6 > 800_000) {
        const id = uuid()
        write({
          parentUuid: null,
          logicalParentUuid: parent,
          type: 'system',
          subtype: 'compact_boundary',
          content: 'Conversation compacted',
          uuid: id,
          timestamp: ts(),
          compactMetadata: { trigger: 'auto', preTokens: context, postTokens: 9000 },
          ...common,
        })
        parent = id
        chain({
          type: 'user',
          isCompactSummary: true,
          message: { role: 'user', content: `Summary of the work so far. ${'Details. '.repeat(300)}` },
        })
        contextChars = 3000
        compactions++
      }
    }
  }
  await writer.end()
  return { lines, toolCalls, compactions }
}

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-context-'))
const path = join(dir, `${SESSION}.jsonl`)
const generated = await generate(path)
const size = statSync(path).size
process.stdout.write(
  `session: ${(size / 1024 / 1024).toFixed(1)} MB, ${generated.lines.toLocaleString('en-US')} lines, ${generated.toolCalls.toLocaleString('en-US')} tool calls, ${generated.compactions} compactions\n`,
)
const times: number[] = []
let findings = 0
for (let run = 0; run < Number(values.runs); run++) {
  const started = performance.now()
  const { analysis } = analyzeSessionFile(path)
  times.push(performance.now() - started)
  findings = analysis.findings.length
}
times.sort((a, b) => a - b)
const median = times[Math.floor(times.length / 2)] ?? 0
process.stdout.write(
  `analyze: ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} (median ${median.toFixed(0)} ms, ${(size / 1024 / 1024 / (median / 1000)).toFixed(0)} MB/s), ${findings} findings\n`,
)
process.stdout.write(
  `target: ${TARGET_MS} ms → ${(median / TARGET_MS).toFixed(2)}× of budget ${median < TARGET_MS ? '(met)' : '(MISSED)'}\n`,
)
if (!values.keep) rmSync(dir, { recursive: true, force: true })
else process.stdout.write(`kept ${path}\n`)
