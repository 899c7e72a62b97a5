import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Where the dashboard lives. */
export const DASHBOARD_PATH = '/ui';

/**
 * The browser modules the dashboard imports (its import map points here), served from the
 * installed packages' own `dist` folders: no CDN, no front-end build, works offline.
 */
function vendorFolders(): Record<string, string> {
  const require = createRequire(import.meta.url);
  return {
    preact: dirname(require.resolve('preact')),
    'preact-hooks': dirname(require.resolve('preact/hooks')),
    htm: dirname(require.resolve('htm')),
  };
}

/**
 * Serves the dashboard at `/ui/`: the static shell (`static/`, copied next to this file by
 * `nest build`), the pure modules it shares with the server (`lib/`, compiled from TypeScript)
 * and the vendored Preact and htm. These files are public, like `/docs`; every piece of data
 * the page shows comes from the `/v1` API with the API key the user enters.
 */
export function serveDashboard(app: NestExpressApplication): void {
  const here = import.meta.dirname;
  const options = { fallthrough: true, index: false as const, maxAge: '5m' };
  app.useStaticAssets(join(here, 'static'), { prefix: `${DASHBOARD_PATH}/`, ...options, index: 'index.html', redirect: true });
  app.useStaticAssets(join(here, 'lib'), { prefix: `${DASHBOARD_PATH}/lib/`, ...options });
  for (const [name, folder] of Object.entries(vendorFolders())) {
    app.useStaticAssets(folder, { prefix: `${DASHBOARD_PATH}/vendor/${name}/`, ...options });
  }
}
