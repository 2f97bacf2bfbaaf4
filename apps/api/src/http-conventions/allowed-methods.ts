/**
 * The methods each route path answers, collected as Fastify registers routes, so a request that
 * matches a path but not its method is told 405 with `Allow` (RFC 9110 §15.5.6) instead of 404.
 */
import type { FastifyInstance } from 'fastify';

interface PathMethods {
  pattern: RegExp;
  methods: Set<string>;
}

export class AllowedMethods {
  private readonly paths = new Map<string, PathMethods>();

  /** Starts recording; call before any route is registered. */
  static collectFrom(instance: FastifyInstance): AllowedMethods {
    const allowed = new AllowedMethods();
    instance.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) allowed.add(method, route.url ?? route.path);
    });
    return allowed;
  }

  add(method: string, url: string): void {
    let entry = this.paths.get(url);
    if (!entry) {
      entry = { pattern: patternOf(url), methods: new Set() };
      this.paths.set(url, entry);
    }
    entry.methods.add(method.toUpperCase());
  }

  /** The methods some route answers at this concrete path (query string ignored); empty when no route has it. */
  at(url: string): string[] {
    const path = url.split('?')[0];
    const methods = new Set<string>();
    for (const entry of this.paths.values()) if (entry.pattern.test(path)) entry.methods.forEach((m) => methods.add(m));
    return [...methods].sort();
  }
}

/** `/v1/cases/:caseId/assignment` → one path segment per parameter; `*` → the rest of the path. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) =>
      segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}
