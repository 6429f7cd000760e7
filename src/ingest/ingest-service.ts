// The ingest service: imports everything new at start, then again whenever a transcript changes.
// fs.watch gives low latency; a slow poll catches what watching misses (new Claude directories,
// network filesystems, dropped events). Imports never overlap: a change during one schedules one more.

import { existsSync, type FSWatcher, watch } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config/load-config.ts'
import { logger } from '../log.ts'
import type { RunningService, ServeOptions } from '../services/service.ts'
import { keepStoreFresh } from '../store/keep-store-fresh.ts'
import { openStore } from '../store/open-store.ts'
import { listingCachePath, openListingCache } from './directory-listings.ts'
import { importHistory } from './import-history.ts'
import type { ImportSummary } from './import-summary.ts'

const log = logger('ingest')
const DEBOUNCE_MS = 25
const POLL_MS = 2000

export interface IngestStatus {
  imports: number
  lastImportAt: number | null
  lastSummary: ImportSummary | null
  lastError: string | null
  watching: string[]
}

export async function startIngestService(config: Config, options: ServeOptions): Promise<RunningService> {
  const store = openStore(config)
  const status: IngestStatus = {
    imports: 0,
    lastImportAt: null,
    lastSummary: null,
    lastError: null,
    watching: [],
  }
  // One cache for every import this service runs: the file is read once, not at each new line.
  const listings = openListingCache(listingCachePath(config.dataDir))
  let running: Promise<void> | null = null
  let again = false
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  const runImport = async () => {
    try {
      const summary = await importHistory({
        store,
        claudeDirs: config.claudeDirs,
        listingCache: listings,
      })
      status.imports++
      status.lastImportAt = Date.now()
      status.lastSummary = summary
      status.lastError = null
      if (summary.newRequests > 0)
        log.info(`imported ${summary.newRequests} new requests in ${summary.durationMs} ms`)
    } catch (error) {
      status.lastError = error instanceof Error ? error.message : String(error)
      log.error(`import failed: ${status.lastError}`)
    }
  }
  const trigger = () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = runImport().finally(() => {
      running = null
      if (again) {
        again = false
        trigger()
      }
    })
  }
  const schedule = () => {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      trigger()
    }, DEBOUNCE_MS)
  }

  const watchers: FSWatcher[] = []
  const watchRoots = () => {
    for (const dir of config.claudeDirs) {
      const root = join(dir, 'projects')
      if (status.watching.includes(root) || !existsSync(root)) continue
      try {
        watchers.push(
          watch(root, { recursive: true }, (_event, file) => {
            if (!file || String(file).endsWith('.jsonl')) schedule()
          }),
        )
        status.watching.push(root)
      } catch (error) {
        log.warn(`cannot watch ${root}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
  watchRoots()
  const poll = setInterval(() => {
    watchRoots()
    trigger()
  }, POLL_MS)
  trigger()
  await running
  // After the first import, so that a first rollup build includes it.
  const stopUpkeep = keepStoreFresh(store, (message) => log.warn(`store upkeep failed: ${message}`))

  // Bun's own route table: the service answers two paths, and needs no web framework loaded to do so.
  const routes = {
    '/healthz': { GET: () => Response.json({ ok: status.lastError === null, service: 'ingest', ...status }) },
    '/import': {
      POST: () => {
        trigger()
        return Response.json({ ok: true })
      },
    },
  } satisfies Record<string, Partial<Record<'GET' | 'POST', () => Response>>>
  const server = Bun.serve({
    hostname: options.host ?? config.host,
    port: options.port ?? 0,
    routes,
    fetch: (request) => unrouted(request, routes),
  })

  return {
    port: server.port ?? 0,
    async stop() {
      stopped = true
      clearInterval(poll)
      if (timer) clearTimeout(timer)
      for (const w of watchers) w.close()
      await running
      stopUpkeep()
      await server.stop(true)
      await store.close()
    },
  }
}

/** What the route table does not answer: 405 with `Allow` on a known path asked with another method, else 404. */
function unrouted(request: Request, routes: Record<string, object>): Response {
  const methods = routes[new URL(request.url).pathname]
  if (methods === undefined) return new Response('Not found', { status: 404 })
  return new Response('Method not allowed', {
    status: 405,
    headers: { allow: Object.keys(methods).join(', ') },
  })
}
