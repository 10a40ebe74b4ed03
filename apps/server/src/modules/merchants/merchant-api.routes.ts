import type { App } from '../../platform/http/app.ts';
import type { ApiKeysService } from './api-keys.service.ts';
import { ZMerchantSelf } from './merchants.schema.ts';

const tags = ['merchant API'];
const security = [{ merchantKey: [] }];

/** Server-to-server routes: `Authorization: Bearer ybk_live_…` of an active merchant. */
export function merchantApiRoutes(app: App, keys: ApiKeysService) {
  app.get(
    '/v1/merchant/me',
    {
      config: { auth: 'merchant', scope: 'any' },
      schema: {
        tags,
        security,
        summary: 'The merchant this API key belongs to, its status, and the key’s scopes',
        response: { 200: ZMerchantSelf },
      },
    },
    async (req) => keys.self(req.merchant!),
  );
}
