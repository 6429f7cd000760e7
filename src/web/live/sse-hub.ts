// One hub for every open page: the change watcher publishes, each SSE connection subscribes. A
// subscriber holds no queue, only the last version it has seen, so a slow client costs nothing and sees
// one event for a burst of changes; it leaves the hub the moment its request is aborted.

export type HubEvent = { type: 'change'; version: number } | { type: 'heartbeat'; version: number }

interface Subscriber {
  seenVersion: number
  seenBeat: number
  wake: (() => void) | null
}

export class SseHub {
  #version = 0
  #beat = 0
  readonly #subscribers = new Set<Subscriber>()

  /** Increases by one for every change published; pages are rendered at some version. */
  get version(): number {
    return this.#version
  }

  get subscribers(): number {
    return this.#subscribers.size
  }

  publish(): void {
    this.#version++
    this.#wakeAll()
  }

  heartbeat(): void {
    this.#beat++
    this.#wakeAll()
  }

  #wakeAll(): void {
    for (const s of this.#subscribers) s.wake?.()
  }

  /**
   * Events for one client: a `change` at once when the hub moved past `since`, then one per burst of
   * changes. Ends (and unsubscribes) when `signal` aborts.
   */
  async *subscribe(signal: AbortSignal, since: number = this.#version): AsyncGenerator<HubEvent> {
    if (signal.aborted) return
    const sub: Subscriber = { seenVersion: since, seenBeat: this.#beat, wake: null }
    const onAbort = () => sub.wake?.()
    signal.addEventListener('abort', onAbort, { once: true })
    this.#subscribers.add(sub)
    try {
      while (!signal.aborted) {
        if (sub.seenVersion !== this.#version) {
          sub.seenVersion = this.#version
          sub.seenBeat = this.#beat
          yield { type: 'change', version: sub.seenVersion }
          continue
        }
        if (sub.seenBeat !== this.#beat) {
          sub.seenBeat = this.#beat
          yield { type: 'heartbeat', version: this.#version }
          continue
        }
        await new Promise<void>((resolve) => {
          sub.wake = resolve
        })
        sub.wake = null
      }
    } finally {
      this.#subscribers.delete(sub)
      signal.removeEventListener('abort', onAbort)
    }
  }
}

/**
 * Calls `fn` at once, then at most once per `intervalMs` while calls keep coming, always ending with
 * one trailing call so the last change is never lost. Keeps a long import from making every open page
 * re-render ten times a second.
 */
export function throttle(fn: () => void, intervalMs: number): { (): void; cancel(): void } {
  let last = Number.NEGATIVE_INFINITY
  let timer: ReturnType<typeof setTimeout> | null = null
  const run = () => {
    timer = null
    last = performance.now()
    fn()
  }
  const call = () => {
    if (timer) return
    const wait = last + intervalMs - performance.now()
    if (wait <= 0) run()
    else timer = setTimeout(run, wait)
  }
  call.cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  return call
}
