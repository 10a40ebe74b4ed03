/**
 * The error contract in the OpenAPI document. Every error (validation, auth, idempotency, a module's
 * failure table) is sent by `sendError` as `{code, message, details?}`; routes declare only their
 * success bodies, so the document adds this shape once, as every operation's `default` response.
 * Generated clients (packages/sdk) type their errors from it. Document only: nothing is validated
 * or serialised with it.
 */

type Json = Record<string, unknown>;

export const API_ERROR_SCHEMA = {
  type: 'object',
  description: 'Every error the API answers (4xx and 5xx)',
  properties: {
    code: { type: 'string', description: 'Stable machine-readable code in UPPER_SNAKE_CASE' },
    message: { type: 'string', description: 'A human-readable explanation (English)' },
    details: { type: 'object', additionalProperties: {}, description: 'Extra facts, by code' },
  },
  required: ['code', 'message'],
  additionalProperties: false,
} as const;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Adds `components.schemas.ApiError` and a `default` ApiError response to every operation. */
export function withErrorResponses<T extends Json>(doc: T): T {
  const components = (doc.components ?? {}) as Json;
  const schemas = { ...((components.schemas ?? {}) as Json), ApiError: API_ERROR_SCHEMA };
  const paths: Json = {};
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    const out: Json = { ...item };
    for (const m of METHODS) {
      const op = item[m] as Json | undefined;
      if (!op) continue;
      out[m] = {
        ...op,
        responses: {
          ...((op.responses ?? {}) as Json),
          default: {
            description: 'An error: {code, message, details?}',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
          },
        },
      };
    }
    paths[path] = out;
  }
  return { ...doc, components: { ...components, schemas }, paths };
}
