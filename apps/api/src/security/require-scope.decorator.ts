import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Scope } from './api-keys';

export const SCOPE_METADATA = 'driftwatch:scope';
/** Carries the scope into the OpenAPI document, where swagger-security.ts turns it into a security requirement. */
export const SCOPE_EXTENSION = 'x-driftwatch-scope';
export const PUBLIC_SCOPE = 'public';
export type RouteScope = Scope | typeof PUBLIC_SCOPE;

/**
 * The scope a key needs for a controller or handler (the handler's wins). A route without one
 * needs `read` for GET and `admin` for anything else (api-key.guard.ts), so a new route is never
 * more open than that by accident.
 */
export const RequireScope = (scope: Scope) => applyDecorators(SetMetadata(SCOPE_METADATA, scope), ApiExtension(SCOPE_EXTENSION, scope));

/** Open even when keys are set (liveness probes cannot hold a key). */
export const Public = () => applyDecorators(SetMetadata(SCOPE_METADATA, PUBLIC_SCOPE), ApiExtension(SCOPE_EXTENSION, PUBLIC_SCOPE));
