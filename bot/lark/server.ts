/**
 * The HTTP side of `npm run serve` (express 5): `POST /webhooks/lark` and `GET /healthz`.
 * The raw body is kept (the signature covers the exact bytes), capped at 1 MiB (413); bad JSON is 400;
 * unknown paths 404. Verification happens in the connector's `preprocess`, storage in the intake.
 */
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../domain/logger';
import { ping, type RedisClient } from '../../store/redis';
import type { LarkRequestHandler } from './lark-bot';
import type { LarkConnector } from './lark-connector';

export const WEBHOOK_PATH = '/webhooks/lark';
export const MAX_BODY_BYTES = 1024 * 1024;

export interface LarkAppOptions {
  connector: LarkConnector;
  handler: LarkRequestHandler;
  redis: RedisClient;
  logger: Logger;
}

export function createLarkApp(opts: LarkAppOptions): express.Express {
  const { connector, handler, logger } = opts;
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', async (_req, res) => {
    const ok = await ping(opts.redis);
    res.status(ok ? 200 : 503).json({ ok, redis: ok ? 'up' : 'down' });
  });

  app.post(WEBHOOK_PATH, express.raw({ type: () => true, limit: MAX_BODY_BYTES }), async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      res.status(400).json({ error: 'malformed JSON' });
      return;
    }
    const headers = req.headers as Record<string, string | string[] | undefined>;
    const pre = connector.preprocess({ method: req.method, path: req.path, headers, rawBody: raw, body });
    if (!pre.shouldNext) {
      res.status(pre.response.status).set(pre.response.headers).send(JSON.stringify(pre.response.body));
      return;
    }
    const out = await handler(pre.body, { method: req.method, path: req.path, headers, rawBody: raw.toString('utf8'), body: pre.body, query: {}, params: {}, url: req.originalUrl });
    res.status(out.status).json(out.body);
  });

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not found' });
  });

  // express 5 forwards body-parser errors (and rejected async handlers) here.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (e?.type === 'entity.too.large' || e?.status === 413) {
      res.status(413).json({ error: 'body too large' });
      return;
    }
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: 'bad request' });
      return;
    }
    logger.error({ errName: err instanceof Error ? err.name : undefined }, 'webhook request failed');
    res.status(500).json({ error: 'internal error' });
  });
  return app;
}

export function listen(app: express.Express, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host ?? '0.0.0.0', (err?: Error) => (err ? reject(err) : resolve(server)));
    server.on('error', reject);
  });
}
