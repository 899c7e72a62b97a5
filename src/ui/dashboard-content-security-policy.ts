import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The one inline script of the dashboard's shell: its import map (browsers load no external one). */
const IMPORT_MAP = /<script type="importmap">([\s\S]*?)<\/script>/;

/**
 * The dashboard's Content-Security-Policy: its own files only, plus its inline import map by
 * hash (computed from the served `index.html`, so editing the map cannot break the page); no
 * inline code or styles, no eval; data only from this origin's API.
 * @throws Error when `index.html` has no import map (the shell and this policy are out of step).
 */
export function dashboardContentSecurityPolicy(staticFolder: string = join(import.meta.dirname, 'static')): Record<string, string[]> {
  const importMap = IMPORT_MAP.exec(readFileSync(join(staticFolder, 'index.html'), 'utf8'))?.[1];
  if (importMap === undefined) throw new Error(`${join(staticFolder, 'index.html')} has no <script type="importmap">`);
  const hash = createHash('sha256').update(importMap, 'utf8').digest('base64');
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'sha256-${hash}'`],
    'style-src': ["'self'"],
    // The favicon is `data:,` (no request for one).
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}
