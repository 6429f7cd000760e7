// `context-cleaner serve dashboard`: the store (with its explorer and change watcher), one SSE hub for
// every open page and the supervisor client, wired into the app and bound to 127.0.0.1 by default.

import { defaultCostModel } from '../analytics/pricing/default-cost-model.ts'
import type { Config } from '../config/load-config.ts'
import { logger } from '../log.ts'
import type { RunningService, ServeOptions } from '../services/service.ts'
import { openStore } from '../store/open-store.ts'
import { ensureAccessToken } from '../supervisor/access-tokens.ts'
import { supervisorPaths } from '../supervisor/paths.ts'
import { createDashboardApp } from './create-dashboard-app.ts'
import { SseHub, throttle } from './live/sse-hub.ts'
import { createCsrfToken } from './security/csrf.ts'
import { allowedHostNames } from './security/host-allow-list.ts'
import { supervisorServices } from './services/supervisor-services.ts'

const log = logger('dashboard')
/** Under Bun's idle timeout (30 s as Elysia sets it), so quiet streams stay open and gone clients are noticed. */
const HEARTBEAT_MS = 15_000
/** At most four refreshes a second per page while an import streams in; a single change goes out at once. */
const PUBLISH_INTERVAL_MS = 250

export async function startDashboardService(config: Config, options: ServeOptions): Promise<RunningService> {
  const store = openStore(config)
  const hub = new SseHub()
  const publish = throttle(() => hub.publish(), PUBLISH_INTERVAL_MS)
  const watcher = store.watchChanges(publish)
  const heartbeat = setInterval(() => hub.heartbeat(), HEARTBEAT_MS)
  const host = options.host ?? config.host
  let port = 0
  const app = createDashboardApp({
    store,
    costs: defaultCostModel(),
    timezone: config.timezone,
    hub,
    services: supervisorServices(supervisorPaths(config).socket),
    csrfToken: createCsrfToken(),
    accessToken: ensureAccessToken(config.runDir, 'dashboard'),
    hosts: { names: allowedHostNames(host), port: () => port },
    claudeDirs: config.claudeDirs,
  })
  app.listen({
    hostname: host,
    port: options.port ?? config.dashboardPort,
    reusePort: false,
    development: false,
  })
  port = app.server?.port ?? 0
  log.debug(`listening on http://${host}:${port}`)
  return {
    port,
    async stop() {
      clearInterval(heartbeat)
      watcher.stop()
      publish.cancel()
      await app.stop(true)
      await store.close()
    },
  }
}
