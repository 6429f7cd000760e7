/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import { Layout, type NavItem } from '../layout.tsx'

export interface ErrorProps {
  status: number
  message: string
}

export function ErrorPartial({ status, message }: ErrorProps) {
  return (
    <div class="error" role="alert">
      <strong safe>{`Error ${status}`}</strong> <span safe>{message}</span>
    </div>
  )
}

export function ErrorPage(props: ErrorProps & { nav: readonly NavItem[] }) {
  return (
    <Layout title={`Error ${props.status}`} active={null} nav={props.nav} liveVersion={null}>
      <h1 safe>{statusTitle(props.status)}</h1>
      <ErrorPartial status={props.status} message={props.message} />
      <p>
        <a href="/">Back to the overview</a>
      </p>
    </Layout>
  )
}

function statusTitle(status: number): string {
  if (status === 404) return 'Not found'
  if (status === 401) return 'Open the dashboard with its access link'
  if (status === 403) return 'Forbidden'
  if (status === 400) return 'Bad request'
  if (status === 422) return 'Cannot be shown'
  return 'Something went wrong'
}
