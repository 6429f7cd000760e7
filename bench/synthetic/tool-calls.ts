// Tool calls and their results, sized like real ones: most results are small, Read and Edit results
// run to tens of kilobytes (Claude Code stores the content twice: in the message and in
// `toolUseResult`), and a few shell outputs reach hundreds of kilobytes.

import type { Random } from './random.ts'
import type { TextCorpus } from './text-corpus.ts'

export const toolNames = [
  'Read',
  'Bash',
  'Edit',
  'Grep',
  'Glob',
  'Write',
  'TodoWrite',
  'WebFetch',
  'Task',
] as const
export type ToolName = (typeof toolNames)[number]

const mainMix = {
  Read: 35,
  Bash: 25,
  Edit: 15,
  Grep: 8,
  Glob: 4,
  Write: 4,
  TodoWrite: 4,
  WebFetch: 2,
  Task: 3,
}
// Sub-agents (Explore and friends) mostly search and read, and never start agents of their own.
const subagentMix = {
  Read: 45,
  Bash: 20,
  Edit: 0,
  Grep: 20,
  Glob: 12,
  Write: 0,
  TodoWrite: 0,
  WebFetch: 3,
  Task: 0,
}
const mainWeights = toolNames.map((n) => (mainMix satisfies Record<ToolName, number>)[n])
const subagentWeights = toolNames.map((n) => (subagentMix satisfies Record<ToolName, number>)[n])

export function pickTool(rng: Random, isSubagent: boolean): ToolName {
  return toolNames[rng.weighted(isSubagent ? subagentWeights : mainWeights)] ?? 'Read'
}

export interface ToolCall {
  name: ToolName
  input: Record<string, unknown>
  /** Text of the tool_result in the next user line. */
  result: string
  /** Claude Code's structured copy of the result (`toolUseResult`). */
  toolUseResult: unknown
}

const cap = (n: number, max: number) => Math.min(Math.max(1, Math.round(n)), max)

export function makeToolCall(
  name: Exclude<ToolName, 'Task'>,
  rng: Random,
  text: TextCorpus,
  cwd: string,
): ToolCall {
  const file = `${cwd}/src/${text.slice(rng, 8).replace(/[^a-z]/gi, 'x')}.ts`
  switch (name) {
    case 'Read': {
      const content = text.slice(rng, cap(rng.logNormal(5000, 1.0), 250_000))
      const numLines = content.split('\n').length
      return {
        name,
        input: { file_path: file },
        result: content,
        toolUseResult: {
          type: 'text',
          file: { filePath: file, content, numLines, startLine: 1, totalLines: numLines },
        },
      }
    }
    case 'Bash': {
      const stdout = text.slice(rng, cap(rng.logNormal(700, 1.6), 400_000))
      return {
        name,
        input: { command: `bun test ${file}`, description: 'Run the tests' },
        result: stdout,
        toolUseResult: { stdout, stderr: '', interrupted: false, isImage: false },
      }
    }
    case 'Edit': {
      const oldString = text.slice(rng, cap(rng.logNormal(200, 0.8), 5000))
      const newString = text.slice(rng, cap(rng.logNormal(260, 0.8), 5000))
      const snippet = text.slice(rng, cap(rng.logNormal(900, 0.5), 4000))
      return {
        name,
        input: { file_path: file, old_string: oldString, new_string: newString },
        result: `The file ${file} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${snippet}`,
        toolUseResult: {
          filePath: file,
          oldString,
          newString,
          originalFile: text.slice(rng, cap(rng.logNormal(6000, 0.9), 120_000)),
          structuredPatch: [
            { oldStart: 10, oldLines: 3, newStart: 10, newLines: 4, lines: snippet.split('\n').slice(0, 8) },
          ],
          userModified: false,
          replaceAll: false,
        },
      }
    }
    case 'Grep': {
      const content = text.slice(rng, cap(rng.logNormal(1200, 1.2), 60_000))
      return {
        name,
        input: { pattern: text.slice(rng, 12), path: cwd, output_mode: 'content' },
        result: content,
        toolUseResult: {
          mode: 'content',
          numFiles: rng.int(1, 40),
          filenames: [],
          content,
          numLines: content.split('\n').length,
        },
      }
    }
    case 'Glob': {
      const filenames = Array.from({ length: rng.int(1, 60) }, () => `${cwd}/src/${rng.hex(6)}.ts`)
      return {
        name,
        input: { pattern: '**/*.ts' },
        result: filenames.join('\n'),
        toolUseResult: {
          filenames,
          durationMs: rng.int(3, 90),
          numFiles: filenames.length,
          truncated: false,
        },
      }
    }
    case 'Write': {
      const content = text.slice(rng, cap(rng.logNormal(3500, 0.9), 60_000))
      return {
        name,
        input: { file_path: file, content },
        result: `File created successfully at: ${file}`,
        toolUseResult: { type: 'create', filePath: file, content, structuredPatch: [] },
      }
    }
    case 'TodoWrite': {
      const todos = Array.from({ length: rng.int(2, 8) }, (_, i) => ({
        content: text.slice(rng, rng.int(20, 90)),
        status: i === 0 ? 'in_progress' : 'pending',
        activeForm: text.slice(rng, rng.int(20, 90)),
      }))
      return {
        name,
        input: { todos },
        result:
          'Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress.',
        toolUseResult: { oldTodos: todos.slice(1), newTodos: todos },
      }
    }
    case 'WebFetch': {
      const content = text.slice(rng, cap(rng.logNormal(4000, 0.8), 80_000))
      return {
        name,
        input: { url: `https://example.com/docs/${rng.hex(6)}`, prompt: 'Summarize the API' },
        result: content,
        toolUseResult: {
          bytes: content.length * 3,
          code: 200,
          codeText: 'OK',
          result: content,
          durationMs: rng.int(300, 9000),
        },
      }
    }
    default:
      return name satisfies never
  }
}
