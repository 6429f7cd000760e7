/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import { EmptyState } from './stat-card.tsx'

/** The honest empty state of pages fed by the OTLP collector. */
export function NoTelemetry() {
  return (
    <EmptyState
      title="No telemetry yet"
      hint={
        <>
          No telemetry yet — run <code>context-cleaner setup claude</code> so Claude Code sends its
          OpenTelemetry logs and metrics to the collector, then keep the collector running (
          <code>context-cleaner run</code>).
        </>
      }
    />
  )
}
