// htmx specifics in one place: a live region or form asks with `HX-Request: true` and gets the
// partial; a browser navigating (or a reader without JavaScript) gets the whole page.

export function isHtmxRequest(request: Request): boolean {
  return request.headers.get('hx-request') === 'true'
}

export function htmlResponse(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body.startsWith('<html') ? `<!doctype html>${body}` : body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', vary: 'HX-Request', ...headers },
  })
}

/** Renders the partial for htmx requests and the page otherwise. */
export async function pageOrPartial(
  request: Request,
  page: () => JSX.Element | Promise<JSX.Element>,
  partial: () => JSX.Element | Promise<JSX.Element>,
): Promise<Response> {
  return htmlResponse(await (isHtmxRequest(request) ? partial() : page()))
}

/** The URL a live region re-fetches: this request's path and query. */
export function selfUrl(request: Request): string {
  const url = new URL(request.url)
  return `${url.pathname}${url.search}`
}
