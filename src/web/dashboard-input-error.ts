// A request the dashboard cannot answer as asked (a bad filter, an unknown session, a transcript it
// cannot read): shown to the person with its message and a 4xx status, never as a crash.

export const dashboardErrorCodes = ['invalid-input', 'not-found', 'forbidden', 'unreadable'] as const
export type DashboardErrorCode = (typeof dashboardErrorCodes)[number]

const statusFor = {
  'invalid-input': 400,
  'not-found': 404,
  forbidden: 403,
  unreadable: 422,
} as const satisfies Record<DashboardErrorCode, number>

export class DashboardInputError extends Error {
  constructor(
    readonly code: DashboardErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'DashboardInputError'
  }

  get status(): number {
    return statusFor[this.code]
  }
}
