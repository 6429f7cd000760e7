// Static files from this origin only (the CSP allows nothing else): htmx and its SSE extension from
// node_modules, our stylesheet and icon from views/assets.

import { join } from 'node:path'
import { Elysia } from 'elysia'

const viewsAssets = join(import.meta.dir, '..', '..', '..', 'views', 'assets')

const assets = {
  'htmx.min.js': {
    path: () => Bun.resolveSync('htmx.org/dist/htmx.min.js', import.meta.dir),
    type: 'text/javascript',
  },
  'hx-sse.min.js': {
    path: () => Bun.resolveSync('htmx.org/dist/ext/hx-sse.min.js', import.meta.dir),
    type: 'text/javascript',
  },
  'app.css': { path: () => join(viewsAssets, 'app.css'), type: 'text/css' },
  'favicon.svg': { path: () => join(viewsAssets, 'favicon.svg'), type: 'image/svg+xml' },
} as const

type AssetName = keyof typeof assets

function isAsset(name: string): name is AssetName {
  return Object.hasOwn(assets, name)
}

export function assetRoutes() {
  const paths = new Map<AssetName, string>()
  return new Elysia({ name: 'assets' }).get('/assets/:name', ({ params, set }) => {
    if (!isAsset(params.name)) {
      set.status = 404
      return 'Not found'
    }
    let path = paths.get(params.name)
    if (!path) {
      path = assets[params.name].path()
      paths.set(params.name, path)
    }
    return new Response(Bun.file(path), {
      headers: { 'content-type': `${assets[params.name].type}; charset=utf-8`, 'cache-control': 'no-cache' },
    })
  })
}
