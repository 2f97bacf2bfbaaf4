/**
 * Operation ids are the method names of every generated client (`client.openCase(...)`), so they
 * are verbs of the domain (`openCase`, `respondToCase`, `listCases`), stable across refactors of
 * the controllers behind them, and unique.
 *
 * The convention (one use case per controller, `<Verb><Noun>HttpController`) gives most routes
 * their id with no work: a controller with a single route is named by its use case, so
 * `RespondToCaseHttpController` serves `respondToCase`. A controller with several routes, or one
 * not named by a verb, gives each route its id explicitly:
 * `@ApiOperation({ operationId: 'listApiKeys', summary: ... })`, or `operationId` in
 * `CommandRoute`/`CaseCommandRoute`. Anything else falls back to Nest's `Controller_method`, which
 * test/api/openapi-operations.e2e-spec.ts refuses, naming the route.
 */
import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

/**
 * Verbs an operation id may start with. A new verb is welcome when the domain has one; nouns
 * (`metrics`, `apiKeys`) are not, because a client method named after a noun hides what it does.
 */
export const OPERATION_VERBS = [
  'accept',
  'acknowledge',
  'add',
  'adjust',
  'agree',
  'assign',
  'cancel',
  'change',
  'close',
  'create',
  'delete',
  'disable',
  'download',
  'enable',
  'erase',
  'escalate',
  'export',
  'follow',
  'get',
  'give',
  'list',
  'log',
  'open',
  'pause',
  'ping',
  'preview',
  'propose',
  'provide',
  'reassign',
  'rebuild',
  'reclassify',
  'record',
  'redeliver',
  'reject',
  'remove',
  'reopen',
  'replace',
  'replay',
  'request',
  'respond',
  'resume',
  'retry',
  'revoke',
  'rotate',
  'search',
  'send',
  'set',
  'sign',
  'subscribe',
  'suggest',
  'terminate',
  'test',
  'unassign',
  'unsubscribe',
  'update',
  'verify',
  'watch',
] as const;

export const OPERATION_ID_SHAPE = new RegExp(`^(${OPERATION_VERBS.join('|')})([A-Z][a-zA-Z0-9]*)?$`);

const CONTROLLER_SUFFIX = /HttpController$/;

/** How many routes each controller class declares, by class name. */
function routeCounts(app: INestApplication): Map<string, number> {
  const scanner = new MetadataScanner();
  const counts = new Map<string, number>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const metatype = wrapper.metatype;
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      const routes = scanner.getAllMethodNames(prototype).filter((name) => {
        const handler = prototype[name];
        return (
          typeof handler === 'function' &&
          Reflect.getMetadata(PATH_METADATA, handler) !== undefined &&
          Reflect.getMetadata(METHOD_METADATA, handler) !== undefined
        );
      });
      counts.set(metatype.name, routes.length);
    }
  }
  return counts;
}

/** For SwaggerModule.createDocument's `operationIdFactory`; an explicit operationId always wins. */
export function operationIdFactory(app: INestApplication): (controllerKey: string, methodKey: string) => string {
  const counts = routeCounts(app);
  return (controllerKey, methodKey) => {
    if (CONTROLLER_SUFFIX.test(controllerKey) && counts.get(controllerKey) === 1) {
      const useCase = controllerKey.replace(CONTROLLER_SUFFIX, '');
      return useCase.charAt(0).toLowerCase() + useCase.slice(1);
    }
    return `${controllerKey}_${methodKey}`;
  };
}
