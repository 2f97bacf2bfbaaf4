/**
 * The one gate every Nest route passes: authenticates the bearer key, charges the rate limit and
 * checks the route's roles. Fails closed: a route that declares neither `@Public()` nor `@Roles()`
 * admits admins only, so a forgotten decorator cannot open a route to everyone.
 */
import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyVerifier, Verification } from '../api-keys/api-key.verifier';
import { bearerToken } from '../api-keys/api-key-token';
import { ProblemException, problemType } from '../problem-details/problem-details';
import { RateLimiter } from '../rate-limiting/rate-limiter';
import { Principal, PUBLIC_METADATA, Role, ROLES_METADATA } from './principal';
import { ResourceTenancy } from './resource-tenancy';

/** What a route without `@Roles()` admits. */
export const DEFAULT_ROLES: readonly Role[] = ['admin'];

type Refusal = Exclude<Verification, { ok: true }> | { ok: false; reason: 'missing' };

function refusalDetail(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'missing':
      return 'This route needs an API key: send "Authorization: Bearer <key>".';
    case 'unknown':
      return 'The API key is not valid.';
    case 'revoked':
      return 'The API key has been revoked.';
    case 'expired':
      return 'The API key has expired.';
    case 'contactNotAuthorised':
      return (
        `The API key is disabled: its contact ${refusal.contactId} is no longer an authorised contact of a running ` +
        `contract of account ${refusal.accountId}.`
      );
    default: {
      const _exhaustive: never = refusal;
      return _exhaustive;
    }
  }
}

/** What a route admits, from its metadata and its controller's. */
interface RouteAccess {
  isPublic: boolean;
  admitted: readonly Role[];
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  /**
   * Route metadata never changes once the application runs, so it is read once per route rather than
   * on every request. Keyed by controller, then handler: a handler inherited by two controllers may
   * be admitted differently by each.
   */
  private readonly access = new WeakMap<object, Map<object, RouteAccess>>();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiKeyVerifier) private readonly verifier: ApiKeyVerifier,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(ResourceTenancy) private readonly tenancy: ResourceTenancy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const access = this.accessOf(context);
    const token = bearerToken(request.headers.authorization);
    let verification = token === undefined ? undefined : this.verifier.fromCache(token);
    let addressCharged = false;
    const chargeAddress = () => {
      if (!addressCharged) this.limiter.chargeAddress(request.ip, reply);
      addressCharged = true;
    };
    if (token !== undefined && verification === undefined) {
      // A token memory cannot answer costs a database query: the address pays for it first, so
      // guessing keys spends the per-address budget before it spends the database.
      chargeAddress();
      verification = await this.verifier.verify(token);
    }

    if (access.isPublic) {
      // A valid key on a public route spends its own budget, not the stricter per-IP one.
      if (verification?.ok) {
        this.limiter.chargeKey(verification.principal.keyId, reply);
        request.principal = verification.principal;
      } else {
        chargeAddress();
      }
      return true;
    }

    if (!verification?.ok) {
      chargeAddress();
      throw unauthenticated(verification ?? { ok: false, reason: 'missing' });
    }
    const principal = verification.principal;
    this.limiter.chargeKey(principal.keyId, reply);
    request.principal = principal;
    const admitted = access.admitted;
    if (!admitted.includes(principal.role)) {
      // An account-bound key must not learn, even from a 403, that another account's resource exists.
      if (principal.accountId !== undefined) {
        const hidden = await this.tenancy.hiddenFrom(
          principal.accountId,
          (request.params ?? {}) as Record<string, string | undefined>,
        );
        if (hidden) throw hidden;
      }
      throw forbidden(principal, admitted);
    }
    return true;
  }

  private accessOf(context: ExecutionContext): RouteAccess {
    const controller = context.getClass();
    const handler = context.getHandler();
    let routes = this.access.get(controller);
    if (!routes) this.access.set(controller, (routes = new Map<object, RouteAccess>()));
    let access = routes.get(handler);
    if (!access) {
      const targets = [handler, controller];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets) === true,
        admitted: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, targets) ?? DEFAULT_ROLES,
      };
      routes.set(handler, access);
    }
    return access;
  }
}

function unauthenticated(refusal: Refusal): ProblemException {
  const detail = refusalDetail(refusal);
  // RFC 6750: no credentials get a bare challenge, bad ones say invalid_token.
  const challenge =
    refusal.reason === 'missing'
      ? 'Bearer realm="caseledger"'
      : `Bearer realm="caseledger", error="invalid_token", error_description="${detail.replace(/"/g, "'")}"`;
  return new ProblemException(
    {
      type: problemType('unauthenticated'),
      title: 'Unauthorized',
      status: HttpStatus.UNAUTHORIZED,
      detail,
    },
    { 'www-authenticate': challenge },
  );
}

function forbidden(principal: Principal, admitted: readonly Role[]): ProblemException {
  return new ProblemException({
    type: problemType('forbidden'),
    title: 'Forbidden',
    status: HttpStatus.FORBIDDEN,
    detail: `A ${principal.role} key may not call this route; it admits ${admitted.join(', ')}.`,
  });
}
