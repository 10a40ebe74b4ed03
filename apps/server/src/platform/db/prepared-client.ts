import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * A pg client that prepares every parameterised statement once per connection: the text is parsed
 * and planned the first time, later executions send only Bind/Execute. The hot paths (the ledger's
 * set-based statements, the batched reads) run the same few texts thousands of times a second, and
 * planning them each time cost more than running them. The statement's name is a hash of its text,
 * so two texts never share one. Plain text without parameters (BEGIN, COMMIT, DDL) is sent as before.
 */
export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads are not expressible in a subclass
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values)) {
      return super.query({ name: nameOf(config), text: config, values }, callback);
    }
    if (
      config &&
      typeof config === 'object' &&
      typeof config.submit !== 'function' &&
      !config.name &&
      typeof config.text === 'string' &&
      Array.isArray(config.values ?? values)
    ) {
      return super.query({ ...config, name: nameOf(config.text) }, values, callback);
    }
    return super.query(config, values, callback);
  }
}

const names = new Map<string, string>();
function nameOf(text: string): string {
  let n = names.get(text);
  if (!n) {
    n = `y${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    if (names.size > 10_000) names.clear();
    names.set(text, n);
  }
  return n;
}
