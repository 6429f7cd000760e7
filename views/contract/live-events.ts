// Names of the SSE events the dashboard stream sends; views listen for the same constants.

export const liveEvents = {
  /** The store changed: live regions re-fetch themselves. `id` and `data` carry the hub's version. */
  storeChanged: 'store-changed',
  /** Sent on connect when nothing changed since the page was rendered. */
  connected: 'live-connected',
  /** Keeps idle connections (and proxies) alive, and lets the server notice a gone client. */
  heartbeat: 'heartbeat',
} as const

export type LiveEvent = (typeof liveEvents)[keyof typeof liveEvents]

/** URL of the stream, carrying the version the page was rendered at so a change in between is not missed. */
export function liveStreamUrl(version: number): string {
  return `/events?since=${version}`
}

/** The hx-trigger a live region uses to refresh itself. */
export const liveRefreshTrigger = `${liveEvents.storeChanged} from:body`
