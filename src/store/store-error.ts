export const storeErrorCodes = [
  'store-unavailable',
  'store-too-new',
  'store-read-only',
  'store-auth-failed',
  'store-timeout',
  'store-unsupported',
] as const
export type StoreErrorCode = (typeof storeErrorCodes)[number]

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'StoreError'
  }
}
