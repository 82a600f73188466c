import type { OpenAPIObject } from '@nestjs/swagger';
import { requiredScope } from './api-key.guard';
import { PUBLIC_SCOPE, RouteScope, SCOPE_EXTENSION } from './require-scope.decorator';

export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'api-key';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Gives every operation its security requirement (either scheme), its scope in the description
 * and its 401/403 answers, from the same declaration the guard enforces; public routes get none.
 */
export function documentSecurity(document: OpenAPIObject, keysConfigured: boolean): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as (Record<string, unknown> & { responses: Record<string, unknown> }) | undefined;
      if (!operation) continue;
      const declared = operation[SCOPE_EXTENSION] as RouteScope | undefined;
      delete operation[SCOPE_EXTENSION];
      const scope = requiredScope(declared, method.toUpperCase());
      if (scope === PUBLIC_SCOPE) {
        operation.security = [];
        continue;
      }
      operation.security = [{ [BEARER_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }];
      const note = `Scope: \`${scope}\`${scope === 'admin' ? '' : ' (or `admin`)'}${keysConfigured ? '' : ' — no keys are configured on this server, so it is open'}.`;
      operation.description = operation.description ? `${String(operation.description)}\n\n${note}` : note;
      const error = { $ref: '#/components/schemas/ErrorDto' };
      operation.responses['401'] ??= { description: 'No API key, or not a valid one', content: { 'application/json': { schema: error } } };
      operation.responses['403'] ??= { description: `The key lacks the ${scope} scope`, content: { 'application/json': { schema: error } } };
      if (method === 'post' || method === 'put' || method === 'patch') {
        operation.responses['415'] ??= { description: 'Content-Type is not application/json', content: { 'application/json': { schema: error } } };
      }
    }
  }
  return document;
}
