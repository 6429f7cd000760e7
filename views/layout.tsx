/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { PropsWithChildren } from '@kitajs/html'
import { liveRefreshTrigger, liveStreamUrl } from './contract/live-events.ts'

/** One entry of the page menu. The dashboard's page table (src/web/pages/dashboard-pages.ts) makes the list. */
export interface NavItem {
  href: string
  label: string
  /** Whether the link carries the current filters (`?range=…`). */
  keepsFilters: boolean
}

export interface LayoutProps {
  title: string
  /** `href` of the menu entry this page sits under, or null. */
  active: string | null
  nav: readonly NavItem[]
  /** Hub version the page was rendered at; `null` for pages that do not update live. */
  liveVersion: number | null
  /** `?range=…` carried by navigation links, so filters survive moving between pages. */
  navQuery?: string
}

const htmxConfig = JSON.stringify({ includeIndicatorCSS: false, extensions: 'sse', defaultTimeout: 30000 })

export function Layout({
  title,
  active,
  nav,
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
        {/* Not deferred: htmx run after parsing starts itself on the next task, which can come before a
            deferred extension has loaded, and then the live stream is never connected. Run in <head>,
            htmx waits for DOMContentLoaded, by which time the extension and the badge's listeners exist. */}
        <script src="/assets/htmx.min.js" />
        <script src="/assets/hx-sse.min.js" />
        <script src="/assets/live-status.js" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">
            Context Cleaner
          </a>
          <nav aria-label="Pages">
            {nav.map((item) => (
              <a
                href={item.keepsFilters ? `${item.href}${navQuery}` : item.href}
                aria-current={item.href === active ? 'page' : undefined}
                safe
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
              data-state="connecting"
              hx-sse:connect={liveStreamUrl(liveVersion)}
              title="Connecting to live updates"
            >
              connecting…
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
