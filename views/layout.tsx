/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { PropsWithChildren } from '@kitajs/html'
import { liveRefreshTrigger, liveStreamUrl } from './contract/live-events.ts'

export const navItems = [
  { key: 'overview', href: '/', label: 'Overview', keepsFilters: true },
  { key: 'sessions', href: '/sessions', label: 'Sessions', keepsFilters: true },
  { key: 'projects', href: '/projects', label: 'Projects & models', keepsFilters: true },
  { key: 'team', href: '/team', label: 'Team', keepsFilters: true },
  { key: 'tools', href: '/tools', label: 'Tools', keepsFilters: true },
  { key: 'telemetry', href: '/telemetry', label: 'Telemetry', keepsFilters: true },
  { key: 'explorer', href: '/explorer', label: 'Data explorer', keepsFilters: false },
  { key: 'services', href: '/services', label: 'Services', keepsFilters: false },
] as const
export type NavKey = (typeof navItems)[number]['key']

export interface LayoutProps {
  title: string
  active: NavKey | null
  /** Hub version the page was rendered at; `null` for pages that do not update live. */
  liveVersion: number | null
  /** `?range=…` carried by navigation links, so filters survive moving between pages. */
  navQuery?: string
}

const htmxConfig = JSON.stringify({ includeIndicatorCSS: false, extensions: 'sse', defaultTimeout: 30000 })

export function Layout({
  title,
  active,
  liveVersion,
  navQuery = '',
  children,
}: PropsWithChildren<LayoutProps>) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={htmxConfig} />
        <title safe>{`${title} · Context Cleaner`}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer />
        <script src="/assets/hx-sse.min.js" defer />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">
            Context Cleaner
          </a>
          <nav aria-label="Pages">
            {navItems.map((item) => (
              <a
                href={item.keepsFilters ? `${item.href}${navQuery}` : item.href}
                aria-current={item.key === active ? 'page' : undefined}
              >
                {item.label}
              </a>
            ))}
          </nav>
          {liveVersion === null ? (
            ''
          ) : (
            <span
              id="live-stream"
              class="live-status"
              hx-sse:connect={liveStreamUrl(liveVersion)}
              title="Updates arrive over a live connection"
            >
              live
            </span>
          )}
        </header>
        <main id="content">{children}</main>
      </body>
    </html>
  )
}

export interface LiveRegionProps {
  /** URL that re-renders this region (the page's own URL: htmx requests get the partial). */
  url: string
}

/** Re-fetches itself whenever the store changes. */
export function LiveRegion({ url, children }: PropsWithChildren<LiveRegionProps>) {
  return (
    <div id="live-region" hx-get={url} hx-trigger={liveRefreshTrigger}>
      {children}
    </div>
  )
}
