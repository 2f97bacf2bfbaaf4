/**
 * Swagger UI at /docs, served straight from swagger-ui-dist's files. Nest's own Swagger UI setup
 * needs @fastify/static, whose current major requires Node 22; a page and a fixed list of assets
 * need nothing of it.
 */
import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PROBLEM_CONTENT_TYPE, problemType } from '../problem-details/problem-details';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

function page(specUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>CaseLedger API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="stylesheet" href="/docs/index.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#swagger-ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout', persistAuthorization: true });
  </script>
</body>
</html>`;
}

export function serveSwaggerUi(fastify: FastifyInstance, specUrl = '/openapi.json'): void {
  const html = page(specUrl);
  const root = dirname(require.resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Buffer>();
  fastify.get('/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  fastify.get<{ Params: { asset: string } }>('/docs/:asset', async (request, reply) => {
    const type = Object.prototype.hasOwnProperty.call(ASSETS, request.params.asset)
      ? ASSETS[request.params.asset]
      : undefined;
    if (type === undefined) {
      return reply
        .status(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send({
          type: problemType('not-found'),
          title: 'Not Found',
          status: 404,
          detail: 'No such Swagger UI asset.',
          instance: request.url,
        });
    }
    let body = cache.get(request.params.asset);
    if (!body) {
      body = await readFile(join(root, request.params.asset));
      cache.set(request.params.asset, body);
    }
    return reply.type(type).header('cache-control', 'public, max-age=86400').send(body);
  });
}
