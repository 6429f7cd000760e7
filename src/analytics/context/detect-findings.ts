// Pure: what in the live context is redundant or stale. Walking the tool results from the newest back,
// each one is compared with what came after it: a later read of the same file, a later edit of it, an
// identical later output, a later successful retry. Each block gets at most one finding, the strongest.

import type { Finding, FindingKind, Location } from './context-types.ts'
import type { SessionScan, TrackedBlock } from './scan-session.ts'

/** A prompt this long (about 5k tokens) is a paste that would be better as a file the model can read. */
export const HUGE_PASTE_CHARS = 20_000

interface Later {
  location: Location
  tool: string
}

export function detectFindings(scan: SessionScan, tokensOf: (b: TrackedBlock) => number): Finding[] {
  const found = new Map<string, Finding>()
  const add = (b: TrackedBlock, kind: FindingKind, target: string | null, later: Later | null) => {
    found.set(b.key, {
      kind,
      tokens: tokensOf(b),
      chars: b.chars,
      location: locationOf(b),
      tool: b.tool,
      target,
      supersededBy: later?.location ?? null,
      supersededByTool: later?.tool ?? null,
      description: describe(kind, b, target, later),
    })
  }

  const laterReads = new Map<string, Map<string, Later>>()
  const laterChanges = new Map<string, Later>()
  const laterDigests = new Map<string, Later>()
  const laterSuccesses = new Map<string, Later>()
  // A result Context Cleaner already replaced holds no content: it neither has nor causes a finding.
  const results = scan.blocks.filter((b) => b.live && b.kind === 'tool-result' && !b.cleaned)
  for (let i = results.length - 1; i >= 0; i--) {
    const b = results[i]!
    const call = b.toolUseId === null ? undefined : scan.calls.get(b.toolUseId)
    const here: Later = { location: locationOf(b), tool: b.tool ?? 'unknown' }
    const target = call?.target ?? null
    if (call !== undefined && !b.isError && call.effect === 'read' && target !== null) {
      const reads = laterReads.get(target) ?? new Map<string, Later>()
      const covering = reads.get('full') ?? reads.get(call.range ?? 'full')
      const change = laterChanges.get(target)
      if (covering !== undefined) add(b, 'repeated-read', target, covering)
      else if (change !== undefined) add(b, 'stale-read', target, change)
      reads.set(call.range ?? 'full', here)
      laterReads.set(target, reads)
    }
    if (
      call !== undefined &&
      !b.isError &&
      (call.effect === 'edit' || call.effect === 'write') &&
      target !== null
    )
      laterChanges.set(target, here)
    if (b.digest !== null && !b.isError) {
      const same = laterDigests.get(b.digest)
      if (same !== undefined && !found.has(b.key)) add(b, 'duplicate-output', target, same)
      laterDigests.set(b.digest, here)
    }
    if (call !== undefined && b.isError) {
      const fix = laterSuccesses.get(call.retryKey)
      if (fix !== undefined && !found.has(b.key)) add(b, 'resolved-error', target, fix)
    }
    if (call !== undefined && !b.isError) laterSuccesses.set(call.retryKey, here)
    if (!found.has(b.key) && scan.unused.has(b.key)) add(b, 'unused-output', target, null)
  }
  for (const b of scan.blocks)
    if (b.live && b.kind === 'user-prompt' && b.chars >= HUGE_PASTE_CHARS) add(b, 'huge-paste', null, null)

  return [...found.values()].sort((a, b) => a.location.line - b.location.line)
}

function locationOf(b: TrackedBlock): Location {
  return { line: b.line, uuid: b.uuid, timestamp: b.timestamp, toolUseId: b.toolUseId }
}

function describe(kind: FindingKind, b: TrackedBlock, target: string | null, later: Later | null): string {
  const what = target ?? b.tool ?? 'output'
  const at = later === null ? '' : ` at line ${later.location.line}`
  switch (kind) {
    case 'repeated-read':
      return `${what} was read again${at}; this earlier copy is redundant`
    case 'stale-read':
      return `${what} was changed by ${later?.tool ?? 'an edit'}${at}; this copy is out of date`
    case 'duplicate-output':
      return `${b.tool ?? 'A tool'} returned exactly the same output again${at}`
    case 'resolved-error':
      return `${b.tool ?? 'A tool'} failed on ${what}; a later call succeeded${at}`
    case 'unused-output':
      return `${b.tool ?? 'A tool'} output on ${what} was never referred to again`
    case 'huge-paste':
      return `A ${b.chars.toLocaleString('en-US')}-character paste in a prompt`
    default:
      return kind satisfies never
  }
}
