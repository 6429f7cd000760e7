/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
export interface StatCardProps {
  label: string
  value: string
  detail?: string
  /** For tests and e2e: a stable hook on the number. */
  id?: string
}

export function StatCard({ label, value, detail, id }: StatCardProps) {
  return (
    <div class="card stat">
      <div class="stat-label" safe>
        {label}
      </div>
      <div class="stat-value" id={id} safe>
        {value}
      </div>
      {detail === undefined ? (
        ''
      ) : (
        <div class="stat-detail" safe>
          {detail}
        </div>
      )}
    </div>
  )
}

export function EmptyState({ title, hint }: { title: string; hint: JSX.Element }) {
  return (
    <section class="card empty-state">
      <h2 safe>{title}</h2>
      <p>{hint}</p>
    </section>
  )
}
