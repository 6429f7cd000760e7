// The "live" badge follows the page's live connection (htmx's SSE extension): green while connected,
// "reconnecting" when the stream ended, "disconnected" once a try failed (htmx keeps trying, backing
// off, and the badge turns live again when one succeeds).
// A file of our own origin, because the page's CSP allows no inline script.

const labels = { live: 'live', reconnecting: 'reconnecting…', disconnected: 'disconnected' }
const titles = {
  live: 'Updates arrive over a live connection',
  reconnecting: 'The live connection was lost; connecting again',
  disconnected: 'The dashboard service cannot be reached; retrying. Figures on this page may be out of date.',
}

function show(element, state) {
  if (!(element instanceof HTMLElement) || !element.classList.contains('live-status')) return
  element.dataset.state = state
  element.textContent = labels[state]
  element.title = titles[state]
}

document.addEventListener('htmx:sse:after:connection', (e) => show(e.target, 'live'))
// A new attempt right after a clean end reads "reconnecting"; after a failed try the badge stays
// "disconnected" until a connection is made again (each retry starts with this event).
document.addEventListener('htmx:sse:before:connection', (e) => {
  if ((e.detail?.connection?.attempt ?? 0) > 0 && e.target?.dataset?.state === 'live')
    show(e.target, 'reconnecting')
})
document.addEventListener('htmx:sse:error', (e) => show(e.target, 'disconnected'))
document.addEventListener('htmx:sse:close', (e) => show(e.target, 'disconnected'))
