/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import { CSRF_FIELD } from '../contract/csrf-field.ts'
import { formatAgo } from '../format.ts'
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
}

export interface ServiceLog {
  name: string
  lines: string[]
}

export type ServicesSnapshot =
  | { running: false; reason: string }
  | { running: true; supervisor: ServiceStatusView; services: ServiceStatusView[]; logs: ServiceLog[] }

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
      <td>
        {service.lastHealthCheck === null ? (
          '—'
        ) : (
          <time datetime={service.lastHealthCheck} title={service.lastHealthCheck} safe>
            {formatAgo(Date.parse(service.lastHealthCheck), now)}
          </time>
        )}
      </td>
      <td class="error-text" safe>
        {service.lastError ?? ''}
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
