import { describe, expect, it } from 'vitest';
import { identityErrors } from '../../server/src/modules/identity/identity.errors.ts';
import {
  ERROR_MESSAGES,
  errorMessage,
  GENERIC_ERROR,
  SIGN_IN_ERROR_CODES,
  SIGN_UP_ERROR_CODES,
} from './errors.ts';

describe('API error messages', () => {
  it('has plain words in both languages for every code signing in or up can answer', () => {
    for (const code of [...SIGN_IN_ERROR_CODES, ...SIGN_UP_ERROR_CODES]) {
      const m = ERROR_MESSAGES[code];
      expect(m, code).toBeDefined();
      expect(m!['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(m!.en).toMatch(/^[A-Z]/);
      // Never the raw code in what a customer reads.
      expect(m!['zh-CN']).not.toContain(code);
      expect(m!.en).not.toContain(code);
    }
  });

  it('knows every code of the identity module of the server (a new one must get words here)', () => {
    // PHONE_TAKEN exists only with phone verification switched off (development and tests).
    const known = new Set<string>([...SIGN_IN_ERROR_CODES, ...SIGN_UP_ERROR_CODES, 'PHONE_TAKEN']);
    expect(Object.keys(identityErrors).filter((c) => !known.has(c))).toEqual([]);
  });

  it('picks the language and falls back to a generic message for unknown codes', () => {
    expect(errorMessage('INVALID_CREDENTIALS', 'zh-CN')).toBe(ERROR_MESSAGES.INVALID_CREDENTIALS!['zh-CN']);
    expect(errorMessage('INVALID_CREDENTIALS', 'en')).toBe(ERROR_MESSAGES.INVALID_CREDENTIALS!.en);
    expect(errorMessage('SOMETHING_NEW', 'en')).toBe(GENERIC_ERROR.en);
    expect(errorMessage(undefined, 'zh-CN')).toBe(GENERIC_ERROR['zh-CN']);
  });
});

describe('every error the API can answer has plain words', () => {
  it('customer app and console: each code of every server error table, in both languages, never the raw code', async () => {
    const tables = {
      ...(await import('../../server/src/modules/identity/identity.errors.ts')),
      ...(await import('../../server/src/modules/passkeys/passkeys.errors.ts')),
      ...(await import('../../server/src/modules/cards/cards.errors.ts')),
      ...(await import('../../server/src/modules/kyc/kyc.errors.ts')),
      ...(await import('../../server/src/modules/transfers/transfers.errors.ts')),
      ...(await import('../../server/src/modules/security/security.errors.ts')),
      ...(await import('../../server/src/modules/staff/staff.errors.ts')),
      ...(await import('../../server/src/modules/merchants/merchants.errors.ts')),
      ...(await import('../../server/src/modules/qr-payments/qr.errors.ts')),
      ...(await import('../../server/src/modules/webhooks/webhooks.errors.ts')),
      ...(await import('../../server/src/modules/orders/orders.errors.ts')),
      ...(await import('../../server/src/modules/merchant-sales/sales.errors.ts')),
      // The till (merchant portal) meets every code a POS payment can answer.
      ...(await import('../../server/src/modules/pos-payments/pos-payments.errors.ts')),
    };
    const { walletErrors } = await import('../../server/src/modules/wallets/wallets.routes.ts');
    const { devicesErrors } = await import('../../server/src/modules/security/devices.routes.ts');
    const { controlsErrors } = await import('../../server/src/modules/security/controls.routes.ts');
    // What a customer meets scanning and paying a merchant's code (the owner's code management is the merchant console's).
    const { qrPaymentErrors } = await import('../../server/src/modules/qr-payments/qr.errors.ts');
    // What a customer meets on the hosted checkout (the merchant's order API is for its server).
    const { orderPaymentErrors } = await import('../../server/src/modules/orders/orders.errors.ts');
    // The payment code, a till's payment of it (the web till's words too), confirming it, NFC keys and taps.
    const { payCodeErrors } = await import('../../server/src/modules/pay-codes/pay-codes.errors.ts');
    const { posPaymentErrors } = await import('../../server/src/modules/pos-payments/pos-payments.errors.ts');
    const { nfcKeyErrors, nfcTapErrors } = await import('../../server/src/modules/nfc/nfc.errors.ts');
    // Callbacks are between the card network and the server: no person ever reads them.
    const { callbackErrors: _server2server, ...forPeople } = tables as Record<string, unknown>;
    const codes = new Set<string>();
    for (const table of [
      ...Object.values(forPeople),
      walletErrors,
      devicesErrors,
      controlsErrors,
      qrPaymentErrors,
      orderPaymentErrors,
      payCodeErrors,
      posPaymentErrors,
      nfcKeyErrors,
      nfcTapErrors,
    ]) {
      if (table && typeof table === 'object') {
        for (const [code, v] of Object.entries(table as Record<string, unknown>)) {
          if (v && typeof v === 'object' && 'status' in v) codes.add(code);
        }
      }
    }
    expect(codes.size).toBeGreaterThan(60);
    const missing = [...codes].filter((c) => !ERROR_MESSAGES[c]).sort();
    expect(missing, `codes without words: ${missing.join(', ')}`).toEqual([]);
    for (const code of codes) {
      const m = ERROR_MESSAGES[code]!;
      expect(m['zh-CN'], code).toMatch(/[\u4e00-\u9fff]/);
      expect(m.en, code).toMatch(/^[A-Z"']/);
      expect(`${m['zh-CN']} ${m.en}`, code).not.toContain(code);
    }
  });
});
