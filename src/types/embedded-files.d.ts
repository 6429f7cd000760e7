// Files imported `with { type: 'file' }` are paths: on disk when run from source, in the executable's
// embedded file system when built (scripts/build-executable.ts). Either way Bun.file() reads them.

declare module '*.css' {
  const path: string
  export default path
}

declare module '*.svg' {
  const path: string
  export default path
}

declare module 'htmx.org/dist/htmx.min.js' {
  const path: string
  export default path
}

declare module 'htmx.org/dist/ext/hx-sse.min.js' {
  const path: string
  export default path
}

declare module '*/views/assets/live-status.js' {
  const path: string
  export default path
}
