import { AccountFlags, createAccounts, uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { AccountCode } from '../apps/server/src/platform/system-accounts.ts';
import type { Customer } from './http-setup.ts';
import type { Log } from './types.ts';

export type BenchMerchant = { merchantId: string; accountId: string; payload: string };

async function post(url: string, path: string, token: string, body: unknown) {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, json };
}

/**
 * The merchant of the QR run: `owner` applies over HTTP as a customer would; the bench then approves
 * it as the staff review does (the merchant's CNY ledger account, code 2, never below zero, and the
 * status in one transaction; the bench has no staff session, as it has no card top-ups: it funds
 * wallets in SQL too), and the owner creates a static QR code over HTTP. Every QR payment credits
 * that one account.
 */
export async function setupMerchant(
  url: string,
  pool: pg.Pool,
  owner: Customer,
  log: Log,
  businessName = 'Bench Noodles 压测面馆',
): Promise<BenchMerchant> {
  log('http: a merchant with a static QR code …');
  const applied = await post(url, '/v1/merchants', owner.token, {
    businessName,
    mcc: '5812',
    settlement: { kind: 'bank_account', bankName: '中国银行', accountNumber: '6216 6100 0001 8888' },
    contact: { phone: '13800138001', email: 'bench@example.cn' },
  });
  if (applied.status !== 201) throw new Error(`merchant application failed: ${JSON.stringify(applied.json)}`);
  const merchantId = applied.json.id as string;
  const accountId = uuidv7();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const [r] = await createAccounts(client, [
      {
        id: accountId,
        ledger: 156,
        code: AccountCode.merchant,
        ownerId: merchantId,
        flags: AccountFlags.debitsMustNotExceedCredits,
      },
    ]);
    if (!r?.ok) throw new Error(`could not open the bench merchant's account: ${JSON.stringify(r)}`);
    await client.query(
      `INSERT INTO merchant_accounts (merchant_id, currency, account_id) VALUES ($1, 'CNY', $2)`,
      [merchantId, accountId],
    );
    await client.query(
      `UPDATE merchants SET status = 'active', reviewed_at = now(), updated_at = now() WHERE id = $1`,
      [merchantId],
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
  const code = await post(url, `/v1/merchants/${merchantId}/qr-codes`, owner.token, { kind: 'static' });
  if (code.status !== 201) throw new Error(`static QR code failed: ${JSON.stringify(code.json)}`);
  return { merchantId, accountId, payload: code.json.payload as string };
}

/** The merchant account's posted balance (credits − debits), in minor units. */
export async function merchantBalance(pool: pg.Pool, accountId: string): Promise<bigint> {
  const { rows } = await pool.query(
    'SELECT (credits_posted - debits_posted)::text AS b FROM ledger_accounts WHERE id = $1',
    [accountId],
  );
  return BigInt(rows[0].b);
}
