// The services the supervisor runs, by name. Its own module so that config (memory limits per
// service) can name them without importing the service contract, which takes a Config.

/** Start order; the supervisor stops them in reverse. */
export const serviceNames = ['ingest', 'collector', 'dashboard'] as const
export type ServiceName = (typeof serviceNames)[number]
