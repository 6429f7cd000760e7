// One session's Context view: the transcript found the way `context analyze` finds it, and the same
// analysis. Reading the file is the only I/O; what the page draws from it is in
// views/charts/context-chart-model.ts.

import { skippedText } from '../../../views/format.ts'
import { type ChartScale, type ContextView, chartScales } from '../../../views/pages/context-page.tsx'
import { previewCleaning } from '../../analytics/context/cleaning-preview.ts'
import { analyzeSessionFile } from '../../sessions/analyze-session.ts'
import { ContextError } from '../../sessions/context-error.ts'
import { type LocatedSession, locateSession, type SessionLookup } from '../../sessions/locate-session.ts'
import { DashboardInputError } from '../dashboard-input-error.ts'
import { type Query, text } from '../filters/dashboard-filters.ts'

// Letters, digits, `-` and `_` only: no dots or slashes, so an id can never be taken for a file path.
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

export function parseSessionId(id: string): string {
  if (!SESSION_ID.test(id))
    throw new DashboardInputError(
      'invalid-input',
      `Expected a session id (letters, digits, - and _), got \`${id.slice(0, 200)}\``,
    )
  return id
}

export function parseChartScale(query: Query): ChartScale {
  const value = text(query, 'scale') ?? 'window'
  const scale = chartScales.find((s) => s === value)
  if (scale === undefined)
    throw new DashboardInputError(
      'invalid-input',
      `Expected \`scale\` to be ${chartScales.join(' or ')}, got \`${value}\``,
    )
  return scale
}

export async function loadContext(
  sessionId: string,
  claudeDirs: readonly string[],
  lookup: SessionLookup,
  now: number,
): Promise<ContextView> {
  const session = await locate(sessionId, claudeDirs, lookup)
  let result: ReturnType<typeof analyzeSessionFile>
  try {
    result = analyzeSessionFile(session.path)
  } catch (error) {
    // A file gone, unreadable or not a file is the reader's to know; anything else is a bug, logged as one.
    if (!isFileSystemError(error)) throw error
    throw new DashboardInputError(
      'unreadable',
      `Cannot read the transcript ${session.path}: ${error.message}`,
    )
  }
  const { lines } = result.analysis
  if (lines.records === 0 && lines.total > 0)
    throw new DashboardInputError(
      'unreadable',
      `Cannot analyse ${session.path}: none of its ${lines.total} lines is a Claude Code record (${skippedText(lines.skipped)})`,
    )
  return {
    sessionId: session.sessionId,
    transcriptPath: session.path,
    read: result.read,
    analysis: result.analysis,
    cleaning: previewCleaning(result.analysis, now),
  }
}

async function locate(
  sessionId: string,
  claudeDirs: readonly string[],
  lookup: SessionLookup,
): Promise<LocatedSession> {
  try {
    return await locateSession({ session: sessionId }, claudeDirs, lookup)
  } catch (error) {
    if (error instanceof ContextError && error.code === 'session-not-found')
      throw new DashboardInputError('not-found', error.message)
    if (error instanceof ContextError && error.code === 'session-ambiguous')
      throw new DashboardInputError('invalid-input', error.message)
    throw error
  }
}

function isFileSystemError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
}
