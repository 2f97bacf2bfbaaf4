/**
 * Who is calling: the API key's role and, for customers, the account and contact it acts for.
 * Every route declares the roles it admits; a customer key is further confined to its account.
 */
import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const ROLES = ['admin', 'agent', 'tam', 'customer', 'auditor', 'integration'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  keyId: string;
  role: Role;
  /** Set for customer keys (and optionally integration keys scoped to one account). */
  accountId?: string;
  /** The authorised contact a customer key acts as. */
  contactId?: string;
  /** Display name given when the key was created. */
  name: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API key guard on every authenticated request. */
    principal?: Principal;
  }
}

export const ROLES_METADATA = 'caseledger:roles';
export const PUBLIC_METADATA = 'caseledger:public';
/** OpenAPI extensions read by buildOpenApiDocument to write each operation's security and roles. */
export const ROLES_EXTENSION = 'x-caseledger-roles';
export const PUBLIC_EXTENSION = 'x-caseledger-public';

/**
 * The roles that may call a route (on a handler or a whole controller; the handler's wins); the
 * guard answers 403 for any other role. A route with neither this nor `@Public()` admits admins only.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_METADATA, roles), ApiExtension(ROLES_EXTENSION, { roles }));

/** A route anyone may call without a key (health, readiness, metrics). */
export const Public = () =>
  applyDecorators(SetMetadata(PUBLIC_METADATA, true), ApiExtension(PUBLIC_EXTENSION, { public: true }));

/** The authenticated caller, set on the request by the API key guard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a route the API key guard did not authenticate');
  return request.principal;
});
