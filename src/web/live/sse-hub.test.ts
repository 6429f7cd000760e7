import { describe, expect, it } from 'bun:test'
import { type HubEvent, SseHub, throttle } from './sse-hub.ts'

async function next(it: AsyncGenerator<HubEvent>): Promise<HubEvent | undefined> {
  return (await it.next()).value ?? undefined
}

describe('SseHub', () => {
  it('sends a change at once when the hub moved past the version the page was rendered at', async () => {
    const hub = new SseHub()
    hub.publish()
    const events = hub.subscribe(new AbortController().signal, 0)
    expect(await next(events)).toEqual({ type: 'change', version: 1 })
  })

  it('folds a burst of changes into one event carrying the latest version', async () => {
    const hub = new SseHub()
    const events = hub.subscribe(new AbortController().signal)
    const pending = next(events)
    hub.publish()
    hub.publish()
    hub.publish()
    expect(await pending).toEqual({ type: 'change', version: 3 })
    const after = next(events)
    hub.publish()
    expect(await after).toEqual({ type: 'change', version: 4 })
  })

  it('delivers one change to every subscriber', async () => {
    const hub = new SseHub()
    const streams = [1, 2, 3].map(() => hub.subscribe(new AbortController().signal))
    const pending = streams.map(next)
    hub.publish()
    expect(await Promise.all(pending)).toEqual([1, 2, 3].map(() => ({ type: 'change', version: 1 })))
  })

  it('sends heartbeats without changing the version', async () => {
    const hub = new SseHub()
    const events = hub.subscribe(new AbortController().signal)
    const pending = next(events)
    hub.heartbeat()
    expect(await pending).toEqual({ type: 'heartbeat', version: 0 })
  })

  it('unsubscribes the moment the request is aborted, even while waiting', async () => {
    const hub = new SseHub()
    const controller = new AbortController()
    const events = hub.subscribe(controller.signal)
    const pending = events.next()
    expect(hub.subscribers).toBe(1)
    controller.abort()
    expect(await pending).toEqual({ done: true, value: undefined })
    expect(hub.subscribers).toBe(0)
  })

  it('leaves no subscriber behind after many connects and disconnects', async () => {
    const hub = new SseHub()
    for (let round = 0; round < 50; round++) {
      const controllers = Array.from({ length: 40 }, () => new AbortController())
      const streams = controllers.map((c) => hub.subscribe(c.signal))
      const pending = streams.map((s) => s.next())
      hub.publish()
      await Promise.all(pending)
      const waiting = streams.map((s) => s.next())
      for (const c of controllers) c.abort()
      await Promise.all(waiting)
    }
    expect(hub.subscribers).toBe(0)
    expect(hub.version).toBe(50)
  })

  it('ends at once for a signal that is already aborted', async () => {
    const hub = new SseHub()
    const controller = new AbortController()
    controller.abort()
    expect(await hub.subscribe(controller.signal).next()).toEqual({ done: true, value: undefined })
    expect(hub.subscribers).toBe(0)
  })
})

describe('throttle', () => {
  it('calls at once, then folds a burst into one trailing call', async () => {
    let calls = 0
    let trailing: () => void = () => {}
    const done = new Promise<void>((resolve) => {
      trailing = resolve
    })
    const publish = throttle(() => {
      calls++
      if (calls === 2) trailing()
    }, 30)
    publish()
    expect(calls).toBe(1)
    publish()
    publish()
    publish()
    expect(calls).toBe(1)
    await done
    expect(calls).toBe(2)
    publish.cancel()
  })
})
