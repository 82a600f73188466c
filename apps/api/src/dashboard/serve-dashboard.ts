import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project root: the nearest directory above this file with the package.json (source or dist). */
function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Where `npm run build` (scripts/build-dashboard.js) writes the dashboard. */
export const DASHBOARD_DIR = path.join(projectRoot(), 'dist/dashboard');

/** Addresses people try for a dashboard; they all lead to it. */
const ALIASES = new Set(['/dashboard', '/dashboard/', '/ui', '/ui/']);

/**
 * Serves the dashboard: `/` is its page, `/assets/*` its content-hashed bundle (cached for a year;
 * a new build has new names). Plain Express handlers ahead of Nest's routes, so they answer
 * before any API guard: the page itself holds no data, and it asks for a key when the API does.
 */
export function serveDashboard(app: NestExpressApplication, dir = DASHBOARD_DIR): void {
  app.useStaticAssets(path.join(dir, 'assets'), { prefix: '/assets', immutable: true, maxAge: '365d', index: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (ALIASES.has(req.path)) return res.redirect(302, '/');
    if (req.path !== '/') return next();
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) {
      res.status(503).json({ statusCode: 503, error: 'Service Unavailable', message: 'The dashboard is not built: run `npm run build` (the API under /v1 works without it)' });
      return;
    }
    // The page names its assets by hash: it must be revalidated so a new build is picked up at once.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
