// Pure, streaming: the structural facts Claude Code relies on when it resumes a transcript. A cleaned copy
// must show the same facts as its original (same pairing of tool calls and results, no new broken
// links) and carry one session id.

import { isObject, type JsonObject, optionalString } from '../../model/transcript-schema.ts'

export interface TranscriptFacts {
  records: number
  sessionIds: string[]
  duplicateUuids: number
  /** parentUuid values that name no earlier record. */
  missingParents: number
  /** tool_use ids on the main thread with no tool_result after them. */
  unansweredToolUses: string[]
  /** tool_result ids with no tool_use before them. */
  orphanToolResults: string[]
}

export interface TranscriptChecker {
  add(record: unknown): void
  finish(): TranscriptFacts
}

export function createTranscriptChecker(): TranscriptChecker {
  const uuids = new Set<string>()
  const sessionIds = new Set<string>()
  const open = new Set<string>()
  const seenToolUses = new Set<string>()
  const orphanToolResults: string[] = []
  let records = 0
  let duplicateUuids = 0
  let missingParents = 0
  return {
    add(record) {
      if (!isObject(record)) return
      records++
      const sessionId = optionalString(record.sessionId)
      if (sessionId !== null) sessionIds.add(sessionId)
      const uuid = optionalString(record.uuid)
      const parent = optionalString(record.parentUuid)
      if (parent !== null && !uuids.has(parent)) missingParents++
      if (uuid !== null) {
        if (uuids.has(uuid)) duplicateUuids++
        uuids.add(uuid)
      }
      if (record.isSidechain === true) return
      for (const part of messageParts(record)) {
        if (record.type === 'assistant' && part.type === 'tool_use' && typeof part.id === 'string') {
          open.add(part.id)
          seenToolUses.add(part.id)
        }
        if (record.type === 'user' && part.type === 'tool_result' && typeof part.tool_use_id === 'string') {
          if (!seenToolUses.has(part.tool_use_id)) orphanToolResults.push(part.tool_use_id)
          open.delete(part.tool_use_id)
        }
      }
    },
    finish() {
      return {
        records,
        sessionIds: [...sessionIds].sort(),
        duplicateUuids,
        missingParents,
        unansweredToolUses: [...open].sort(),
        orphanToolResults: orphanToolResults.sort(),
      }
    },
  }
}

function messageParts(record: JsonObject): JsonObject[] {
  const message = record.message
  if (!isObject(message) || !Array.isArray(message.content)) return []
  return message.content.filter(isObject)
}

/** What is wrong with a cleaned copy compared with its original; empty when it is sound. */
export function compareFacts(
  original: TranscriptFacts,
  cleaned: TranscriptFacts,
  sessionId: string,
): string[] {
  const problems: string[] = []
  if (cleaned.records !== original.records)
    problems.push(`${cleaned.records} records written, ${original.records} read`)
  if (cleaned.sessionIds.some((id) => id !== sessionId))
    problems.push(`records carry other session ids: ${cleaned.sessionIds.join(', ')}`)
  if (cleaned.duplicateUuids > original.duplicateUuids) problems.push('duplicate uuids')
  if (cleaned.missingParents > original.missingParents) problems.push('broken parentUuid links')
  if (cleaned.unansweredToolUses.join() !== original.unansweredToolUses.join())
    problems.push('tool calls lost their results')
  if (cleaned.orphanToolResults.join() !== original.orphanToolResults.join())
    problems.push('tool results lost their calls')
  return problems
}
