// Static files from this origin only (the CSP allows nothing else): htmx and its SSE extension from
// node_modules, our stylesheet and icon from views/assets. Imported as files, so that the built
// executable carries them inside.

import { Elysia } from 'elysia'
import sseExtensionPath from 'htmx.org/dist/ext/hx-sse.min.js' with { type: 'file' }
import htmxPath from 'htmx.org/dist/htmx.min.js' with { type: 'file' }
import stylesheetPath from '../../../views/assets/app.css' with { type: 'file' }
import iconPath from '../../../views/assets/favicon.svg' with { type: 'file' }
import liveStatusPath from '../../../views/assets/live-status.js' with { type: 'file' }

const assets = {
  'htmx.min.js': { path: htmxPath, type: 'text/javascript' },
  'hx-sse.min.js': { path: sseExtensionPath, type: 'text/javascript' },
  'live-status.js': { path: liveStatusPath, type: 'text/javascript' },
  'app.css': { path: stylesheetPath, type: 'text/css' },
  'favicon.svg': { path: iconPath, type: 'image/svg+xml' },
} as const

type AssetName = keyof typeof assets

function isAsset(name: string): name is AssetName {
  return Object.hasOwn(assets, name)
}

export function assetRoutes() {
  return new Elysia({ name: 'assets' }).get('/assets/:name', ({ params, set }) => {
    if (!isAsset(params.name)) {
      set.status = 404
      return 'Not found'
    }
    const asset = assets[params.name]
    return new Response(Bun.file(asset.path), {
      headers: { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'no-cache' },
    })
  })
}
