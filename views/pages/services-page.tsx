/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { Frame } from '../charts/chart-scale.ts'
import { LineChart } from '../charts/line-chart.tsx'
import { CSRF_FIELD } from '../contract/csrf-field.ts'
import { formatAgo, formatBytes } from '../format.ts'
import { Layout, type NavItem } from '../layout.tsx'

export interface ServiceStatusView {
  name: string
  state: string
  pid: number | null
  port: number | null
  restarts: number
  /** ISO 8601. */
  lastHealthCheck: string | null
  lastError: string | null
  /** Resident memory at the supervisor's last sample; null when not running. */
  rssBytes: number | null
  /** Share of one core between the last two samples. */
  cpuPercent: number | null
  memoryLimitBytes: number | null
  /** E.g. CPU high for a while: reported, not acted on. */
  warning: string | null
}

/** A process's recent samples, oldest first (epoch milliseconds). */
export interface ResourceHistoryView {
  name: string
  samples: Array<{ at: number; rssBytes: number; cpuPercent: number | null }>
}

export interface ServiceLog {
  name: string
  lines: string[]
}

export type ServicesSnapshot =
  | { running: false; reason: string }
  | {
      running: true
      supervisor: ServiceStatusView
      services: ServiceStatusView[]
      /** Supervisor first; empty from a supervisor too old to send it. */
      history: ResourceHistoryView[]
      logs: ServiceLog[]
    }

export interface ServicesProps {
  snapshot: ServicesSnapshot
  csrfToken: string
  message: { ok: boolean; text: string } | null
  /** When the snapshot was taken, for "4s ago". */
  now: number
}

export function ServicesPage(props: ServicesProps & { nav: readonly NavItem[] }) {
  return (
    <Layout title="Services" active="/services" nav={props.nav} liveVersion={null}>
      <h1>Services</h1>
      <div id="services" hx-get="/services" hx-trigger="every 5s">
        <ServicesContent {...props} />
      </div>
    </Layout>
  )
}

export function ServicesContent({ snapshot, csrfToken, message, now }: ServicesProps) {
  return (
    <div class="stack">
      {message === null ? (
        ''
      ) : (
        <p class={message.ok ? 'notice' : 'notice warn'} role="status" safe>
          {message.text}
        </p>
      )}
      {snapshot.running ? (
        <Running snapshot={snapshot} csrfToken={csrfToken} now={now} />
      ) : (
        <section class="card empty-state" id="supervisor-status">
          <h2>Supervisor not running</h2>
          <p safe>{snapshot.reason}</p>
          <p>
            Start every service under supervision with <code>context-cleaner run</code>; this page then shows
            their health, restarts and logs.
          </p>
        </section>
      )}
    </div>
  )
}

function Running({
  snapshot,
  csrfToken,
  now,
}: {
  snapshot: Extract<ServicesSnapshot, { running: true }>
  csrfToken: string
  now: number
}) {
  return (
    <>
      <section class="card">
        <table class="data" id="services-table">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">State</th>
              <th scope="col" class="num">
                PID
              </th>
              <th scope="col" class="num">
                Port
              </th>
              <th scope="col" class="num">
                Restarts
              </th>
              <th scope="col" class="num">
                Memory / limit
              </th>
              <th scope="col" class="num">
                CPU
              </th>
              <th scope="col">Last health check</th>
              <th scope="col">Last error</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            <ServiceRow service={snapshot.supervisor} csrfToken={null} now={now} />
            {snapshot.services.map((s) => (
              <ServiceRow service={s} csrfToken={csrfToken} now={now} />
            ))}
          </tbody>
        </table>
      </section>
      <ResourceCharts history={snapshot.history} />
      {snapshot.logs.map((l) => (
        <section class="card">
          <h2 safe>{`Log: ${l.name}`}</h2>
          <pre class="log" safe>
            {l.lines.join('\n')}
          </pre>
        </section>
      ))}
    </>
  )
}

function ServiceRow({
  service,
  csrfToken,
  now,
}: {
  service: ServiceStatusView
  csrfToken: string | null
  now: number
}) {
  const action = `/services/${encodeURIComponent(service.name)}/restart`
  return (
    <tr data-service={service.name}>
      <td class="key" safe>
        {service.name}
      </td>
      <td>
        <span class={`state state-${service.state}`} safe>
          {service.state}
        </span>
      </td>
      <td class="num" safe>
        {service.pid === null ? '—' : String(service.pid)}
      </td>
      <td class="num" safe>
        {service.port === null ? '—' : String(service.port)}
      </td>
      <td class="num" safe>
        {String(service.restarts)}
      </td>
      <td class="num memory" safe>
        {memory(service)}
      </td>
      <td class="num cpu" safe>
        {service.cpuPercent === null ? '—' : `${service.cpuPercent}%`}
      </td>
      <td>
        {service.lastHealthCheck === null ? (
          '—'
        ) : (
          <time datetime={service.lastHealthCheck} title={service.lastHealthCheck} safe>
            {formatAgo(Date.parse(service.lastHealthCheck), now)}
          </time>
        )}
      </td>
      <td>
        <span class="error-text" safe>
          {service.lastError ?? ''}
        </span>
        {service.warning === null ? (
          ''
        ) : (
          <span class="badge warn warning" safe>
            {service.warning}
          </span>
        )}
      </td>
      <td>
        {csrfToken === null ? (
          ''
        ) : (
          <form method="post" action={action} hx-post={action} hx-target="#services">
            <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
            <button type="submit" class="secondary">
              Restart
            </button>
          </form>
        )}
      </td>
    </tr>
  )
}

/** `53.2 MB / 384.0 MB`: what it uses now, and the limit above which the supervisor restarts it. */
function memory(service: ServiceStatusView): string {
  const limit = service.memoryLimitBytes === null ? '' : ` / ${formatBytes(service.memoryLimitBytes)}`
  return `${formatBytes(service.rssBytes)}${limit}`
}

const smallFrame: Frame = { width: 1000, height: 160, left: 64, right: 12, top: 12, bottom: 28 }
const MiB = 2 ** 20

/** Memory and CPU of every process over the last few minutes, one line each. */
function ResourceCharts({ history }: { history: ResourceHistoryView[] }) {
  const latest = Math.max(0, ...history.flatMap((h) => h.samples.map((s) => s.at)))
  const secondsAgo = (at: number) => (at - latest) / 1000
  const ago = (x: number) => (Math.round(x) === 0 ? 'now' : `${Math.round(-x)} s ago`)
  const memory = history.map((h) => ({
    name: h.name,
    points: h.samples.map((s) => ({ x: secondsAgo(s.at), y: s.rssBytes / MiB })),
  }))
  const cpu = history.map((h) => ({
    name: h.name,
    points: h.samples.flatMap((s) =>
      s.cpuPercent === null ? [] : [{ x: secondsAgo(s.at), y: s.cpuPercent }],
    ),
  }))
  return (
    <section class="card" id="resource-history">
      <h2>Memory (MB), last few minutes</h2>
      <LineChart
        label="Resident memory of each process"
        series={memory}
        formatY={(n) => `${Math.round(n)} MB`}
        formatX={ago}
        frame={smallFrame}
      />
      <h2>CPU (% of a core)</h2>
      <LineChart
        label="CPU of each process"
        series={cpu}
        formatY={(n) => `${Math.round(n)}%`}
        formatX={ago}
        frame={smallFrame}
      />
    </section>
  )
}
