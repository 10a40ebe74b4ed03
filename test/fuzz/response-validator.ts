/**
 * Checks answers and requests against the OpenAPI document (3.1, i.e. JSON Schema 2020-12) with
 * ajv: a response's status must be documented for its operation (a 2xx by its own entry; errors by
 * the `default` ApiError entry, never a 5xx) and its JSON body must validate against that entry's
 * schema. The same compiled document classifies generated requests as valid or invalid.
 *
 * Ajv is set up to judge like the server's zod schemas do: lengths in code points (ajv's default,
 * as zod 4 counts them) and patterns without the `u` flag (`unicodeRegExp: false`);
 * `uuid` and `date-time` come from ajv-formats (the only formats the document uses); unknown
 * keywords (`description`…) are ignored.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Json, JsonSchema } from '../helpers/api.ts';

const DOC_ID = 'openapi.json';

/** JSON-pointer escaping of one path segment. */
const esc = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

export type Verdict = { ok: true } | { ok: false; why: string };

export type OpenApiValidator = {
  /** Whether `status` with `body` is what the document says `method path` answers. */
  response(method: string, path: string, status: number, contentType: string, body: Json): Verdict;
  /** Whether a JSON request body is valid for the operation. */
  body(method: string, path: string, value: unknown): boolean;
  /** Whether a value is valid for a schema given inline (query strings and path parameters are
   * strings: types are coerced, as the server's query parsing does). */
  value(schema: JsonSchema, value: unknown): boolean;
};

function newAjv(coerceTypes: boolean) {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    unicodeRegExp: false,
    coerceTypes,
    validateFormats: true,
    logger: false,
  });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv;
}

export function openApiValidator(doc: Json): OpenApiValidator {
  const ajv = newAjv(false);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const coercing = newAjv(true);
  const cache = new Map<string, ValidateFunction | null>();
  const compiled = (pointer: string): ValidateFunction | null => {
    if (!cache.has(pointer)) cache.set(pointer, ajv.getSchema(`${DOC_ID}#${pointer}`) ?? null);
    return cache.get(pointer)!;
  };
  const inlineCache = new Map<string, ValidateFunction>();
  const opPointer = (method: string, path: string) => `/paths/${esc(path)}/${method.toLowerCase()}`;

  return {
    response(method, path, status, contentType, body) {
      const op = doc.paths?.[path]?.[method.toLowerCase()];
      if (!op) return { ok: false, why: `no operation ${method} ${path} in the document` };
      if (status >= 500) return { ok: false, why: `a ${status} (server error)` };
      const key = String(status);
      const documented = op.responses?.[key] !== undefined;
      if (status < 400 && !documented)
        return { ok: false, why: `status ${status} is not documented (${Object.keys(op.responses)})` };
      const entry = documented ? key : 'default';
      const content = op.responses[entry]?.content;
      if (!content) return { ok: true };
      if (!content['application/json'])
        return contentType.startsWith(Object.keys(content)[0] ?? '')
          ? { ok: true }
          : { ok: false, why: `content-type ${contentType}, documented ${Object.keys(content)}` };
      if (!contentType.startsWith('application/json'))
        return { ok: false, why: `content-type ${contentType || '(none)'} instead of JSON` };
      const v = compiled(`${opPointer(method, path)}/responses/${entry}/content/application~1json/schema`);
      if (!v) return { ok: false, why: `no schema for ${entry}` };
      if (v(body)) return { ok: true };
      return { ok: false, why: `body does not match the ${entry} schema: ${ajv.errorsText(v.errors)}` };
    },
    body(method, path, value) {
      const v = compiled(`${opPointer(method, path)}/requestBody/content/application~1json/schema`);
      return v ? v(value) : value === undefined;
    },
    value(schema, value) {
      const k = JSON.stringify(schema);
      const v = inlineCache.get(k) ?? coercing.compile(schema);
      inlineCache.set(k, v);
      // Coercion writes into the data: validate a copy.
      return v(structuredClone(value));
    },
  };
}
