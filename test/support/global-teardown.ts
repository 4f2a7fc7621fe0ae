import type { PrivateRedis } from '../../store/private-redis';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __testRedis?: PrivateRedis }).__testRedis;
  if (server) await server.stop();
}
