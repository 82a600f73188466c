import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiKeys, presentedKey } from './api-keys';
import { PUBLIC_SCOPE, RouteScope, SCOPE_METADATA } from './require-scope.decorator';

/** Sent with every 401 so a client knows which scheme to use. */
export const WWW_AUTHENTICATE = 'Bearer realm="DriftWatch"';

/** A route's required scope: its declaration, else `read` for GET/HEAD and `admin` for the rest. */
export function requiredScope(declared: RouteScope | undefined, method: string): RouteScope {
  if (declared !== undefined) return declared;
  return method === 'GET' || method === 'HEAD' ? 'read' : 'admin';
}

/**
 * The global guard: with keys configured, every controller route needs a key holding its scope
 * (401 without a valid key, 403 with a key of another scope). With none configured it lets all through.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeys,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.keys.open || context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const declared = this.reflector.getAllAndOverride<RouteScope | undefined>(SCOPE_METADATA, [context.getHandler(), context.getClass()]);
    const scope = requiredScope(declared, request.method);
    if (scope === PUBLIC_SCOPE) return true;
    const check = this.keys.check(presentedKey(request.headers));
    if (check.kind !== 'granted') {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
      throw new UnauthorizedException(
        check.kind === 'missing'
          ? 'An API key is required: send Authorization: Bearer <key> or X-API-Key: <key>'
          : 'The API key is not valid',
      );
    }
    if (!check.scopes.includes(scope)) {
      throw new ForbiddenException(`This route needs a key with the ${scope} scope${scope === 'admin' ? '' : ' (or admin)'}`);
    }
    return true;
  }
}
