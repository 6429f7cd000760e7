import { Elysia, sse } from 'elysia'
import { liveEvents } from '../../../views/contract/live-events.ts'
import type { SseHub } from './sse-hub.ts'

/** Reconnect quickly after a dashboard restart; htmx backs off from here. */
const RETRY_MS = 1000

function sinceVersion(query: Record<string, string | undefined>, request: Request): number | undefined {
  // A reconnect sends the last id it saw; a first connect, the version its page was rendered at.
  const text = request.headers.get('last-event-id') ?? query.since
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined
  return Number(text)
}

export function liveRoutes(hub: SseHub) {
  return new Elysia({ name: 'live' }).get('/events', async function* ({ query, request }) {
    const since = sinceVersion(query, request) ?? hub.version
    // The first event goes out at once so the response (and its headers) starts immediately.
    if (since === hub.version) {
      yield sse({ id: hub.version, event: liveEvents.connected, data: String(hub.version), retry: RETRY_MS })
    }
    for await (const event of hub.subscribe(request.signal, since)) {
      yield sse({
        id: event.version,
        event: event.type === 'change' ? liveEvents.storeChanged : liveEvents.heartbeat,
        data: String(event.version),
        retry: RETRY_MS,
      })
    }
  })
}
