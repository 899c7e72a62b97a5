import { METHODS } from 'node:http';

/** The parts of an Express 5 (router 2) route layer this util reads. */
interface RouteLayerLike {
  route?: { methods?: Record<string, boolean> };
  match?: (path: string) => boolean;
}

/** The parts of an Express application this util reads. */
interface ExpressAppLike {
  router?: { stack?: RouteLayerLike[] };
}

/**
 * True for a route registered for every method (`app.all`, or Nest middleware bound with
 * `forRoutes('*')`, which Express 5 expands into one entry per method): it passes requests on
 * rather than serving a resource, so it says nothing about which methods a path allows.
 */
export function isCatchAllRoute(methods: Record<string, boolean>): boolean {
  return methods._all === true || METHODS.every((method) => methods[method.toLowerCase()] === true);
}

/**
 * The methods the app's routes accept on `path` (upper case, `HEAD` implied by `GET`), read from
 * the Express router. Empty when no route matches the path at all: then it is a 404, not a 405.
 * Nest only reports "no route" for both cases, so the 405 needs this look at the router.
 */
export function findAllowedMethods(app: unknown, path: string): string[] {
  const stack = (app as ExpressAppLike | undefined)?.router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    const routeMethods = layer.route?.methods;
    if (!routeMethods || isCatchAllRoute(routeMethods) || typeof layer.match !== 'function' || !layer.match(path)) {
      continue;
    }
    for (const [method, enabled] of Object.entries(routeMethods)) {
      if (enabled) methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
