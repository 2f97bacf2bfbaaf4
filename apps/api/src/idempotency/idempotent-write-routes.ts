/**
 * Idempotency-Key applies to write routes only (POST, PUT, PATCH, DELETE). So its guard is declared at
 * start-up on every write route of the application's modules, reading each route's method from Nest's
 * metadata once; a write route added later gets it without a decorator to forget. As a route guard it
 * runs after the global API key guard, whose principal scopes the record, and before the pipes. It is
 * declared by class, before the application is created, so that each application (tests run several
 * in one process) gets its own instance from its own container, as with @UseGuards.
 */
import { type DynamicModule, type ForwardReference, RequestMethod, type Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner } from '@nestjs/core';
import { IdempotencyGuard } from './idempotency.guard';

const WRITE_METHODS = new Set<RequestMethod>([
  RequestMethod.POST,
  RequestMethod.PUT,
  RequestMethod.PATCH,
  RequestMethod.DELETE,
  RequestMethod.ALL,
]);

type ModuleRef = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

/** The controllers of a module and of everything it imports, as Nest's scanner will find them. */
function controllersOf(root: ModuleRef): Set<Type<unknown>> {
  const controllers = new Set<Type<unknown>>();
  const seen = new Set<unknown>();
  const visit = (ref: ModuleRef | undefined): void => {
    if (!ref || ref instanceof Promise || seen.has(ref)) return;
    seen.add(ref);
    if ('forwardRef' in ref) return visit((ref.forwardRef as () => ModuleRef)());
    const dynamic = 'module' in ref ? ref : undefined;
    const type = dynamic ? dynamic.module : (ref as Type<unknown>);
    const declared = (key: string) => (Reflect.getMetadata(key, type) ?? []) as unknown[];
    for (const controller of [...declared(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])])
      controllers.add(controller as Type<unknown>);
    for (const imported of [...declared(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])])
      visit(imported as ModuleRef);
    if (dynamic) visit(type);
  };
  visit(root);
  return controllers;
}

/** Call before the application is created: Nest's scanner registers the guard per module then. */
export function attachIdempotencyToWriteRoutes(rootModule: ModuleRef): void {
  const scanner = new MetadataScanner();
  for (const controller of controllersOf(rootModule)) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      if (!WRITE_METHODS.has(Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod)) continue;
      // Guards of the controller class would run before this one, and a replay must answer before any.
      if (Reflect.getMetadata(GUARDS_METADATA, controller) !== undefined)
        throw new Error(`${controller.name} declares guards on its class; declare them on its routes`);
      const declared = (Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[];
      if (declared.includes(IdempotencyGuard)) continue;
      Reflect.defineMetadata(GUARDS_METADATA, [IdempotencyGuard, ...declared], handler);
    }
  }
}
